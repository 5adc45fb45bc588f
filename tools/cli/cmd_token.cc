// rollout token issue PERSON [--expires DAYS] [--name TEXT] · token list ·
// token revoke ID · rollout login URL [--token-stdin]: the team server's
// access tokens (app/tokens.h, docs/server.md "Tokens"). On the database
// file (whoever can write it is trusted, as with every local command) or
// through a server; the same output both ways.
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/tokens.h"
#include "app/wire.h"
#include "tools/cli/cli.h"
#include "tools/cli/db_context.h"
#include "tools/cli/remote.h"
#include "tools/cli/schedule_view.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

struct TokenArgs {
  std::string person, name, id, url;
  int expires = 0;
  bool token_stdin = false;
};

void PrintIssued(const TokenLine& t) {
  const long long id = static_cast<long long>(t.id);
  const std::string line = t.expires_at.empty()
                               ? Tr("token #{0} for {1}", id, VisibleText(t.person))
                               : Tr("token #{0} for {1}, expires {2}", id, VisibleText(t.person),
                                    HumanInstant(VisibleText(t.expires_at)));
  std::printf("%s\n", line.c_str());
  std::printf("%s\n", t.secret.c_str());
  std::fprintf(stderr, "rollout: %s\n",
               Tr("this token is shown once; the database keeps only its hash").c_str());
}

// A token's state as a person reads it; --json keeps active/revoked/expired.
std::string TokenStateText(const std::string& state) {
  static constexpr const char* kStates[] = {NC_("token", "active"), NC_("token", "revoked"),
                                            NC_("token", "expired")};
  for (const char* s : kStates)
    if (state == s) return TrC("token", s);
  return VisibleText(state);
}

void PrintList(const std::vector<TokenLine>& tokens, bool json) {
  if (json) {
    std::fputs(TokensJson(tokens).c_str(), stdout);
    return;
  }
  if (tokens.empty()) {
    std::printf("%s\n", Tr("no tokens").c_str());
    return;
  }
  std::vector<std::vector<std::string>> rows = {
      {Tr("ID"), Tr("PERSON"), Tr("STATE"), Tr("EXPIRES"), Tr("CREATED"), Tr("NAME")}};
  for (const TokenLine& t : tokens)
    rows.push_back(
        {std::to_string(t.id), VisibleText(t.person), TokenStateText(t.state),
         t.expires_at.empty() ? Tr("never") : HumanInstant(VisibleText(t.expires_at)),
         Tr("{0} by {1}", HumanInstant(VisibleText(t.created_at)), VisibleText(t.created_by)),
         Truncate(VisibleText(t.name), 40)});
  std::vector<int> w(rows[0].size(), 0);
  for (const auto& r : rows)
    for (size_t c = 0; c < r.size(); ++c) w[c] = std::max(w[c], DisplayWidth(r[c]));
  for (const auto& r : rows) {
    std::string line;
    for (size_t c = 0; c < r.size(); ++c) line += PadRight(r[c], w[c]) + "  ";
    while (!line.empty() && line.back() == ' ') line.pop_back();
    std::printf("%s\n", line.c_str());
  }
}

void PrintRevoked(const TokenLine& t) {
  std::printf("%s\n", Tr("token #{0} of {1} revoked at {2}", static_cast<long long>(t.id),
                         VisibleText(t.person), HumanInstant(VisibleText(t.revoked_at)))
                          .c_str());
}

bool ParseTokenId(const std::string& text, int64_t* id) {
  char* end = nullptr;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || v <= 0) {
    PrintError(Tr("bad token id '{0}': expected a number from 'rollout token list'", text));
    return false;
  }
  *id = v;
  return true;
}

InstantText FormatOf(const Session& s) {
  return [&s](Instant t) { return s.Format(t); };
}

int RunIssue(const TokenArgs& args, const GlobalOptions& global) {
  if (!ServerUrl(global).empty()) {
    nlohmann::json body;
    body["person"] = args.person;
    if (args.expires) body["expires_days"] = args.expires;
    if (!args.name.empty()) body["name"] = args.name;
    RemoteReply reply;
    if (int code = CallServer(global, {"POST", "/tokens", {}, body.dump(), {}}, &reply); code != kExitOk)
      return code;
    Result<TokenLine> t = TokenFromJson(reply.body);
    if (!t.ok()) return ReportErrors(t.errors());
    PrintIssued(t.value());
    return kExitOk;
  }
  DbCommand cmd;
  if (int code = OpenDbCommand(global, &cmd, false); code != kExitOk) return code;
  Result<IssuedToken> t = IssueToken(cmd.session, args.person, args.expires, args.name);
  if (!t.ok()) return ReportErrors(t.errors());
  TokenLine line = TokenLineOf(t.value().row, cmd.session.now, FormatOf(cmd.session));
  line.secret = t.value().secret;
  PrintIssued(line);
  return kExitOk;
}

