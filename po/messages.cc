#include "po/messages.h"

#include <dlfcn.h>

#include <atomic>
#include <boost/locale/gnu_gettext.hpp>
#include <boost/locale/message.hpp>
#include <cstdlib>
#include <vector>

#include "po/catalogue.h"

namespace rollout {
namespace {

constexpr std::uint8_t kNoScope = 0xff;
std::atomic<std::uint8_t> g_default{static_cast<std::uint8_t>(Lang::kEn)};
thread_local std::uint8_t t_scoped = kNoScope;

using Facet = boost::locale::message_format<char>;
using CreateFacet = Facet* (*)(const boost::locale::gnu_gettext::messages_info&);

std::vector<char> EmbeddedRu(const std::string& /*file_name*/, const std::string& /*encoding*/) {
  const std::string_view mo = CatalogueRu();
  return {mo.begin(), mo.end()};
}

// Boost.Locale's reader, loaded on first use rather than linked: linked,
// libboost_locale, libboost_thread and libicui18n would be mapped and
// relocated by every `rollout` process at start, English or not (as
// libcurl was: engine/runtime/curl_library.h).
const Facet* RussianCatalogue() {
  static const Facet* facet = [] () -> const Facet* {
    void* lib = dlopen(ROLLOUT_BOOST_LOCALE_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) return nullptr;
    auto create = reinterpret_cast<CreateFacet>(dlsym(
        lib,
        "_ZN5boost6locale11gnu_gettext21create_messages_facetIcEEPNS0_14message_formatIT_EERKNS1_"
        "13messages_infoE"));
    if (create == nullptr) return nullptr;
    boost::locale::gnu_gettext::messages_info info;
    info.language = "ru";
    info.encoding = "UTF-8";
    info.domains.emplace_back("rollout");
    info.paths.emplace_back("/");
    info.callback = EmbeddedRu;
    Facet* f = nullptr;
    try {
      f = create(info);
    } catch (...) {
      return nullptr;
    }
    // Kept for the life of the process (a facet's destructor is protected:
    // a std::locale would own it, and std::locale needs the library linked).
    return f;
  }();
  return facet;
}

}  // namespace

std::optional<Lang> LangFromCode(std::string_view code) {
  if (code == "en") return Lang::kEn;
  if (code == "ru") return Lang::kRu;
  return std::nullopt;
}

Lang LangFromLocale(std::string_view locale) {
  return locale.substr(0, 2) == "ru" ? Lang::kRu : Lang::kEn;
}

const char* LangCode(Lang lang) { return lang == Lang::kRu ? "ru" : "en"; }

Lang CurrentLang() {
  return static_cast<Lang>(t_scoped != kNoScope ? t_scoped : g_default.load(std::memory_order_relaxed));
}
void SetDefaultLang(Lang lang) { g_default.store(static_cast<std::uint8_t>(lang)); }
Lang DefaultLang() { return static_cast<Lang>(g_default.load()); }

LangScope::LangScope(Lang lang) : saved_(t_scoped) { t_scoped = static_cast<std::uint8_t>(lang); }
LangScope::~LangScope() { t_scoped = saved_; }

std::string FormatMessage(std::string_view p, std::initializer_list<MsgArg> args) {
  std::string out;
  out.reserve(p.size() + 16 * args.size());
  for (size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if ((c == '{' || c == '}') && i + 1 < p.size() && p[i + 1] == c) {
      out += c;
      ++i;
      continue;
    }
    if (c == '{') {
      size_t j = i + 1;
      size_t n = 0;
      while (j < p.size() && p[j] >= '0' && p[j] <= '9' && j - i <= 3) n = n * 10 + (p[j++] - '0');
      if (j > i + 1 && j < p.size() && p[j] == '}' && n < args.size()) {
        out += (args.begin() + n)->text();
        i = j;
        continue;
      }
    }
    out += c;
  }
  return out;
}

const char* Translate(Lang lang, const char* context, const char* id) {
  if (lang == Lang::kEn) return id;
  const Facet* f = RussianCatalogue();
  if (f == nullptr) return id;
  const char* t = f->get(0, context, id);
  return t != nullptr && *t != '\0' ? t : id;
}

const char* TranslatePlural(Lang lang, const char* context, const char* id, const char* plural,
                            long long n) {
  const long long a = n < 0 ? -n : n;
  if (lang == Lang::kRu) {
    if (const Facet* f = RussianCatalogue()) {
      const char* t = f->get(0, context, id, static_cast<int>(a % 1000000000));
      if (t != nullptr && *t != '\0') return t;
    }
  }
  return a == 1 ? id : plural;
}

std::string HumanDate(std::string_view iso) {
  const bool is_date = iso.size() >= 10 && iso[4] == '-' && iso[7] == '-';
  if (!is_date || CurrentLang() == Lang::kEn) return std::string(iso);
  std::string out;
  out.reserve(iso.size());
  out.append(iso.substr(8, 2)).append(".").append(iso.substr(5, 2)).append(".").append(iso.substr(0, 4));
  out.append(iso.substr(10));
  return out;
}

namespace {
// Nominative (a calendar's heading) and genitive (a day of the month): two
// contexts, because Russian declines the month's name and English does not.
constexpr const char* kMonths[12] = {
    NC_("month", "January"), NC_("month", "February"), NC_("month", "March"),
    NC_("month", "April"),   NC_("month", "May"),      NC_("month", "June"),
    NC_("month", "July"),    NC_("month", "August"),   NC_("month", "September"),
    NC_("month", "October"), NC_("month", "November"), NC_("month", "December")};
constexpr const char* kMonthsOfDate[12] = {
    NC_("day of month", "January"), NC_("day of month", "February"),
    NC_("day of month", "March"),   NC_("day of month", "April"),
    NC_("day of month", "May"),     NC_("day of month", "June"),
    NC_("day of month", "July"),    NC_("day of month", "August"),
    NC_("day of month", "September"), NC_("day of month", "October"),
    NC_("day of month", "November"), NC_("day of month", "December")};
}  // namespace

std::string MonthName(int month) {
  if (month < 1 || month > 12) return std::to_string(month);
  return TrC("month", kMonths[month - 1]);
}

std::string LongDate(int year, int month, int day) {
  if (month < 1 || month > 12) return std::to_string(year) + "-" + std::to_string(month);
  return Tr("{0} {1} {2}", day, TrC("day of month", kMonthsOfDate[month - 1]), year);
}

}  // namespace rollout
