// The interchange exporters (dot, csv, ics, mspdi; cli.md "Interchange"):
// each builds an ExportView (formats/export_view.h) from a plan file or
// from the database's forecast at now, asks formats/ for the text and
// writes it to stdout or --out FILE (written whole, then renamed into
// place: a failed export leaves no half file).
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <functional>
#include <map>
#include <string>

#include "app/inbox.h"
#include "app/session.h"
#include "engine/runtime/tz_time_zone.h"
#include "engine/progress_rules.h"
#include "formats/csv_writer.h"
#include "formats/dot_writer.h"
#include "formats/ics_writer.h"
#include "formats/mspdi_writer.h"
#include "tools/cli/db_view.h"
#include "tools/cli/export_command.h"
#include "tools/cli/level_plan.h"
#include "tools/cli/plan_file.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

// What the exporter makes of a view: the text, or an exit code after
// printing why not.
using Render = std::function<int(const ExportView&, std::string*)>;

int Emit(const ExportRequest& r, const std::string& text) {
  if (r.out.empty() || r.out == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return std::fflush(stdout) == 0 ? kExitOk : kExitFailure;
  }
  const std::string tmp = r.out + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  bool ok = f && std::fwrite(text.data(), 1, text.size(), f) == text.size();
  if (f) ok = std::fclose(f) == 0 && ok;
  if (ok) ok = std::rename(tmp.c_str(), r.out.c_str()) == 0;
  if (!ok) {
    const int e = errno;
    std::remove(tmp.c_str());
    PrintError(Tr("cannot write '{0}': {1}", VisibleText(r.out), std::strerror(e)));
    return kExitFailure;
  }
  return kExitOk;
}

// Who acts on task |i|: a gate's approvers, the people levelling chose, or
// its assignees and the holders of its roles.
std::vector<std::string> PeopleOf(const Plan& plan, int i,
                                  const std::vector<std::string>& levelled) {
  if (plan.tasks[static_cast<size_t>(i)].gate) return plan.Approvers(i);
  if (!levelled.empty()) return levelled;
  return AssigneesOf(plan, i);
}

// Who is assigned: fixed assignees, else the people levelling chose.
std::vector<std::string> AssignedOf(const Task& t, bool levelled,
                                    const std::vector<std::string>& people) {
  if (t.is_group || t.gate) return {};
  if (!t.assignee.empty()) return t.assignee;
  return levelled ? people : std::vector<std::string>{};
}

const char* FileState(const Task& t) {
  if (t.is_group) return "";
  return t.gate ? "closed" : "planned";
}

// When a plan file's export was made: --now or $ROLLOUT_NOW in the plan's
// zone, as for the database, else the clock. The zone is only read when a
// time is given.
Result<Instant> StampOf(const GlobalOptions& global, const Plan& plan) {
  const Instant clock = static_cast<Instant>(std::time(nullptr));
  const std::string text = NowText(global);
  if (text.empty()) return clock;
  Result<std::unique_ptr<TimeZone>> zone = TzTimeZone::LocateFast(plan.timezone);
  if (!zone.ok()) return zone.errors();
  return ParseNow(text, *zone.value(), clock);
}

int FromFile(const GlobalOptions& global, const ExportRequest& r, const Render& render) {
  return WithScheduledPlan(r.plan, global, [&](ScheduledPlan& s, PhaseTimer& timer) {
    if (r.level && !LevelScheduledPlan(&s, LevelRequest{})) return static_cast<int>(kExitUsage);
    if (r.level) timer.Mark("level");
    Result<Instant> stamp = StampOf(global, s.plan);
    if (!stamp.ok()) return ReportErrors(stamp.errors());
    ExportView v{&s.plan, &s.schedule, s.cal.get(), {}, false, stamp.value(), {}};
    for (size_t i = 0; i < s.plan.tasks.size(); ++i) {
      ExportTask e = ScheduledDates(v, static_cast<int>(i));
      e.people = PeopleOf(s.plan, static_cast<int>(i), s.assigned[i]);
      e.assigned = AssignedOf(s.plan.tasks[i], s.levelled, s.assigned[i]);
      e.state = FileState(s.plan.tasks[i]);
      v.tasks.push_back(std::move(e));
    }
    std::string text;
    if (int code = render(v, &text); code != kExitOk) return code;
    return Emit(r, text);
  });
}

