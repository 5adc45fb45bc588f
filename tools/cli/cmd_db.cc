// rollout db copy FROM TO [--force]: every project, its history, alerts,
// tokens and the engine's state from one database into another, of either
// backend (a SQLite path or a postgresql:// URI; docs/database.md "db copy").
// FROM is opened read-only; TO is created when missing and must be empty
// unless --force, which replaces what it holds (exit 3 otherwise, nothing
// written).
#include <cstdio>
#include <memory>
#include <string>

#include "app/db_copy.h"
#include "tools/cli/cli.h"
#include "tools/cli/db_context.h"

namespace rollout {
namespace {

struct DbCopyArgs {
  std::string from;
  std::string to;
  bool force = false;
};

// Built when used: the language is chosen at the start of the run.
HintOverrides CopyHints() {
  return {{ErrorCode::kConflict,
           Tr("pass --force to replace everything it holds, or copy into a new one")},
          {ErrorCode::kNoDatabase,
           Tr("FROM must be a rollout database (a path or a postgresql:// URI)")}};
}

int RunDbCopy(const DbCopyArgs& args) {
  if (args.from == args.to) {
    return ReportErrors({MakeError(ErrorCode::kInvalid, Tr("FROM and TO are the same database"))},
                        {{ErrorCode::kInvalid, Tr("name two databases: rollout db copy FROM TO")}});
  }
  const HintOverrides kCopyHints = CopyHints();
  Result<std::unique_ptr<Store>> from = OpenStore(args.from, OpenMode::kReadOnly);
  if (!from.ok()) return ReportErrors(from.errors(), kCopyHints);
  Result<std::unique_ptr<Store>> to = OpenStore(args.to, OpenMode::kCreate);
  if (!to.ok()) return ReportErrors(to.errors(), kCopyHints);
  Result<CopyOutcome> copied = CopyStore(*from.value(), *to.value(), args.force);
  if (!copied.ok()) return ReportErrors(copied.errors(), kCopyHints);
  const auto& rows = copied.value().rows;
  auto n = [&](const char* table) -> long long {
    auto it = rows.find(table);
    return it == rows.end() ? 0 : it->second;
  };
  long long total = 0;
  for (const auto& [table, count] : rows) total += count;
  const std::string counts =
      TrN("{0} plan version", "{0} plan versions", n("plan_versions"), n("plan_versions")) + ", " +
      TrN("{0} baseline", "{0} baselines", n("baselines"), n("baselines")) + ", " +
      TrN("{0} progress record", "{0} progress records", n("progress"), n("progress")) + ", " +
      TrN("{0} log entry", "{0} log entries", n("audit_log"), n("audit_log")) + ", " +
      TrN("{0} alert", "{0} alerts", n("alerts"), n("alerts")) + ", " +
      TrN("{0} token", "{0} tokens", n("tokens"), n("tokens"));
  std::string out =
      TrN("copied {0} row from {1} to {2}: {3}", "copied {0} rows from {1} to {2}: {3}", total,
          total, from.value()->location(), to.value()->location(), counts) +
      "\n";
  if (copied.value().replaced > 0) {
    const long long replaced = copied.value().replaced;
    out += TrN("replaced the {0} row it held (--force)", "replaced the {0} rows it held (--force)",
               replaced, replaced) +
           "\n";
  }
  std::fputs(out.c_str(), stdout);
  return kExitOk;
}

}  // namespace

void RegisterDb(CLI::App& app, Cli* cli) {
  auto args = std::make_shared<DbCopyArgs>();
  CLI::App* cmd = app.add_subcommand("db", Tr("whole databases: copy one into another"));
  cmd->require_subcommand(1);
  CLI::App* copy = cmd->add_subcommand(
      "copy", Tr("copy every project, its history, alerts and tokens from FROM into TO "
                 "(SQLite paths or postgresql:// URIs)"));
  copy->add_option("FROM", args->from, Tr("the database to copy (read only)"))->required();
  copy->add_option("TO", args->to, Tr("the database to copy into (created when missing)"))
      ->required();
  copy->add_flag("--force", args->force,
                 Tr("replace what TO holds (else a non-empty TO is refused)"));
  copy->callback([cli, args] { cli->action = [args] { return RunDbCopy(*args); }; });
}

}  // namespace rollout
