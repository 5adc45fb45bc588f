#include "engine/runtime/email_sink.h"

#include <date/date.h>
#include <sodium/crypto_hash_sha256.h>
#include <sodium/utils.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>

#include "engine/email_address.h"
#include "engine/runtime/curl_library.h"
#include "po/messages.h"

namespace rollout {
namespace {

constexpr size_t kMaxSubjectBytes = 200;
constexpr size_t kEncodedWordBytes = 39;  // 52 base64 characters: lines under 78

std::string Base64(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::string Hex(const unsigned char* bytes, size_t n) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 15];
  }
  return out;
}

// Every control character (C0, DEL) as a space: nothing from a name or a
// message may end a header line or hide in one.
std::string OneLine(std::string_view s) {
  std::string out;
  for (unsigned char c : s) out += (c < 0x20 || c == 0x7f) ? ' ' : static_cast<char>(c);
  return out;
}

bool PlainAscii(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c >= 0x7f) return false;
  return true;
}

// The length of the longest prefix of |s| of at most |n| bytes that does
// not cut a UTF-8 sequence.
size_t Utf8Prefix(std::string_view s, size_t n) {
  if (s.size() <= n) return s.size();
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return n;
}

// RFC 2047 "B" encoded words, each a whole number of UTF-8 characters,
// folded onto continuation lines.
std::string EncodedWords(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    size_t n = Utf8Prefix(text, kEncodedWordBytes);
    if (n == 0) n = 1;  // invalid UTF-8: never loop forever
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(text.substr(0, n)) + "?=";
    text.remove_prefix(n);
  }
  return out;
}

// A header's text: as it is when it is short printable ASCII with no "=?"
// (which a reader would take for an encoded word), else encoded words.
std::string HeaderText(const std::string& text) {
  if (PlainAscii(text) && text.size() <= 900 && text.find("=?") == std::string::npos) return text;
  return EncodedWords(text);
}

// A display name: a quoted string when plain ASCII, else encoded words.
std::string DisplayName(const std::string& name) {
  if (!PlainAscii(name) || name.find("=?") != std::string::npos) return EncodedWords(name);
  std::string out = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string DomainOf(const std::string& address) {
  const size_t at = address.rfind('@');
  return at == std::string::npos ? "localhost" : address.substr(at + 1);
}

std::string WithCrlf(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += '\r';
    if (c != '\r') out += c;
  }
  return out;
}

std::string FoldedBase64(std::string_view bytes) {
  const std::string b = Base64(bytes);
  std::string out;
  for (size_t i = 0; i < b.size(); i += 76) out += b.substr(i, 76) + "\r\n";
  return out;
}

// What one SMTP transaction needs, copied for the worker thread.
struct Job {
  std::string url, from, to, message, user, password;
  bool implicit_tls = false;
  long timeout_ms = 5000;
};

struct Upload {
  const std::string* text;
  size_t at = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t count, void* user) {
  Upload* u = static_cast<Upload*>(user);
  const size_t n = std::min(size * count, u->text->size() - u->at);
  std::copy_n(u->text->data() + u->at, n, buffer);
  u->at += n;
  return n;
}

// One SMTP transaction; "" when the server accepted the message. The error
// names what failed and the server's reply code, never the credentials.
std::string Send(const Job& job) {
  std::string load_error;
  const CurlLibrary* lib = Curl(&load_error);
  if (lib == nullptr) return OneLine(load_error);
  CURL* curl = lib->easy_init();
  if (curl == nullptr) return Tr("cannot start libcurl");
  char error[CURL_ERROR_SIZE] = {0};
  Upload upload{&job.message};
  curl_slist* rcpt = lib->slist_append(nullptr, ("<" + job.to + ">").c_str());
  lib->easy_setopt(curl, CURLOPT_URL, job.url.c_str());
  lib->easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  lib->easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  lib->easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  lib->easy_setopt(curl, CURLOPT_TIMEOUT_MS, job.timeout_ms);
  lib->easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, job.timeout_ms);
  // smtp://: STARTTLS when the server offers it; smtps:// is TLS throughout.
  lib->easy_setopt(curl, CURLOPT_USE_SSL,
                   static_cast<long>(job.implicit_tls ? CURLUSESSL_ALL : CURLUSESSL_TRY));
  if (!job.user.empty()) {
    lib->easy_setopt(curl, CURLOPT_USERNAME, job.user.c_str());
    lib->easy_setopt(curl, CURLOPT_PASSWORD, job.password.c_str());
  }
  lib->easy_setopt(curl, CURLOPT_MAIL_FROM, ("<" + job.from + ">").c_str());
  lib->easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  lib->easy_setopt(curl, CURLOPT_READFUNCTION, ReadUpload);
  lib->easy_setopt(curl, CURLOPT_READDATA, &upload);
  lib->easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  const CURLcode rc = lib->easy_perform(curl);
  long reply = 0;
  lib->easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
  lib->slist_free_all(rcpt);
  lib->easy_cleanup(curl);
  if (rc == CURLE_OK) return "";
  std::string out = std::string("SMTP: ") + (error[0] ? error : lib->easy_strerror(rc));
  if (reply != 0) out += " (reply " + std::to_string(reply) + ")";
  return OneLine(out);
}

