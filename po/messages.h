// Every message a person reads goes through here. Tr("English text {0}", x)
// looks the English text up in the catalogue of the thread's language
// (po/ru.po, compiled with msgfmt at build time and built into the binary;
// read with Boost.Locale's gettext reader) and puts the arguments in; the
// English text itself is the message id, so English needs no catalogue.
//
// Placeholders are {0}, {1}, ... (a literal brace is {{ or }}); a
// translation may reorder them but must use the same set
// (tests/po/catalogue_test.sh fails otherwise, and when an id has no
// translation). Plurals go through TrN and the catalogue's plural rule
// (1 день, 2 дня, 5 дней), never through concatenation.
//
// The language is the thread's: LangScope sets it for a scope (a request of
// the server, one recipient's alert), else the process default that the CLI
// sets once from --lang, $ROLLOUT_LANG or the locale (docs/languages.md).
// No I/O beyond loading the reader library on first Russian lookup.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace rollout {

enum class Lang : std::uint8_t { kEn, kRu };

/// "en" → kEn, "ru" → kRu; anything else nullopt (a plan's `lang:`, --lang).
std::optional<Lang> LangFromCode(std::string_view code);
/// A locale name ("ru_RU.UTF-8", "ru", "en_US", "C"): `ru*` is Russian, else English.
Lang LangFromLocale(std::string_view locale);
/// "en" or "ru".
const char* LangCode(Lang lang);

/// The language of this thread: the innermost LangScope, else the default.
Lang CurrentLang();
/// The language of threads outside any LangScope (English until set).
void SetDefaultLang(Lang lang);
Lang DefaultLang();

/// Sets the thread's language until the end of the scope.
class LangScope {
 public:
  explicit LangScope(Lang lang);
  ~LangScope();
  LangScope(const LangScope&) = delete;
  LangScope& operator=(const LangScope&) = delete;

 private:
  std::uint8_t saved_;
};

/// One argument of a message, as text.
class MsgArg {
 public:
  MsgArg(std::string_view s) : text_(s) {}       // NOLINT(google-explicit-constructor)
  MsgArg(const std::string& s) : text_(s) {}     // NOLINT(google-explicit-constructor)
  MsgArg(const char* s) : text_(s) {}            // NOLINT(google-explicit-constructor)
  template <class T, class = std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool> &&
                                              !std::is_same_v<T, char>>>
  MsgArg(T n) : owned_(std::to_string(n)), text_(owned_) {}  // NOLINT(google-explicit-constructor)
  MsgArg(const MsgArg& o) : owned_(o.owned_), text_(o.owned_.empty() ? o.text_ : owned_) {}
  std::string_view text() const { return text_; }

 private:
  std::string owned_;
  std::string_view text_;
};

/// |pattern| with {N} replaced by args[N] and {{ }} by { }; anything else as is.
std::string FormatMessage(std::string_view pattern, std::initializer_list<MsgArg> args);

/// The translation of |id| in |lang| (|context| may be null); |id| when the
/// catalogue has none.
const char* Translate(Lang lang, const char* context, const char* id);
/// The plural form for |n| of singular |id| / |plural|.
const char* TranslatePlural(Lang lang, const char* context, const char* id, const char* plural,
                            long long n);

/// The message |id| in the thread's language, its {N} filled from |args|.
template <class... A>
std::string Tr(const char* id, const A&... args) {
  return FormatMessage(Translate(CurrentLang(), nullptr, id), {MsgArg(args)...});
}
/// The same, with a context: the same English word translated apart
/// ("May" the month against "may" the verb).
template <class... A>
std::string TrC(const char* context, const char* id, const A&... args) {
  return FormatMessage(Translate(CurrentLang(), context, id), {MsgArg(args)...});
}
/// The plural form for |n|: TrN("{0} day", "{0} days", n, n).
template <class... A>
std::string TrN(const char* id, const char* plural, long long n, const A&... args) {
  return FormatMessage(TranslatePlural(CurrentLang(), nullptr, id, plural, n), {MsgArg(args)...});
}
/// The same in an explicit language (an alert for one recipient).
template <class... A>
std::string TrIn(Lang lang, const char* id, const A&... args) {
  return FormatMessage(Translate(lang, nullptr, id), {MsgArg(args)...});
}

/// Marks a literal for the catalogue where it is written (a table of
/// labels); it is translated where it is shown, with Tr(variable).
#define N_(text) text
/// The same with a context, for TrC(context, variable).
#define NC_(context, text) text

/// A date as a person reads it: "2027-03-15" in English (ISO, as today),
/// "15.03.2027" in Russian. |iso| that is not YYYY-MM-DD… is returned as is;
/// a time after the date ("2027-03-15 09:00") is kept after it.
std::string HumanDate(std::string_view iso);
/// The month's name, 1..12: "March" / "март" (as in a calendar's heading).
std::string MonthName(int month);
/// A day of a month: "15 March 2027" / "15 марта 2027".
std::string LongDate(int year, int month, int day);

}  // namespace rollout
