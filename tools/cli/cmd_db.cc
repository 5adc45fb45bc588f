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

const HintOverrides kCopyHints = {
    {ErrorCode::kConflict, "pass --force to replace everything it holds, or copy into a new one"},
    {ErrorCode::kNoDatabase, "FROM must be a rollout database (a path or a postgresql:// URI)"}};

int RunDbCopy(const DbCopyArgs& args) {
  if (args.from == args.to) {
    return ReportErrors({MakeError(ErrorCode::kInvalid, "FROM and TO are the same database")},
                        {{ErrorCode::kInvalid, "name two databases: rollout db copy FROM TO"}});
  }
  Result<std::unique_ptr<Store>> from = OpenStore(args.from, OpenMode::kReadOnly);
  if (!from.ok()) return ReportErrors(from.errors(), kCopyHints);
  Result<std::unique_ptr<Store>> to = OpenStore(args.to, OpenMode::kCreate);
  if (!to.ok()) return ReportErrors(to.errors(), kCopyHints);
  Result<CopyOutcome> copied = CopyStore(*from.value(), *to.value(), args.force);
  if (!copied.ok()) return ReportErrors(copied.errors(), kCopyHints);
  const auto& rows = copied.value().rows;
  auto n = [&](const char* table) {
    auto it = rows.find(table);
    return std::to_string(it == rows.end() ? 0 : it->second);
  };
  int64_t total = 0;
  for (const auto& [table, count] : rows) total += count;
  std::string out = "copied " + std::to_string(total) + " rows from " + from.value()->location() +
                    " to " + to.value()->location() + ": " + n("plan_versions") +
                    " plan versions, " + n("baselines") + " baselines, " + n("progress") +
                    " progress records, " + n("audit_log") + " log entries, " + n("alerts") +
                    " alerts, " + n("tokens") + " tokens\n";
  if (copied.value().replaced > 0)
    out += "replaced the " + std::to_string(copied.value().replaced) + " rows it held (--force)\n";
  std::fputs(out.c_str(), stdout);
  return kExitOk;
}

}  // namespace

void RegisterDb(CLI::App& app, Cli* cli) {
  auto args = std::make_shared<DbCopyArgs>();
  CLI::App* cmd = app.add_subcommand("db", "whole databases: copy one into another");
  cmd->require_subcommand(1);
  CLI::App* copy = cmd->add_subcommand(
      "copy", "copy every project, its history, alerts and tokens from FROM into TO "
              "(SQLite paths or postgresql:// URIs)");
  copy->add_option("FROM", args->from, "the database to copy (read only)")->required();
  copy->add_option("TO", args->to, "the database to copy into (created when missing)")->required();
  copy->add_flag("--force", args->force, "replace what TO holds (else a non-empty TO is refused)");
  copy->callback([cli, args] { cli->action = [args] { return RunDbCopy(*args); }; });
}

}  // namespace rollout
