// The CLI as the team server's client (docs/server.md "The client"):
// --server URL (else $ROLLOUT_SERVER), the token from $ROLLOUT_TOKEN or the
// credentials file of `rollout login`, one HTTP/1.1 request per command
// (Boost.Beast; https through OpenSSL, trusting the system's CAs or
// $ROLLOUT_CA_FILE). Errors of the server come back as the app/ errors they
// were, so the command reports them as the local one does.
#pragma once

#include <map>
#include <string>

#include "tools/cli/cli.h"
#include "tools/cli/db_context.h"

namespace rollout {

/// --server, else $ROLLOUT_SERVER; empty: the local database.
std::string ServerUrl(const GlobalOptions& global);

/// $XDG_CONFIG_HOME/rollout/credentials (else ~/.config/rollout/credentials).
std::string CredentialsPath();

/// The token for |url|: $ROLLOUT_TOKEN, else the credentials file's.
std::string TokenFor(const std::string& url);

/// Stores |token| for |url| in the credentials file (mode 0600, folder
/// 0700); false with |*error| when it cannot.
bool StoreCredentials(const std::string& url, const std::string& token, std::string* error);

struct RemoteRequest {
  std::string method = "GET";  // GET, POST, PUT
  std::string path;            // under /api/v1, e.g. "/tasks"
  std::map<std::string, std::string> query;  // project is added from the options
  std::string body;            // JSON, or empty
  HintOverrides hints;         // as the local command's
  double timeout_seconds = 30;
  /// Hand the server's errors back (RemoteReply::errors, kExitErrorsReturned)
  /// instead of reporting them: for commands that word them their own way.
  bool raw_errors = false;
};

/// CallServer's answer when |raw_errors| and the server sent errors.
inline constexpr int kExitErrorsReturned = -1;

struct RemoteReply {
  std::string body;
  std::string warning;  // the Rollout-Warning header, decoded
  Errors errors;        // with raw_errors
};

/// Refuses what a client may not say (--as, --now, --db): prints why and
/// returns kExitUsage, else kExitOk.
int CheckClientOptions(const GlobalOptions& global);

/// Sends |request| to the server of |global|. kExitOk with |*reply| on a 2xx
/// answer; else prints the error as the local command would (or `not signed
/// in to URL`, or that the server cannot be reached) and returns the exit code.
int CallServer(const GlobalOptions& global, const RemoteRequest& request, RemoteReply* reply);

/// True without --server; else says that the command runs only locally.
bool ServerUrlEmpty(const GlobalOptions& global);

/// Percent-encodes one path segment.
std::string UrlSegment(const std::string& s);

}  // namespace rollout