int RunList(const GlobalOptions& global) {
  std::vector<TokenLine> lines;
  if (!ServerUrl(global).empty()) {
    RemoteReply reply;
    if (int code = CallServer(global, {"GET", "/tokens", {}, "", {}}, &reply); code != kExitOk)
      return code;
    Result<std::vector<TokenLine>> t = TokensFromJson(reply.body);
    if (!t.ok()) return ReportErrors(t.errors());
    lines = std::move(t.value());
  } else {
    DbCommand cmd;
    if (int code = OpenDbCommand(global, &cmd, false, OpenMode::kReadOnly); code != kExitOk) return code;
    Result<std::vector<TokenRow>> rows = ListTokens(cmd.session);
    if (!rows.ok()) return ReportErrors(rows.errors());
    for (const TokenRow& r : rows.value())
      lines.push_back(TokenLineOf(r, cmd.session.now, FormatOf(cmd.session)));
  }
  PrintList(lines, global.json);
  return kExitOk;
}

int RunRevoke(const TokenArgs& args, const GlobalOptions& global) {
  int64_t id = 0;
  if (!ParseTokenId(args.id, &id)) return kExitUsage;
  if (!ServerUrl(global).empty()) {
    RemoteReply reply;
    if (int code = CallServer(global, {"POST", "/tokens/" + std::to_string(id) + "/revoke", {}, "", {}},
                              &reply);
        code != kExitOk)
      return code;
    Result<TokenLine> t = TokenFromJson(reply.body);
    if (!t.ok()) return ReportErrors(t.errors());
    PrintRevoked(t.value());
    return kExitOk;
  }
  DbCommand cmd;
  if (int code = OpenDbCommand(global, &cmd, false); code != kExitOk) return code;
  Result<TokenRow> t = RevokeToken(cmd.session, id);
  if (!t.ok()) return ReportErrors(t.errors());
  PrintRevoked(TokenLineOf(t.value(), cmd.session.now, FormatOf(cmd.session)));
  return kExitOk;
}

// Reads one line from the terminal without echo (or from stdin).
bool ReadSecret(bool from_stdin, std::string* out) {
  const bool tty = !from_stdin && isatty(STDIN_FILENO);
  termios old{};
  if (tty) {
    std::fprintf(stderr, "%s", Tr("token: ").c_str());
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  const bool ok = static_cast<bool>(std::getline(std::cin, *out));
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::fprintf(stderr, "\n");
  }
  while (!out->empty() && (out->back() == '\r' || out->back() == ' ')) out->pop_back();
  return ok && !out->empty();
}

int RunLogin(const TokenArgs& args, const GlobalOptions& global) {
  std::string token;
  if (!ReadSecret(args.token_stdin, &token)) {
    PrintError(Tr("no token given"));
    std::fprintf(stderr, "hint: %s\n",
                 Tr("ask a lead for one ('rollout token issue PERSON'), then paste it").c_str());
    return kExitUsage;
  }
  if (token.size() > 256 || token.find_first_of(" \t\n") != std::string::npos) {
    PrintError(Tr("that is not a rollout token"));
    return kExitUsage;
  }
  // Check it against the server before keeping it.
  GlobalOptions g = global;
  g.server = args.url;
  setenv("ROLLOUT_TOKEN", token.c_str(), 1);
  RemoteReply reply;
  if (int code = CallServer(g, {"GET", "/projects", {}, "", {}}, &reply); code != kExitOk) return code;
  std::string error;
  if (!StoreCredentials(args.url, token, &error)) {
    PrintError(error);
    return kExitFailure;
  }
  std::printf("%s\n", Tr("signed in to {0}; the token is in {1}", VisibleText(args.url),
                         VisibleText(CredentialsPath()))
                          .c_str());
  return kExitOk;
}

}  // namespace

void RegisterToken(CLI::App& app, Cli* cli) {
  auto args = std::make_shared<TokenArgs>();
  CLI::App* cmd = app.add_subcommand("token", Tr("access tokens of the team server"));
  cmd->require_subcommand(1);
  CLI::App* issue = cmd->add_subcommand("issue", Tr("a new token for PERSON (leads); shown once"));
  issue->add_option("PERSON", args->person, Tr("person id of the plan"))->required();
  issue->add_option("--expires", args->expires, Tr("days until it expires (default: never)"))
      ->check(CLI::Range(1, kMaxTokenDays));
  issue->add_option("--name", args->name, Tr("what the token is for (a laptop, a script)"));
  issue->callback([cli, args] { cli->action = [cli, args] { return RunIssue(*args, cli->global); }; });
  CLI::App* list = cmd->add_subcommand("list", Tr("tokens (a lead: all; else your own)"));
  list->callback([cli] { cli->action = [cli] { return RunList(cli->global); }; });
  CLI::App* revoke =
      cmd->add_subcommand("revoke", Tr("revoke token ID (a lead, or its own person)"));
  revoke->add_option("ID", args->id, Tr("token id"))->required();
  revoke->callback([cli, args] { cli->action = [cli, args] { return RunRevoke(*args, cli->global); }; });
}

void RegisterLogin(CLI::App& app, Cli* cli) {
  auto args = std::make_shared<TokenArgs>();
  CLI::App* cmd = app.add_subcommand("login", Tr("store a token for a team server (asks for it)"));
  cmd->add_option("URL", args->url, Tr("the server, http(s)://HOST:PORT"))->required();
  cmd->add_flag("--token-stdin", args->token_stdin, Tr("read the token from stdin"));
  cmd->callback([cli, args] { cli->action = [cli, args] { return RunLogin(*args, cli->global); }; });
}

}  // namespace rollout