void AddProgress(const ProjectView& pv, const Session& session, int i, ExportTask* e) {
  const Task& t = pv.s.plan.tasks[static_cast<size_t>(i)];
  e->state = t.is_group ? "" : pv.StateOf(i);
  auto it = pv.progress.tasks.find(t.id);
  if (it != pv.progress.tasks.end()) {
    e->actual_start = it->second.started;
    e->actual_finish = it->second.finished;
    const TaskTimes& x = pv.s.schedule.tasks[static_cast<size_t>(i)];
    if (it->second.state == TaskState::kDone) {
      e->percent_complete = 100;
    } else if (it->second.state == TaskState::kStarted && it->second.started && x.ef > x.es) {
      // Working days since the actual start over the forecast duration.
      const int worked = pv.s.cal->CountWorking(*it->second.started, session.today - 1);
      e->percent_complete = std::clamp(100 * worked / (x.ef - x.es), 0, 99);
    }
  }
  if (const BaselineTask* b = pv.BaselineOf(i)) {
    Date start = 0, finish = 0;
    if (ParseDate(b->start, &start) && ParseDate(b->finish, &finish)) {
      e->baseline_start = start;
      e->baseline_finish = finish;
      e->baseline_duration = b->ef - b->es;
    }
  }
}

int FromDatabase(const GlobalOptions& global, const ExportRequest& r, const Render& render) {
  if (r.level) {
    PrintError(
        Tr("--level applies to a plan file; the database's forecast is levelled when its plan is"));
    return kExitUsage;
  }
  DbCommand cmd;
  ProjectView pv;
  if (int code = OpenProjectView(global, &cmd, &pv); code != kExitOk) return code;
  Result<std::vector<LogEntry>> log = ReadAuditLog(cmd.session);
  if (!log.ok()) return ReportErrors(log.errors());
  std::map<std::string, int> acts;
  for (const LogEntry& entry : log.value())
    if (entry.task) ++acts[*entry.task];
  ExportView v{&pv.s.plan, &pv.s.schedule,  pv.s.cal.get(),   {},
               true,       cmd.session.now, cmd.session.today};
  for (size_t i = 0; i < pv.s.plan.tasks.size(); ++i) {
    ExportTask e = ScheduledDates(v, static_cast<int>(i));
    e.sequence = cmd.session.plan.version - 1 + acts[pv.s.plan.tasks[i].id];
    e.people = pv.people[i];
    e.assigned = AssignedOf(pv.s.plan.tasks[i], pv.s.levelled, pv.people[i]);
    AddProgress(pv, cmd.session, static_cast<int>(i), &e);
    v.tasks.push_back(std::move(e));
  }
  std::string text;
  if (int code = render(v, &text); code != kExitOk) return code;
  const int code = Emit(r, text);
  cmd.timer.Mark("output");
  FinishTimings(cmd);
  return code;
}

int Export(const GlobalOptions& global, const ExportRequest& r, const Render& render) {
  return r.plan.empty() ? FromDatabase(global, r, render) : FromFile(global, r, render);
}

}  // namespace

int ExportDot(const GlobalOptions& global, const ExportRequest& r) {
  return Export(global, r, [](const ExportView& v, std::string* out) {
    *out = WriteDot(v);
    return static_cast<int>(kExitOk);
  });
}

int ExportCsv(const GlobalOptions& global, const ExportRequest& r) {
  return Export(global, r, [&](const ExportView& v, std::string* out) {
    *out = WriteCsv(v, r.excel);
    return static_cast<int>(kExitOk);
  });
}

int ExportIcs(const GlobalOptions& global, const ExportRequest& r) {
  return Export(global, r, [&](const ExportView& v, std::string* out) {
    if (!r.person.empty() && !v.plan->FindPerson(r.person)) {
      PrintError(Tr("--person '{0}' is not a person of plan '{1}'", VisibleText(r.person),
                    VisibleText(v.plan->id)));
      return static_cast<int>(kExitUsage);
    }
    *out = WriteIcs(v, r.person);
    return static_cast<int>(kExitOk);
  });
}

int ExportMspdi(const GlobalOptions& global, const ExportRequest& r) {
  return Export(global, r, [](const ExportView& v, std::string* out) {
    Result<std::string> xml = WriteMspdi(v);
    if (!xml.ok()) {
      PrintError(xml.errors().front().message);
      return static_cast<int>(kExitFailure);
    }
    *out = std::move(xml.value());
    return static_cast<int>(kExitOk);
  });
}

}  // namespace rollout
