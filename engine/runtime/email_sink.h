// The e-mail sink: each alert mailed to each of its recipients who has an
// `email:` in the plan version the alert was raised on, through an SMTP or
// SMTPS server with libcurl. Every (alert, recipient) is its own outbox row,
// "email:PERSON": delivered, retried with the engine's back-off and marked
// on its own, so a refused or unreachable server delays a message but never
// repeats one that was accepted (docs/engine.md "E-mail").
//
// libcurl's easy interface blocks, so each message is sent on a worker
// thread (one at a time: the engine hands a sink one delivery at a time)
// and the result is posted back to the engine's io_context. A work guard
// keeps io_context::run going while a message is in flight.
#pragma once

#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "engine/result.h"
#include "engine/runtime/alert_sink.h"

namespace boost::asio {
class io_context;
}
namespace spdlog {
class logger;
}

namespace rollout {

struct SmtpServer {
  std::string url;    // scheme://host:port[/ehlo-domain], without userinfo: what curl connects to
  std::string shown;  // scheme://host:port: what logs may show
  std::string user;   // from the URL's userinfo (percent-decoded), else ""
  std::string password;  // never logged
};

/// Parses smtp://[USER[:PASSWORD]@]HOST[:PORT][/DOMAIN] or smtps://... with
/// libcurl's URL parser. The port defaults to 25 (smtp) or 465 (smtps).
Result<SmtpServer> ParseSmtpUrl(const std::string& url);

struct EmailOptions {
  SmtpServer server;
  std::string from;                         // the envelope and header sender, a bare address
  std::string user;                         // credentials when the URL has none ("" for none)
  std::string password;                     // never logged
  std::chrono::milliseconds timeout{5000};  // per message, connect to QUIT
};

/// The parts of one message, for BuildEmailMessage.
struct EmailMessage {
  std::string from;     // bare address
  std::string to;       // bare address
  std::string to_name;  // the person's name, may be empty or any UTF-8
  std::string person;   // the person's id
};

/// The RFC 5322 message for |d| to |m|: From, To, Subject (RFC 2047
/// base64 encoded words when not plain ASCII), Date (the alert's
/// created_at), Message-ID (MessageIdOf), MIME text/plain UTF-8 in base64:
/// the alert's text, then its JSON. Lines end in CRLF; no header carries a
/// CR, LF or other control character from a name or message.
std::string BuildEmailMessage(const AlertDelivery& d, const EmailMessage& m);

/// "<IDEMPOTENCY-KEY.PERSON-DIGEST@DOMAIN-OF-FROM>": the same for an
/// (alert, recipient) on every retry and across restarts.
std::string MessageIdOf(const AlertDelivery& d, const std::string& person, const std::string& from);

/// RFC 5322 date-time of an ISO 8601 "YYYY-MM-DDTHH:MM:SS+HH:MM" (or Z);
/// "" when |iso| is not one.
std::string Rfc5322Date(const std::string& iso);

class EmailSink : public AlertSink {
 public:
  /// Borrows |io| and |store| (the recipients' addresses are read from it).
  EmailSink(boost::asio::io_context& io, Store* store, std::shared_ptr<spdlog::logger> logger,
            bool log_json, EmailOptions options);
  ~EmailSink() override;
  EmailSink(const EmailSink&) = delete;
  EmailSink& operator=(const EmailSink&) = delete;

  std::string name() const override { return "email"; }
  void Deliver(const AlertDelivery& delivery, Done done) override;
  /// "email:PERSON" for each recipient with an address in |version|; a
  /// recipient without one is skipped, and said so once per run.
  std::vector<std::string> OutboxRows(StoreTx& tx, const std::string& project, int version,
                                      const std::vector<std::string>& recipients) override;

 private:
  void Note(const std::string& text);

  boost::asio::io_context& io_;
  Store* store_;
  std::shared_ptr<spdlog::logger> logger_;
  bool log_json_;
  EmailOptions options_;
  std::set<std::string> said_no_address_;  // "project\nperson"
  std::thread worker_;
};

}  // namespace rollout
