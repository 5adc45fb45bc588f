// rollout status [--json]: one screen for the lead: counts, forecast finish
// against the baseline, late tasks, the next gates and who must act.
#include <algorithm>
#include <cstdio>

#include "engine/deadlines.h"
#include "tools/cli/cli.h"
#include "tools/cli/db_context.h"
#include "tools/cli/db_view.h"
#include "tools/cli/schedule_view.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

constexpr size_t kMaxLate = 10;
constexpr size_t kMaxGates = 3;

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

struct GateLine {
  int task = 0;
  std::string state;
  std::string forecast;
  std::string action;  // who must act
  std::vector<std::string> who;
};

// The people who must act for gate |g|: its approvers when it is ready,
// else the assignees of its unfinished predecessors.
GateLine NextGate(const ProjectView& v, int g) {
  GateLine line;
  line.task = g;
  line.state = v.StateOf(g);
  line.forecast = FormatDate(v.ForecastDates(g).finish);
  if (line.state == "ready" || line.state == "rejected") {
    line.action = "approve";
    line.who = v.people[g];
    return line;
  }
  line.action = "finish";
  for (int p : v.Predecessors(g)) {
    if (v.IsDone(p)) continue;
    std::string who = v.s.plan.tasks[p].id;
    if (!v.people[p].empty()) who += " (" + Join(v.people[p]) + ")";
    line.who.push_back(who);
  }
  return line;
}

std::vector<GateLine> NextGates(const ProjectView& v) {
  std::vector<int> gates;
  for (size_t i = 0; i < v.s.plan.tasks.size(); ++i)
    if (v.s.plan.tasks[i].gate && !v.IsDone(static_cast<int>(i))) gates.push_back(static_cast<int>(i));
  std::stable_sort(gates.begin(), gates.end(), [&](int a, int b) {
    return v.s.schedule.tasks[a].es < v.s.schedule.tasks[b].es;
  });
  std::vector<GateLine> out;
  for (size_t k = 0; k < gates.size() && k < kMaxGates; ++k) out.push_back(NextGate(v, gates[k]));
  return out;
}

struct Counts {
  int done = 0, started = 0, planned = 0, gates_passed = 0, gates_open = 0;
};

Counts CountStates(const ProjectView& v) {
  Counts c;
  for (size_t i = 0; i < v.s.plan.tasks.size(); ++i) {
    const Task& t = v.s.plan.tasks[i];
    if (t.is_group) continue;
    std::string st = v.StateOf(static_cast<int>(i));
    if (t.gate) {
      (st == "passed" ? c.gates_passed : c.gates_open)++;
    } else if (st == "done") {
      ++c.done;
    } else if (st == "started") {
      ++c.started;
    } else {
      ++c.planned;
    }
  }
  return c;
}

std::vector<int> LateTasks(const ProjectView& v) {
  std::vector<int> late;
  for (size_t i = 0; i < v.s.plan.tasks.size(); ++i)
    if (!v.s.plan.tasks[i].is_group && v.IsLate(static_cast<int>(i))) late.push_back(static_cast<int>(i));
  return late;
}

std::string ForecastFinish(const ProjectView& v) { return FormatDate(v.ForecastFinish()); }

// Deadlines the forecast at now misses, gates and milestones included.
std::vector<MissedDeadline> Missed(const ProjectView& v) {
  return MissedDeadlines(v.s.plan, *v.s.cal, v.s.schedule);
}

void PrintJson(const Session& ctx, const ProjectView& v) {
  Counts c = CountStates(v);
  std::string out = "{\"plan\":" + JsonString(v.s.plan.id) +
                    ",\"version\":" + std::to_string(ctx.plan.version) +
                    ",\"now\":" + JsonString(ctx.Format(ctx.now)) +
                    ",\"done\":" + std::to_string(c.done) +
                    ",\"started\":" + std::to_string(c.started) +
                    ",\"planned\":" + std::to_string(c.planned) +
                    ",\"gates_passed\":" + std::to_string(c.gates_passed) +
                    ",\"gates_open\":" + std::to_string(c.gates_open) +
                    ",\"forecast_finish\":" + JsonString(ForecastFinish(v)) +
                    ",\"baseline_finish\":" +
                    (v.baseline ? JsonString(v.baseline->finish) : "null") +
                    ",\"slip_days\":" +
                    std::to_string(v.baseline ? v.s.schedule.finish - v.baseline->duration : 0) +
                    ",\"late\":[";
  std::vector<int> late = LateTasks(v);
  for (size_t k = 0; k < late.size(); ++k)
    out += (k ? "," : "") + JsonString(v.s.plan.tasks[late[k]].id);
  out += "],\"missed_deadlines\":[";
  std::vector<MissedDeadline> missed = Missed(v);
  for (size_t k = 0; k < missed.size(); ++k)
    out += std::string(k ? "," : "") + "{\"id\":" + JsonString(v.s.plan.tasks[missed[k].task].id) +
           ",\"state\":\"" + v.StateOf(missed[k].task) + "\",\"forecast\":\"" +
           FormatDate(missed[k].finish) + "\",\"deadline\":\"" + FormatDate(missed[k].deadline) +
           "\",\"late\":" + std::to_string(missed[k].late) + "}";
  out += "],\"next_gates\":[";
  std::vector<GateLine> gates = NextGates(v);
  for (size_t k = 0; k < gates.size(); ++k) {
    const GateLine& g = gates[k];
    out += std::string(k ? "," : "") + "{\"id\":" + JsonString(v.s.plan.tasks[g.task].id) +
           ",\"state\":\"" + g.state + "\",\"forecast\":\"" + g.forecast + "\",\"action\":\"" +
           g.action + "\",\"who\":[";
    for (size_t w = 0; w < g.who.size(); ++w) out += (w ? "," : "") + JsonString(g.who[w]);
    out += "]}";
  }
  out += "]}\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
}