// |d| with its text in the recipient's language: their `lang:` in the plan,
// else the engine's default (docs/server.md "Languages").
AlertDelivery InLanguageOf(const AlertDelivery& d, const std::string& lang) {
  if (!d.render) return d;
  AlertDelivery out = d;
  LangScope scope(LangFromCode(lang).value_or(DefaultLang()));
  out.alert.message = d.render(out.alert);
  out.json = AlertJson(out.alert);
  return out;
}

}  // namespace

Result<SmtpServer> ParseSmtpUrl(const std::string& url) {
  const std::string usage = Tr("give smtp://HOST:PORT or smtps://HOST:PORT");
  for (unsigned char c : url)
    if (c <= ' ' || c == 0x7f)
      return Error{{}, Tr("the SMTP URL has a space or a control character"), usage};
  if (url.rfind("smtp://", 0) != 0 && url.rfind("smtps://", 0) != 0)
    return Error{{}, Tr("the SMTP URL is not smtp:// or smtps://"), usage};
  std::string load_error;
  const CurlLibrary* lib = Curl(&load_error);
  if (lib == nullptr) return Error{{}, load_error, ""};
  CURLU* u = lib->url();
  if (u == nullptr) return Error{{}, Tr("cannot start libcurl"), ""};
  SmtpServer out;
  std::string problem;
  if (lib->url_set(u, CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    problem = Tr("the SMTP URL is not a valid URL");
  } else {
    auto part = [&](CURLUPart which, unsigned flags) {
      char* text = nullptr;
      std::string value;
      if (lib->url_get(u, which, &text, flags) == CURLUE_OK && text != nullptr) value = text;
      lib->free(text);
      return value;
    };
    const std::string scheme = part(CURLUPART_SCHEME, 0);
    const std::string host = part(CURLUPART_HOST, 0);
    const std::string port = part(CURLUPART_PORT, CURLU_DEFAULT_PORT);
    const std::string path = part(CURLUPART_PATH, 0);
    out.user = part(CURLUPART_USER, CURLU_URLDECODE);
    out.password = part(CURLUPART_PASSWORD, CURLU_URLDECODE);
    if (!part(CURLUPART_QUERY, 0).empty() || !part(CURLUPART_FRAGMENT, 0).empty())
      problem = Tr("the SMTP URL has a query or a fragment");
    else if (host.empty())
      problem = Tr("the SMTP URL has no host");
    out.shown = scheme + "://" + host + ":" + port;
    out.url = out.shown + (path == "/" ? "" : path);
  }
  lib->url_cleanup(u);
  if (!problem.empty()) return Error{{}, problem, usage};
  return out;
}

std::string Rfc5322Date(const std::string& iso) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, oh = 0, om = 0;
  char sign = 0;
  int used = 0;
  if (std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &used) != 6)
    return "";
  const std::string zone = iso.substr(static_cast<size_t>(used));
  if (zone == "Z") {
    sign = '+';
  } else if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') ||
             std::sscanf(zone.c_str() + 1, "%2d:%2d", &oh, &om) != 2) {
    return "";
  } else {
    sign = zone[0];
  }
  const date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(mo)},
                                 date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 60 || oh > 23 || om > 59) return "";
  static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const unsigned wd = date::weekday{date::sys_days{ymd}}.c_encoding();
  char buf[128];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d %c%02d%02d", kDays[wd], d,
                kMonths[mo - 1], y, h, mi, s, sign, oh, om);
  return buf;
}

std::string MessageIdOf(const AlertDelivery& d, const std::string& person,
                        const std::string& from) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(person.data()), person.size());
  return "<" + d.idempotency_key + "." + Hex(digest, 8) + "@" + DomainOf(from) + ">";
}

