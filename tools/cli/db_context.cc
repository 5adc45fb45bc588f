#include "tools/cli/db_context.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "tools/cli/plan_file.h"
#include "tools/cli/remote.h"
#include "tools/cli/remote_snapshot.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

}  // namespace

std::string ResolveDbPath(const GlobalOptions& global) {
  if (!global.db.empty()) return global.db;
  std::string env = Env("ROLLOUT_DB");
  if (!env.empty()) return env;
  std::string data = Env("XDG_DATA_HOME");
  if (data.empty()) {
    std::string home = Env("HOME");
    if (home.empty()) {
      const passwd* pw = getpwuid(getuid());
      home = pw ? pw->pw_dir : ".";
    }
    data = home + "/.local/share";
  }
  return data + "/rollout/rollout.db";
}

std::string ResolveActor(const GlobalOptions& global) {
  if (!global.as.empty()) return global.as;
  std::string env = Env("ROLLOUT_USER");
  if (!env.empty()) return env;
  const passwd* pw = getpwuid(getuid());
  if (pw && pw->pw_name) return pw->pw_name;
  return Env("USER");
}

std::string NowText(const GlobalOptions& global) {
  return global.now.empty() ? Env("ROLLOUT_NOW") : global.now;
}

std::string ResolveProject(const GlobalOptions& global) {
  return global.project.empty() ? Env("ROLLOUT_PROJECT") : global.project;
}

int FileToday(const GlobalOptions& global, Date* today) {
  const std::string now = NowText(global);
  std::string date = now.substr(0, 10);
  if (now.empty()) {
    const std::time_t t = std::time(nullptr);
    std::tm local{};
    localtime_r(&t, &local);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &local);
    date = buf;
  }
  if (ParseDate(date, today)) return kExitOk;
  PrintError(Tr("--now '{0}' is not a date", VisibleText(now)));
  std::fprintf(
      stderr, "hint: %s\n",
      Tr("write it as YYYY-MM-DD or YYYY-MM-DDTHH:MM, e.g. --now 2027-01-18T10:00").c_str());
  return kExitUsage;
}

SessionRequest RequestOf(const GlobalOptions& global) {
  SessionRequest r;
  r.project = ResolveProject(global);
  r.actor = ResolveActor(global);
  r.now_text = NowText(global);
  r.clock = static_cast<Instant>(std::time(nullptr));
  return r;
}

int ExitCodeOf(const Error& error) {
  switch (ClassOf(error.code)) {
    case ErrorClass::kInvalid:
    case ErrorClass::kNotFound: return kExitUsage;
    case ErrorClass::kRefused:
    case ErrorClass::kConflict: return kExitRefused;
    case ErrorClass::kFailure: return kExitFailure;
  }
  return kExitFailure;
}

int ReportErrors(const Errors& errors, const HintOverrides& overrides) {
  for (const Error& e : errors) {
    std::string message = e.message;
    if (e.code == ErrorCode::kBadTime)
      message = Tr("bad --now '{0}': expected YYYY-MM-DDTHH:MM", e.subject);
    if (e.code == ErrorCode::kNoteRequired) message = Tr("a rejection needs a reason: --note TEXT");
    PrintError(message);
    auto o = overrides.find(e.code);
    const std::string hint = o != overrides.end() ? o->second : HintFor(e);
    if (!hint.empty()) std::fprintf(stderr, "hint: %s\n", VisibleText(hint).c_str());
  }
  return ExitCodeOf(errors.front());
}

void PrintErrors(const Errors& errors) { ReportErrors(errors); }

DbCommand::DbCommand() = default;
DbCommand::~DbCommand() = default;
DbCommand::DbCommand(DbCommand&&) noexcept = default;
DbCommand& DbCommand::operator=(DbCommand&&) noexcept = default;

int OpenDbCommand(const GlobalOptions& global, DbCommand* cmd, bool with_source, OpenMode mode) {
  cmd->global = global;
  std::string location;
  SessionRequest request = RequestOf(global);
  if (ServerUrl(global).empty()) {
    location = ResolveDbPath(global);
  } else if (mode == OpenMode::kReadOnly) {
    // A command that only reads draws the server's snapshot with its own code.
    if (int code = FetchSnapshot(global, &cmd->scratch, &request); code != kExitOk) return code;
    location = cmd->scratch->path();
    cmd->timer.Mark("fetch");
  } else {
    // Commands that write and have a remote path return before this; the
    // others must not quietly write a local file while the person thinks
    // they use the server.
    PrintError(
        Tr("this command writes the database directly and does not work through --server "
           "yet"));
    std::fprintf(stderr, "hint: %s\n",
                 Tr("run it where the database is (--db PATH), or unset ROLLOUT_SERVER").c_str());
    return kExitUsage;
  }
  Result<std::unique_ptr<Store>> store = OpenStore(location, mode);
  if (!store.ok()) return ReportErrors(store.errors());
  cmd->store = std::move(store.value());
  cmd->timer.Mark("open");
  Result<Session> session = OpenSession(*cmd->store, request, with_source);
  if (!session.ok()) return ReportErrors(session.errors());
  cmd->session = std::move(session.value());
  cmd->timer.Mark("plan");
  return kExitOk;
}

void FinishTimings(const DbCommand& cmd) {
  if (cmd.global.timings) PrintTimings(cmd.timer);
}

}  // namespace rollout
