// rollout critical [PLAN] [--json] [--limit N]: the critical chains of a plan
// file (or of the database's forecast at now), in order, with their lengths (docs/scheduling.md "Critical chains").
#include <cstdio>
#include <memory>

#include "engine/critical_chains.h"
#include "tools/cli/cli.h"
#include "tools/cli/db_view.h"
#include "tools/cli/plan_file.h"
#include "tools/cli/schedule_view.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

struct CriticalArgs {
  std::string plan;
  size_t limit = 50;
};

struct ChainDates {
  std::string start, finish;
};

ChainDates DatesOfChain(const ScheduledPlan& s, const CriticalChain& c) {
  const TaskTimes& first = s.schedule.tasks[c.tasks.front()];
  const TaskTimes& last = s.schedule.tasks[c.tasks.back()];
  return {FormatDate(DatesOf(*s.cal, first.es, first.ef).start),
          FormatDate(DatesOf(*s.cal, last.es, last.ef).finish)};
}

std::string ChainsText(const ScheduledPlan& s, const CriticalChains& found) {
  std::string out;
  for (const CriticalChain& c : found.chains) {
    for (size_t k = 0; k < c.tasks.size(); ++k) {
      if (k > 0) out += " -> ";
      out += VisibleText(s.plan.tasks[c.tasks[k]].id);
    }
    const ChainDates d = DatesOfChain(s, c);
    out += "  (" + WorkingDays(c.length()) + ", " + HumanDate(d.start) + ".." +
           HumanDate(d.finish) + ")\n";
  }
  if (found.total > found.chains.size()) {
    const long more = static_cast<long>(found.total - found.chains.size());
    out += TrN("... and {0} more chain (raise --limit to see them)",
               "... and {0} more chains (raise --limit to see them)", more, more) +
           "\n";
  }
  return out;
}

std::string ChainsJson(const ScheduledPlan& s, const CriticalChains& found) {
  const Date finish = s.cal->DateOf(std::max(0, s.schedule.finish - 1));
  std::string out = "{\"plan\":" + JsonString(s.plan.id) + ",\"finish\":\"" +
                    FormatDate(finish) + "\",\"duration\":" + std::to_string(s.schedule.finish) +
                    ",\"total\":" + std::to_string(found.total) + ",\"chains\":[";
  for (size_t i = 0; i < found.chains.size(); ++i) {
    const CriticalChain& c = found.chains[i];
    const ChainDates d = DatesOfChain(s, c);
    out += i > 0 ? ",\n" : "\n";
    out += "{\"tasks\":[";
    for (size_t k = 0; k < c.tasks.size(); ++k)
      out += (k > 0 ? "," : "") + JsonString(s.plan.tasks[c.tasks[k]].id);
    out += "],\"length\":" + std::to_string(c.length()) + ",\"es\":" + std::to_string(c.es) +
           ",\"ef\":" + std::to_string(c.ef) + ",\"start\":\"" + d.start + "\",\"finish\":\"" +
           d.finish + "\"}";
  }
  out += "\n]}\n";
  return out;
}

int PrintChains(const ScheduledPlan& s, const CriticalArgs& args, const GlobalOptions& global,
                PhaseTimer& timer) {
  const CriticalChains found = FindCriticalChains(s.plan, s.net, s.schedule, args.limit);
  timer.Mark("chains");
  const std::string text = global.json ? ChainsJson(s, found) : ChainsText(s, found);
  std::fputs(text.c_str(), stdout);
  return static_cast<int>(kExitOk);
}

int RunCritical(const CriticalArgs& args, const GlobalOptions& global) {
  if (args.plan.empty()) {  // the chains of the forecast at now
    DbCommand cmd;
    ProjectView view;
    if (int code = OpenProjectView(global, &cmd, &view); code != kExitOk) return code;
    const int code = PrintChains(view.s, args, global, cmd.timer);
    FinishTimings(cmd);
    return code;
  }
  return WithScheduledPlan(args.plan, global, [&](ScheduledPlan& s, PhaseTimer& timer) {
    return PrintChains(s, args, global, timer);
  });
}

}  // namespace

void RegisterCritical(CLI::App& app, Cli* cli) {
  auto args = std::make_shared<CriticalArgs>();
  CLI::App* cmd = app.add_subcommand(
      "critical", Tr("the critical chains of PLAN, in order, with their lengths"));
  cmd->add_option("PLAN", args->plan,
                  Tr("plan file (YAML or JSON); without it, the database's forecast at --now"));
  cmd->add_option("--limit", args->limit, Tr("print at most N chains (default 50)"))
      ->check(CLI::PositiveNumber);
  cmd->callback([cli, args] {
    cli->action = [cli, args] { return RunCritical(*args, cli->global); };
  });
}

}  // namespace rollout