void PrintText(const Session& ctx, const ProjectView& v) {
  Counts c = CountStates(v);
  std::string out = VisibleText(v.s.plan.id) +
                    (v.s.plan.title.empty() ? "" : ": " + VisibleText(v.s.plan.title)) + "\n";
  out += "version " + std::to_string(ctx.plan.version) + ", loaded by " +
         VisibleText(ctx.plan.loaded_by) + "; now " + ctx.Format(ctx.now) + "\n\n";
  out += "tasks   " + std::to_string(c.done) + " done, " + std::to_string(c.started) +
         " started, " + std::to_string(c.planned) + " planned; gates " +
         std::to_string(c.gates_passed) + " passed, " + std::to_string(c.gates_open) + " open\n";
  out += "finish  forecast " + ForecastFinish(v);
  const std::vector<MissedDeadline> missed = Missed(v);
  if (v.baseline) {
    int slip = v.s.schedule.finish - v.baseline->duration;
    out += ", baseline " + v.baseline->finish + ": ";
    out += slip > 0   ? WorkingDays(slip) + " late"
           : slip < 0 ? WorkingDays(-slip) + " early"
           : missed.empty() ? "on time"
                            : "the baseline finish holds";
  }
  out += "\n";
  if (!missed.empty()) {
    out += "\nmissed deadlines: " + std::to_string(missed.size()) + "\n";
    for (const MissedDeadline& m : missed) {
      const Task& t = v.s.plan.tasks[m.task];
      out += "  " + PadRight(t.id, 20) + "  " + PadRight(Truncate(t.name, 36), 36) + "  deadline " +
             FormatDate(m.deadline) + ", forecast " + FormatDate(m.finish) + ": " +
             WorkingDays(m.late) + " late\n";
    }
  }
  std::vector<int> late = LateTasks(v);
  out += "\nlate tasks: " + std::to_string(late.size()) + "\n";
  for (size_t k = 0; k < late.size() && k < kMaxLate; ++k) {
    const int i = late[k];
    const BaselineTask* b = v.BaselineOf(i);
    out += "  " + PadRight(v.s.plan.tasks[i].id, 20) + "  " + PadRight(Truncate(v.s.plan.tasks[i].name, 36), 36) +
           "  due " + (b ? b->finish : "?") + ", forecast " + FormatDate(v.ForecastDates(i).finish) +
           "  " + VisibleText(Join(v.people[i])) + "\n";
  }
  if (late.size() > kMaxLate)
    out += "  ... and " + std::to_string(late.size() - kMaxLate) + " more: rollout tasks --late\n";
  std::vector<GateLine> gates = NextGates(v);
  out += "\nnext gates:" + std::string(gates.empty() ? " none open\n" : "\n");
  for (const GateLine& g : gates) {
    const Task& t = v.s.plan.tasks[g.task];
    out += "  " + PadRight(t.id, 20) + "  " + PadRight(Truncate(t.name, 36), 36) + "  " +
           PadRight(g.state, 8) + "  forecast " + g.forecast + "\n";
    out += "      " + g.action + ": " + (g.who.empty() ? std::string("-") : VisibleText(Join(g.who))) +
           "\n";
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
}

int RunStatus(const GlobalOptions& global) {
  DbCommand cmd;
  ProjectView view;
  if (int code = OpenProjectView(global, &cmd, &view); code != kExitOk) return code;
  if (global.json) {
    PrintJson(cmd.session, view);
  } else {
    PrintText(cmd.session, view);
  }
  std::fflush(stdout);
  FinishTimings(cmd);
  return kExitOk;
}

}  // namespace

void RegisterStatus(CLI::App& app, Cli* cli) {
  CLI::App* cmd = app.add_subcommand("status", "one screen for the lead");
  cmd->callback([cli] { cli->action = [cli] { return RunStatus(cli->global); }; });
}

}  // namespace rollout