std::string BuildEmailMessage(const AlertDelivery& d, const EmailMessage& m) {
  const StoredAlert& a = d.alert;
  std::string subject = OneLine("[rollout " + a.project + "] " + a.message);
  subject.resize(Utf8Prefix(subject, kMaxSubjectBytes));
  std::string when = Rfc5322Date(a.created_at);
  if (when.empty()) when = "Thu, 01 Jan 1970 00:00:00 +0000";  // never: created_at is ours
  const std::string name = OneLine(m.to_name);
  std::string out;
  out += "From: rollout <" + m.from + ">\r\n";
  out += "To: " + (name.empty() ? "" : DisplayName(name) + " ") + "<" + m.to + ">\r\n";
  out += "Subject: " + HeaderText(subject) + "\r\n";
  out += "Date: " + when + "\r\n";
  out += "Message-ID: " + MessageIdOf(d, m.person, m.from) + "\r\n";
  out += "Auto-Submitted: auto-generated\r\n";  // RFC 3834: no auto-replies to it
  out += "X-Rollout-Alert: " + std::to_string(a.id) + "\r\n";
  out += "X-Rollout-Idempotency-Key: " + OneLine(d.idempotency_key) + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: base64\r\n";
  out += "\r\n";
  std::string body = a.message + "\n\n";
  nlohmann::json j = nlohmann::json::parse(d.json, nullptr, false);
  body +=
      j.is_discarded() ? d.json : j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  body += "\n";
  out += FoldedBase64(WithCrlf(body));
  return out;
}

EmailSink::EmailSink(boost::asio::io_context& io, Store* store,
                     std::shared_ptr<spdlog::logger> logger, bool log_json, EmailOptions options)
    : io_(io),
      store_(store),
      logger_(std::move(logger)),
      log_json_(log_json),
      options_(std::move(options)) {
  // Loaded (and globally initialised) here, on the thread that builds the
  // sink, not first on the worker; a failure is reported by each Send.
  std::string load_error;
  Curl(&load_error);
}

EmailSink::~EmailSink() {
  if (worker_.joinable()) worker_.join();  // bounded by the message's timeout
}

void EmailSink::Note(const std::string& text) {
  if (log_json_) {
    nlohmann::ordered_json j{{"event", "email"}, {"message", text}};
    logger_->info("{}", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  } else {
    logger_->info("engine: {}", text);
  }
}

std::vector<std::string> EmailSink::OutboxRows(StoreTx& tx, const std::string& project, int version,
                                               const std::vector<std::string>& recipients) {
  std::vector<std::string> rows;
  for (const std::string& person : recipients) {
    std::optional<PlanPersonRow> row = tx.FindPlanPerson(project, version, person);
    if (row && !row->email.empty()) {
      rows.push_back(name() + ":" + person);
    } else if (said_no_address_.insert(project + "\n" + person).second) {
      Note(Tr("no e-mail to {0} (project {1}): the plan gives no address", person, project));
    }
  }
  return rows;
}

void EmailSink::Deliver(const AlertDelivery& delivery, Done done) {
  const std::string person = delivery.row.substr(std::min(delivery.row.size(), name().size() + 1));
  std::optional<PlanPersonRow> row;
  Status st = store_->Read([&](StoreTx& tx) {
    row = tx.FindPlanPerson(delivery.alert.project, delivery.alert.plan_version, person);
  });
  std::string problem;
  if (!st.ok())
    problem = st.errors()[0].message;
  else if (!row || row->email.empty())
    problem = Tr("person {0} has no e-mail address in plan version {1}", person,
                 delivery.alert.plan_version);
  else if (std::string bad = EmailAddressProblem(row->email); !bad.empty())
    problem = Tr("refused to send to the stored address of {0}: {1}", person, bad);
  if (!problem.empty()) {
    boost::asio::post(io_, [done = std::move(done), problem] { done(problem); });
    return;
  }
  Job job;
  job.url = options_.server.url;
  job.implicit_tls = options_.server.url.rfind("smtps://", 0) == 0;
  job.from = options_.from;
  job.to = row->email;
  job.user = options_.server.user.empty() ? options_.user : options_.server.user;
  job.password = options_.server.user.empty() ? options_.password : options_.server.password;
  job.timeout_ms = static_cast<long>(options_.timeout.count());
  job.message = BuildEmailMessage(InLanguageOf(delivery, row->lang),
                                  {options_.from, row->email, row->name, person});
  if (worker_.joinable()) worker_.join();  // the previous message's thread, finished
  worker_ = std::thread([this, job = std::move(job), done = std::move(done),
                         guard = boost::asio::make_work_guard(io_)]() mutable {
    std::string error = Send(job);
    boost::asio::post(io_, [done = std::move(done), error = std::move(error)] { done(error); });
    guard.reset();
  });
}

}  // namespace rollout
