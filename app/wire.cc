#include "app/wire.h"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "workflows/text_width.h"
#include "po/messages.h"

namespace rollout {
namespace {

using Json = nlohmann::json;
using OJson = nlohmann::ordered_json;

std::string Dump(const OJson& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string JsonList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + JsonString(items[i]);
  return out + "]";
}

std::string OptString(const std::optional<std::string>& s) {
  return s ? JsonString(*s) : "null";
}

// Parses |text| and runs |read| on it; any shape error becomes one kFailure.
template <typename T, typename F>
Result<T> Read(const std::string& text, const char* what, F read) {
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded())
    return MakeError(ErrorCode::kFailure, Tr("the server sent {0} that is not JSON", Tr(what)));
  try {
    return read(j);
  } catch (const Json::exception& e) {
    return MakeError(ErrorCode::kFailure,
                     Tr("the server sent {0} of an unexpected shape: {1}", Tr(what), e.what()));
  }
}

std::optional<std::string> OptFrom(const Json& j, const char* key) {
  if (!j.contains(key) || j.at(key).is_null()) return std::nullopt;
  return j.at(key).get<std::string>();
}

std::vector<std::string> Strings(const Json& j, const char* key) {
  if (!j.contains(key)) return {};
  return j.at(key).get<std::vector<std::string>>();
}

struct CodeName {
  ErrorCode code;
  const char* name;
};
constexpr CodeName kCodeNames[] = {
    {ErrorCode::kInvalid, "invalid"},
    {ErrorCode::kBadTime, "bad_time"},
    {ErrorCode::kProjectNotNamed, "project_not_named"},
    {ErrorCode::kIsGroup, "is_group"},
    {ErrorCode::kIsGate, "is_gate"},
    {ErrorCode::kNoteRequired, "note_required"},
    {ErrorCode::kNotStarted, "not_started"},
    {ErrorCode::kBeforeProjectStart, "before_project_start"},
    {ErrorCode::kFinishBeforeStart, "finish_before_start"},
    {ErrorCode::kNotFound, "not_found"},
    {ErrorCode::kNoDatabase, "no_database"},
    {ErrorCode::kNoPlan, "no_plan"},
    {ErrorCode::kUnknownProject, "unknown_project"},
    {ErrorCode::kUnknownTask, "unknown_task"},
    {ErrorCode::kUnknownGate, "unknown_gate"},
    {ErrorCode::kUnknownMetric, "unknown_metric"},
    {ErrorCode::kUnknownAlert, "unknown_alert"},
    {ErrorCode::kUnknownToken, "unknown_token"},
    {ErrorCode::kRefused, "refused"},
    {ErrorCode::kUnknownPerson, "unknown_person"},
    {ErrorCode::kNotAssigned, "not_assigned"},
    {ErrorCode::kNotLead, "not_lead"},
    {ErrorCode::kNotApprover, "not_approver"},
    {ErrorCode::kNotRecipient, "not_recipient"},
    {ErrorCode::kFirstLoadNotLead, "first_load_not_lead"},
    {ErrorCode::kBadToken, "bad_token"},
    {ErrorCode::kConflict, "conflict"},
    {ErrorCode::kBlockedByGate, "blocked_by_gate"},
    {ErrorCode::kGateNotReady, "gate_not_ready"},
    {ErrorCode::kKpiShort, "kpi_short"},
    {ErrorCode::kGatePassed, "gate_passed"},
    {ErrorCode::kDropsProgress, "drops_progress"},
    {ErrorCode::kFailure, "failure"},
    {ErrorCode::kCannotOpen, "cannot_open"},
    {ErrorCode::kSchemaTooNew, "schema_too_new"},
    {ErrorCode::kSchemaTooOld, "schema_too_old"},
    {ErrorCode::kNotADatabase, "not_a_database"},
    {ErrorCode::kStoredPlanUnreadable, "stored_plan_unreadable"},
};

OJson ErrorObject(const Error& e) {
  OJson j;
  j["code"] = ErrorCodeName(e.code);
  j["message"] = e.message;
  if (!e.hint.empty()) j["hint"] = e.hint;
  if (!e.subject.empty()) j["subject"] = e.subject;
  if (e.loc.line > 0) {
    j["line"] = e.loc.line;
    j["col"] = e.loc.col;
  }
  return j;
}

Error ErrorFrom(const Json& j) {
  Error e;
  e.code = ErrorCodeFromName(j.at("code").get<std::string>());
  e.message = j.at("message").get<std::string>();
  e.hint = j.value("hint", "");
  e.subject = j.value("subject", "");
  e.loc.line = j.value("line", 0);
  e.loc.col = j.value("col", 0);
  return e;
}

TaskState StateFromName(const std::string& name) {
  return name == "done" ? TaskState::kDone : name == "started" ? TaskState::kStarted : TaskState::kPlanned;
}

}  // namespace

// True when nlohmann would dump |s| as it is between quotes: no quote, no
// backslash, no control character, and valid UTF-8 (non-ASCII is not escaped).
static bool PlainJsonText(const std::string& s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      if (c < 0x20 || c == '"' || c == '\\') return false;
      ++p;
      continue;
    }
    const size_t n = Utf8SequenceLength(p, end);
    if (n == 0) return false;
    p += n;
  }
  return true;
}

std::string JsonString(const std::string& s) {
  std::string out;
  AppendJsonString(s, &out);
  return out;
}

void AppendJsonString(const std::string& s, std::string* out) {
  if (PlainJsonText(s)) {
    out->push_back('"');
    *out += s;
    out->push_back('"');
    return;
  }
  *out += Json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string ErrorCodeName(ErrorCode code) {
  for (const CodeName& c : kCodeNames)
    if (c.code == code) return c.name;
  return "failure";
}

ErrorCode ErrorCodeFromName(const std::string& name) {
  for (const CodeName& c : kCodeNames)
    if (name == c.name) return c.code;
  return ErrorCode::kFailure;
}

std::string ErrorsJson(const Errors& errors) {
  OJson first = errors.empty() ? ErrorObject(MakeError(ErrorCode::kFailure, Tr("failed")))
                               : ErrorObject(errors.front());
  if (errors.size() > 1) {
    OJson details = OJson::array();
    for (const Error& e : errors) details.push_back(ErrorObject(e));
    first["details"] = std::move(details);
  }
  OJson j;
  j["error"] = std::move(first);
  return Dump(j);
}

std::optional<Errors> ErrorsFromJson(const std::string& body) {
  Json j = Json::parse(body, nullptr, false);
  if (!j.is_object() || !j.contains("error") || !j["error"].is_object()) return std::nullopt;
  try {
    const Json& e = j["error"];
    Errors out;
    if (e.contains("details") && e["details"].is_array()) {
      for (const Json& d : e["details"]) out.push_back(ErrorFrom(d));
    } else {
      out.push_back(ErrorFrom(e));
    }
    return out;
  } catch (const Json::exception&) {
    return std::nullopt;
  }
}

// --- tasks -----------------------------------------------------------------

// A number as %g, or null.
template <typename T>
std::string OptNumber(const std::optional<T>& x) {
  if (!x) return "null";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", static_cast<double>(*x));
  return buf;
}

std::string TasksJson(const std::vector<TaskLine>& lines) {
  std::string out = "[";
  for (size_t k = 0; k < lines.size(); ++k) {
    const TaskLine& t = lines[k];
    out += k ? ",\n" : "\n";
    out += "{\"id\":" + JsonString(t.id) + ",\"name\":" + JsonString(t.name) + ",\"kind\":\"" +
           t.kind + "\"" + ",\"state\":\"" + t.state + "\",\"assigned\":" + JsonList(t.assigned) +
           ",\"start\":" + OptString(t.start) + ",\"finish\":" + OptString(t.finish) +
           ",\"forecast_start\":\"" + t.forecast_start + "\",\"forecast_finish\":\"" +
           t.forecast_finish + "\",\"late\":" + (t.late ? "true" : "false") +
           ",\"percent\":" + OptNumber(t.percent) + ",\"remaining\":" + OptNumber(t.remaining) +
           ",\"deliverable\":" + JsonString(t.deliverable) + ",\"notes\":" + JsonString(t.notes) +
           "}";
  }
  out += lines.empty() ? "]\n" : "\n]\n";
  return out;
}

Result<std::vector<TaskLine>> TasksFromJson(const std::string& text) {
  return Read<std::vector<TaskLine>>(text, N_("a task list"), [](const Json& j) {
    std::vector<TaskLine> out;
    for (const Json& t : j.get_ref<const Json::array_t&>()) {
      TaskLine l;
      l.id = t.at("id").get<std::string>();
      l.name = t.at("name").get<std::string>();
      l.kind = t.at("kind").get<std::string>();
      l.state = t.at("state").get<std::string>();
      l.assigned = Strings(t, "assigned");
      l.start = OptFrom(t, "start");
      l.finish = OptFrom(t, "finish");
      l.forecast_start = t.at("forecast_start").get<std::string>();
      l.forecast_finish = t.at("forecast_finish").get<std::string>();
      l.late = t.at("late").get<bool>();
      if (t.contains("percent") && t.at("percent").is_number()) l.percent = t.at("percent").get<double>();
      if (t.contains("remaining") && t.at("remaining").is_number())
        l.remaining = t.at("remaining").get<int>();
      l.deliverable = t.value("deliverable", std::string());
      l.notes = t.value("notes", std::string());
      out.push_back(std::move(l));
    }
    return out;
  });
}

// --- status ------------------------------------------------------------------

std::string StatusJson(const StatusReport& r, bool full) {
  std::string out = "{\"plan\":" + JsonString(r.plan) + ",\"version\":" + std::to_string(r.version) +
                    ",\"now\":" + JsonString(r.now) + ",\"done\":" + std::to_string(r.done) +
                    ",\"started\":" + std::to_string(r.started) +
                    ",\"planned\":" + std::to_string(r.planned) +
                    ",\"gates_passed\":" + std::to_string(r.gates_passed) +
                    ",\"gates_open\":" + std::to_string(r.gates_open) +
                    ",\"forecast_finish\":" + JsonString(r.forecast_finish) +
                    ",\"baseline_finish\":" + OptString(r.baseline_finish) +
                    ",\"slip_days\":" + std::to_string(r.slip_days) + ",\"late\":[";
  for (size_t k = 0; k < r.late.size(); ++k) out += (k ? "," : "") + JsonString(r.late[k].id);
  out += "],\"missed_deadlines\":[";
  for (size_t k = 0; k < r.missed.size(); ++k) {
    const StatusMissed& m = r.missed[k];
    out += std::string(k ? "," : "") + "{\"id\":" + JsonString(m.id) + ",\"state\":\"" + m.state +
           "\",\"forecast\":\"" + m.forecast + "\",\"deadline\":\"" + m.deadline +
           "\",\"late\":" + std::to_string(m.late);
    if (full) out += ",\"name\":" + JsonString(m.name);
    out += "}";
  }
  out += "],\"next_gates\":[";
  for (size_t k = 0; k < r.next_gates.size(); ++k) {
    const StatusGate& g = r.next_gates[k];
    out += std::string(k ? "," : "") + "{\"id\":" + JsonString(g.id) + ",\"state\":\"" + g.state +
           "\",\"forecast\":\"" + g.forecast + "\",\"action\":\"" + g.action +
           "\",\"who\":" + JsonList(g.who);
    if (full) out += ",\"name\":" + JsonString(g.name);
    out += "}";
  }
  out += "]";
  if (full) {
    out += ",\"title\":" + JsonString(r.title) + ",\"loaded_by\":" + JsonString(r.loaded_by) +
           ",\"late_tasks\":[";
    for (size_t k = 0; k < r.late.size(); ++k) {
      const StatusLate& l = r.late[k];
      out += std::string(k ? "," : "") + "{\"id\":" + JsonString(l.id) + ",\"name\":" +
             JsonString(l.name) + ",\"due\":" + JsonString(l.due) + ",\"forecast\":" +
             JsonString(l.forecast) + ",\"people\":" + JsonList(l.people) + "}";
    }
    out += "]";
  }
  out += "}\n";
  return out;
}

Result<StatusReport> StatusFromJson(const std::string& text) {
  return Read<StatusReport>(text, N_("a status"), [](const Json& j) {
    StatusReport r;
    r.plan = j.at("plan").get<std::string>();
    r.version = j.at("version").get<int>();
    r.now = j.at("now").get<std::string>();
    r.done = j.at("done").get<int>();
    r.started = j.at("started").get<int>();
    r.planned = j.at("planned").get<int>();
    r.gates_passed = j.at("gates_passed").get<int>();
    r.gates_open = j.at("gates_open").get<int>();
    r.forecast_finish = j.at("forecast_finish").get<std::string>();
    r.baseline_finish = OptFrom(j, "baseline_finish");
    r.slip_days = j.at("slip_days").get<int>();
    r.title = j.at("title").get<std::string>();
    r.loaded_by = j.at("loaded_by").get<std::string>();
    for (const Json& l : j.at("late_tasks"))
      r.late.push_back({l.at("id").get<std::string>(), l.at("name").get<std::string>(),
                        l.at("due").get<std::string>(), l.at("forecast").get<std::string>(),
                        Strings(l, "people")});
    if (j.contains("missed_deadlines"))
      for (const Json& m : j.at("missed_deadlines"))
        r.missed.push_back({m.at("id").get<std::string>(), m.value("name", std::string()),
                            m.at("state").get<std::string>(), m.at("forecast").get<std::string>(),
                            m.at("deadline").get<std::string>(), m.at("late").get<int>()});
    for (const Json& g : j.at("next_gates"))
      r.next_gates.push_back({g.at("id").get<std::string>(), g.at("name").get<std::string>(),
                              g.at("state").get<std::string>(), g.at("forecast").get<std::string>(),
                              g.at("action").get<std::string>(), Strings(g, "who")});
    return r;
  });
}

// --- projects ----------------------------------------------------------------

std::string ProjectsJson(const std::vector<ProjectLine>& lines) {
  std::string out = "[";
  for (size_t i = 0; i < lines.size(); ++i) {
    const ProjectLine& l = lines[i];
    out += std::string(i ? ",\n" : "\n") + "{\"id\":" + JsonString(l.row.id) +
           ",\"title\":" + JsonString(l.row.title) +
           ",\"version\":" + std::to_string(l.row.version) +
           ",\"forecast_finish\":" + (l.forecast.empty() ? "null" : JsonString(l.forecast)) +
           ",\"baseline_finish\":" + OptString(l.row.baseline_finish) +
           ",\"slip_days\":" + std::to_string(l.slip) + "}";
  }
  out += lines.empty() ? "]\n" : "\n]\n";
  return out;
}

Result<std::vector<ProjectLine>> ProjectsFromJson(const std::string& text) {
  return Read<std::vector<ProjectLine>>(text, N_("a project list"), [](const Json& j) {
    std::vector<ProjectLine> out;
    for (const Json& p : j.get_ref<const Json::array_t&>()) {
      ProjectLine l;
      l.row.id = p.at("id").get<std::string>();
      l.row.title = p.at("title").get<std::string>();
      l.row.version = p.at("version").get<int>();
      l.forecast = OptFrom(p, "forecast_finish").value_or("");
      l.row.baseline_finish = OptFrom(p, "baseline_finish");
      l.slip = p.at("slip_days").get<int>();
      l.has_baseline = l.row.baseline_finish.has_value() && !l.forecast.empty();
      out.push_back(std::move(l));
    }
    return out;
  });
}

// --- schedule ------------------------------------------------------------------

std::string ScheduleJson(const ScheduleReport& r, bool full) {
  std::string out = "{\"plan\":" + JsonString(r.plan) + ",\"start\":\"" + r.start +
                    "\",\"finish\":\"" + r.finish + "\",\"duration\":" + std::to_string(r.duration) +
                    ",\"levelled\":" + (r.levelled ? "true" : "false");
  if (full) out += ",\"forecast_at\":" + JsonString(r.forecast_at);
  out += ",\"tasks\":[\n";
  for (size_t i = 0; i < r.tasks.size(); ++i) {
    const ScheduleRow& t = r.tasks[i];
    if (i > 0) out += ",\n";
    out += "{\"id\":" + JsonString(t.id);
    if (!t.name.empty()) out += ",\"name\":" + JsonString(t.name);
    out += std::string(",\"group\":") + (t.group ? "true" : "false");
    if (!t.group) out += ",\"duration\":" + std::to_string(t.duration);
    out += ",\"es\":" + std::to_string(t.es) + ",\"ef\":" + std::to_string(t.ef) +
           ",\"ls\":" + std::to_string(t.ls) + ",\"lf\":" + std::to_string(t.lf) +
           ",\"total_float\":" + std::to_string(t.total_float);
    if (!t.group) {
      out += ",\"free_float\":" + std::to_string(t.free_float) +
             ",\"critical\":" + (t.critical ? "true" : "false") + ",\"start\":\"" + t.start +
             "\",\"finish\":\"" + t.finish + "\"";
      if (!t.assigned.empty()) out += ",\"assigned\":" + JsonList(t.assigned);
    }
    if (full) {
      out += ",\"depth\":" + std::to_string(t.depth) + ",\"mark\":" + JsonString(t.mark);
      if (t.group) out += ",\"start\":\"" + t.start + "\",\"finish\":\"" + t.finish + "\"";
    }
    out += "}";
  }
  out += "\n],\"critical_path\":" + JsonList(r.critical_path) + "}\n";
  return out;
}

Result<ScheduleReport> ScheduleFromJson(const std::string& text) {
  return Read<ScheduleReport>(text, N_("a schedule"), [](const Json& j) {
    ScheduleReport r;
    r.plan = j.at("plan").get<std::string>();
    r.start = j.at("start").get<std::string>();
    r.finish = j.at("finish").get<std::string>();
    r.duration = j.at("duration").get<int>();
    r.levelled = j.at("levelled").get<bool>();
    r.forecast_at = j.at("forecast_at").get<std::string>();
    for (const Json& t : j.at("tasks")) {
      ScheduleRow row;
      row.id = t.at("id").get<std::string>();
      row.name = t.value("name", "");
      row.group = t.at("group").get<bool>();
      row.es = t.at("es").get<int>();
      row.ef = t.at("ef").get<int>();
      row.ls = t.at("ls").get<int>();
      row.lf = t.at("lf").get<int>();
      row.duration = row.ef - row.es;
      row.total_float = t.at("total_float").get<int>();
      row.free_float = t.value("free_float", 0);
      row.critical = t.value("critical", false);
      row.start = t.at("start").get<std::string>();
      row.finish = t.at("finish").get<std::string>();
      row.assigned = Strings(t, "assigned");
      row.depth = t.at("depth").get<int>();
      row.mark = t.at("mark").get<std::string>();
      r.tasks.push_back(std::move(row));
    }
    r.critical_path = Strings(j, "critical_path");
    return r;
  });
}

// --- log, alerts ------------------------------------------------------------------

std::string LogJson(const std::vector<LogEntry>& log) {
  std::string out = "[";
  for (size_t i = 0; i < log.size(); ++i) {
    const LogEntry& e = log[i];
    out += i ? ",\n" : "\n";
    out += "{\"at\":" + JsonString(e.at_text) + ",\"actor\":" + JsonString(e.actor) +
           ",\"action\":" + JsonString(e.action) + ",\"task\":" + OptString(e.task) +
           ",\"note\":" + JsonString(e.note) + "}";
  }
  out += log.empty() ? "]\n" : "\n]\n";
  return out;
}

Result<std::vector<LogEntry>> LogFromJson(const std::string& text) {
  return Read<std::vector<LogEntry>>(text, N_("an audit trail"), [](const Json& j) {
    std::vector<LogEntry> out;
    for (const Json& e : j.get_ref<const Json::array_t&>()) {
      LogEntry l;
      l.at_text = e.at("at").get<std::string>();
      l.actor = e.at("actor").get<std::string>();
      l.action = e.at("action").get<std::string>();
      l.task = OptFrom(e, "task");
      l.note = e.at("note").get<std::string>();
      out.push_back(std::move(l));
    }
    return out;
  });
}

std::string AlertsJson(const std::vector<StoredAlert>& alerts) {
  OJson list = OJson::array();
  for (const StoredAlert& a : alerts) {
    OJson j;
    j["id"] = a.id;
    j["project"] = a.project;
    j["kind"] = a.kind;
    j["task"] = a.task.empty() ? OJson() : OJson(a.task);
    j["about"] = a.about;
    j["recipients"] = a.recipients;
    j["created_at"] = a.created_at;
    j["message"] = a.message;
    j["plan_version"] = a.plan_version;
    j["acked"] = a.acked;
    list.push_back(std::move(j));
  }
  return list.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

Result<std::vector<StoredAlert>> AlertsFromJson(const std::string& text) {
  return Read<std::vector<StoredAlert>>(text, N_("an alert list"), [](const Json& j) {
    std::vector<StoredAlert> out;
    for (const Json& e : j.get_ref<const Json::array_t&>()) {
      StoredAlert a;
      a.id = e.at("id").get<int64_t>();
      a.project = e.at("project").get<std::string>();
      a.kind = e.at("kind").get<std::string>();
      a.task = OptFrom(e, "task").value_or("");
      a.about = e.at("about").get<std::string>();
      a.recipients = Strings(e, "recipients");
      a.created_at = e.at("created_at").get<std::string>();
      a.message = e.at("message").get<std::string>();
      a.plan_version = e.at("plan_version").get<int>();
      a.acked = e.at("acked").get<bool>();
      out.push_back(std::move(a));
    }
    return out;
  });
}

// --- acts --------------------------------------------------------------------------

std::string ProgressJson(const ProgressOutcome& o) {
  OJson j;
  j["verb"] = VerbName(o.verb);
  j["task"] = o.task;
  j["name"] = o.name;
  j["changed"] = o.changed;
  j["before"] = TaskStateName(o.before);
  j["after"] = TaskStateName(o.after);
  j["started"] = o.started ? OJson(FormatDate(*o.started)) : OJson();
  j["finished"] = o.finished ? OJson(FormatDate(*o.finished)) : OJson();
  j["on"] = FormatDate(o.on);
  j["warnings"] = o.warnings;
  return Dump(j);
}

Result<ProgressOutcome> ProgressFromJson(const std::string& text) {
  return Read<ProgressOutcome>(text, N_("a progress outcome"), [](const Json& j) -> Result<ProgressOutcome> {
    ProgressOutcome o;
    const std::string verb = j.at("verb").get<std::string>();
    o.verb = verb == "done" ? ProgressVerb::kDone : verb == "reopen" ? ProgressVerb::kReopen
                                                                       : ProgressVerb::kStart;
    o.task = j.at("task").get<std::string>();
    o.name = j.at("name").get<std::string>();
    o.changed = j.at("changed").get<bool>();
    o.before = StateFromName(j.at("before").get<std::string>());
    o.after = StateFromName(j.at("after").get<std::string>());
    auto date = [&](const char* key, std::optional<Date>* out) -> bool {
      std::optional<std::string> value = OptFrom(j, key);
      if (!value) return true;
      Date d = 0;
      if (!ParseDate(*value, &d)) return false;
      *out = d;
      return true;
    };
    std::optional<Date> on;
    if (!date("started", &o.started) || !date("finished", &o.finished) || !date("on", &on) || !on)
      return MakeError(ErrorCode::kFailure, Tr("the server sent a progress outcome with a bad date"));
    o.on = *on;
    o.warnings = Strings(j, "warnings");
    return o;
  });
}

std::string GateJson(const GateReply& r) {
  OJson j;
  j["gate"] = r.outcome.gate;
  j["decision"] = r.outcome.approve ? "approve" : "reject";
  j["already_passed"] = r.outcome.already_passed;
  j["actor"] = r.actor;
  j["at"] = r.at;
  return Dump(j);
}

Result<GateReply> GateFromJson(const std::string& text) {
  return Read<GateReply>(text, N_("a gate decision"), [](const Json& j) {
    GateReply r;
    r.outcome.gate = j.at("gate").get<std::string>();
    r.outcome.approve = j.at("decision").get<std::string>() == "approve";
    r.outcome.already_passed = j.at("already_passed").get<bool>();
    r.actor = j.at("actor").get<std::string>();
    r.at = j.at("at").get<std::string>();
    return r;
  });
}

std::string MetricJson(const MetricReply& r) {
  OJson j;
  j["metric"] = r.metric;
  j["value"] = r.value;
  return Dump(j);
}

Result<MetricReply> MetricFromJson(const std::string& text) {
  return Read<MetricReply>(text, N_("a metric"), [](const Json& j) {
    return MetricReply{j.at("metric").get<std::string>(), j.at("value").get<std::string>()};
  });
}

std::string BaselineJson(const BaselineReply& r) {
  OJson j;
  j["finish"] = r.finish;
  j["duration"] = r.duration;
  j["plan_version"] = r.plan_version;
  return Dump(j);
}

Result<BaselineReply> BaselineFromJson(const std::string& text) {
  return Read<BaselineReply>(text, N_("a baseline"), [](const Json& j) {
    return BaselineReply{j.at("finish").get<std::string>(), j.at("duration").get<int>(),
                         j.at("plan_version").get<int>()};
  });
}

std::string AckJson(const AckReply& r) {
  OJson j;
  j["id"] = r.id;
  j["acknowledged"] = true;
  j["fresh"] = r.fresh;
  return Dump(j);
}

Result<AckReply> AckFromJson(const std::string& text) {
  return Read<AckReply>(text, N_("an acknowledgement"), [](const Json& j) {
    return AckReply{j.at("id").get<int64_t>(), j.at("fresh").get<bool>()};
  });
}

std::string LoadJson(const LoadReply& r) {
  OJson j;
  j["project"] = r.outcome.project;
  j["version"] = r.outcome.version;
  j["new_project"] = r.outcome.new_project;
  j["location"] = r.location;
  j["tasks"] = r.outcome.tasks;
  j["baseline_finish"] = r.outcome.baseline.finish;
  j["baseline_duration"] = r.outcome.baseline.duration;
  j["kept"] = r.outcome.kept;
  j["dropped"] = r.outcome.dropped;
  j["kept_baseline"] = r.outcome.kept_baseline;
  OJson renamed = OJson::array();
  for (const auto& [from, to] : r.outcome.renamed) renamed.push_back({{"from", from}, {"to", to}});
  j["renamed"] = renamed;
  j["levelled"] = r.levelled;
  if (r.levelled) {
    j["people"] = r.people;
    j["finish"] = r.finish;
    j["finish_days"] = r.finish_days;
    j["unlevelled_finish"] = r.unlevelled_finish_date;
    j["unlevelled_days"] = r.unlevelled_days;
  }
  return Dump(j);
}

Result<LoadReply> LoadFromJson(const std::string& text) {
  return Read<LoadReply>(text, N_("a load outcome"), [](const Json& j) {
    LoadReply r;
    r.outcome.project = j.at("project").get<std::string>();
    r.outcome.version = j.at("version").get<int>();
    r.outcome.new_project = j.at("new_project").get<bool>();
    r.location = j.at("location").get<std::string>();
    r.outcome.tasks = j.at("tasks").get<size_t>();
    r.outcome.baseline.finish = j.at("baseline_finish").get<std::string>();
    r.outcome.baseline.duration = j.at("baseline_duration").get<int>();
    r.outcome.kept = j.at("kept").get<size_t>();
    r.outcome.dropped = Strings(j, "dropped");
    r.outcome.kept_baseline = j.value("kept_baseline", size_t{0});
    if (j.contains("renamed"))
      for (const Json& x : j.at("renamed"))
        r.outcome.renamed.emplace_back(x.at("from").get<std::string>(), x.at("to").get<std::string>());
    r.levelled = j.at("levelled").get<bool>();
    if (r.levelled) {
      r.people = j.at("people").get<size_t>();
      r.finish = j.at("finish").get<std::string>();
      r.finish_days = j.at("finish_days").get<int>();
      r.unlevelled_finish_date = j.at("unlevelled_finish").get<std::string>();
      r.unlevelled_days = j.at("unlevelled_days").get<int>();
    }
    return r;
  });
}

// --- tokens ------------------------------------------------------------------------

TokenLine TokenLineOf(const TokenRow& t, Instant now, const InstantText& format) {
  TokenLine l;
  l.id = t.id;
  l.person = t.person;
  l.name = t.name;
  l.state = TokenState(t, now);
  l.created_at = format(t.created_at);
  l.created_by = t.created_by;
  l.expires_at = t.expires_at ? format(*t.expires_at) : "";
  l.revoked_at = t.revoked_at ? format(*t.revoked_at) : "";
  return l;
}

namespace {

OJson TokenObject(const TokenLine& t) {
  OJson j;
  j["id"] = t.id;
  j["person"] = t.person;
  j["name"] = t.name;
  j["state"] = t.state;
  j["created_at"] = t.created_at;
  j["created_by"] = t.created_by;
  j["expires_at"] = t.expires_at.empty() ? OJson() : OJson(t.expires_at);
  j["revoked_at"] = t.revoked_at.empty() ? OJson() : OJson(t.revoked_at);
  if (!t.secret.empty()) j["token"] = t.secret;
  return j;
}

TokenLine TokenFrom(const Json& j) {
  TokenLine t;
  t.id = j.at("id").get<int64_t>();
  t.person = j.at("person").get<std::string>();
  t.name = j.at("name").get<std::string>();
  t.state = j.at("state").get<std::string>();
  t.created_at = j.at("created_at").get<std::string>();
  t.created_by = j.at("created_by").get<std::string>();
  t.expires_at = OptFrom(j, "expires_at").value_or("");
  t.revoked_at = OptFrom(j, "revoked_at").value_or("");
  t.secret = j.value("token", "");
  return t;
}

}  // namespace

std::string TokensJson(const std::vector<TokenLine>& tokens) {
  OJson list = OJson::array();
  for (const TokenLine& t : tokens) list.push_back(TokenObject(t));
  return list.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

Result<std::vector<TokenLine>> TokensFromJson(const std::string& text) {
  return Read<std::vector<TokenLine>>(text, N_("a token list"), [](const Json& j) {
    std::vector<TokenLine> out;
    for (const Json& t : j.get_ref<const Json::array_t&>()) out.push_back(TokenFrom(t));
    return out;
  });
}

std::string TokenJson(const TokenLine& token) {
  return TokenObject(token).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

Result<TokenLine> TokenFromJson(const std::string& text) {
  return Read<TokenLine>(text, N_("a token"), [](const Json& j) { return TokenFrom(j); });
}

// --- progress, show ----------------------------------------------------------

namespace {

std::string Num(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", x);
  return buf;
}

template <typename T>
std::string NumOr(const std::optional<T>& x) {
  return x ? Num(static_cast<double>(*x)) : "null";
}

std::string DateOr(const std::optional<Date>& d) {
  return d ? "\"" + FormatDate(*d) + "\"" : "null";
}

std::optional<Date> DateFrom(const Json& j, const char* key) {
  std::optional<std::string> s = OptFrom(j, key);
  Date d = 0;
  if (!s || !ParseDate(*s, &d)) return std::nullopt;
  return d;
}

template <typename T>
std::optional<T> NumFrom(const Json& j, const char* key) {
  if (!j.contains(key) || j.at(key).is_null()) return std::nullopt;
  return j.at(key).get<T>();
}

std::string LinkedJson(const std::vector<LinkedTask>& links) {
  std::string out = "[";
  for (size_t i = 0; i < links.size(); ++i) {
    const LinkedTask& l = links[i];
    out += std::string(i ? "," : "") + "{\"id\":" + JsonString(l.id) + ",\"name\":" +
           JsonString(l.name) + ",\"kind\":\"" + l.kind + "\",\"state\":" +
           (l.state.empty() ? "null" : JsonString(l.state)) + ",\"type\":\"" + l.type +
           "\",\"lag\":" + std::to_string(l.lag) + "}";
  }
  return out + "]";
}

std::vector<LinkedTask> LinkedFrom(const Json& j, const char* key) {
  std::vector<LinkedTask> out;
  for (const Json& l : j.at(key))
    out.push_back({l.at("id").get<std::string>(), l.at("name").get<std::string>(),
                   l.at("kind").get<std::string>(), OptFrom(l, "state").value_or(""),
                   l.at("type").get<std::string>(), l.at("lag").get<int>()});
  return out;
}

}  // namespace

std::string RemainingJson(const RemainingOutcome& r) {
  return "{\"task\":" + JsonString(r.task) + ",\"name\":" + JsonString(r.name) +
         ",\"duration\":" + std::to_string(r.duration) + ",\"remaining\":" +
         std::to_string(r.remaining) + ",\"percent\":" + NumOr(r.percent) +
         ",\"before\":" + NumOr(r.before) + ",\"on\":\"" + FormatDate(r.on) + "\"}\n";
}

Result<RemainingOutcome> RemainingFromJson(const std::string& text) {
  return Read<RemainingOutcome>(text, N_("a progress record"), [](const Json& j) {
    RemainingOutcome r;
    r.task = j.at("task").get<std::string>();
    r.name = j.at("name").get<std::string>();
    r.duration = j.at("duration").get<int>();
    r.remaining = j.at("remaining").get<int>();
    r.percent = NumFrom<double>(j, "percent");
    r.before = NumFrom<int>(j, "before");
    r.on = DateFrom(j, "on").value_or(0);
    return r;
  });
}

std::string TaskReportJson(const TaskReport& r) {
  std::string out = "{\"id\":" + JsonString(r.id) + ",\"name\":" + JsonString(r.name) +
                    ",\"kind\":\"" + r.kind + "\",\"state\":" +
                    (r.state.empty() ? "null" : JsonString(r.state)) +
                    ",\"group\":" + (r.group.empty() ? "null" : JsonString(r.group)) +
                    ",\"assigned\":" + JsonList(r.people) +
                    ",\"duration\":" + std::to_string(r.duration) +
                    ",\"start\":" + (r.baseline ? JsonString(r.baseline->start) : "null") +
                    ",\"finish\":" + (r.baseline ? JsonString(r.baseline->finish) : "null") +
                    ",\"forecast_start\":\"" + FormatDate(r.forecast_start) +
                    "\",\"forecast_finish\":\"" + FormatDate(r.forecast_finish) +
                    "\",\"total_float\":" + std::to_string(r.total_float) +
                    ",\"free_float\":" + std::to_string(r.free_float) +
                    ",\"critical\":" + (r.critical ? "true" : "false") +
                    ",\"late\":" + (r.late ? "true" : "false") +
                    ",\"actual_start\":" + DateOr(r.started) +
                    ",\"actual_finish\":" + DateOr(r.finished) +
                    ",\"percent\":" + NumOr(r.percent) + ",\"remaining\":" + NumOr(r.remaining) +
                    ",\"not_before\":" + DateOr(r.not_before) +
                    ",\"deadline\":" + DateOr(r.deadline) +
                    ",\"deadline_margin\":" + NumOr(r.deadline_margin) +
                    ",\"deliverable\":" + JsonString(r.deliverable) +
                    ",\"notes\":" + JsonString(r.notes) +
                    ",\"predecessors\":" + LinkedJson(r.predecessors) +
                    ",\"successors\":" + LinkedJson(r.successors) + ",\"criteria\":[";
  for (size_t i = 0; i < r.criteria.size(); ++i) {
    const CriterionState& c = r.criteria[i];
    out += std::string(i ? "," : "") + "{\"metric\":" + JsonString(c.metric) +
           ",\"min\":" + NumOr(c.min) + ",\"max\":" + NumOr(c.max) +
           ",\"value\":" + NumOr(c.value) + ",\"met\":" + (c.met ? "true" : "false") + "}";
  }
  out += "],\"log\":[";
  for (size_t i = 0; i < r.log.size(); ++i) {
    const LogEntry& e = r.log[i];
    out += std::string(i ? "," : "") + "{\"at\":" + JsonString(e.at_text) +
           ",\"actor\":" + JsonString(e.actor) + ",\"action\":" + JsonString(e.action) +
           ",\"note\":" + JsonString(e.note) + "}";
  }
  out += "],\"alerts\":[";
  for (size_t i = 0; i < r.alerts.size(); ++i) {
    const StoredAlert& a = r.alerts[i];
    out += std::string(i ? "," : "") + "{\"id\":" + std::to_string(a.id) + ",\"kind\":" +
           JsonString(a.kind) + ",\"about\":" + JsonString(a.about) + ",\"created_at\":" +
           JsonString(a.created_at) + ",\"message\":" + JsonString(a.message) + "}";
  }
  out += "]}\n";
  return out;
}

Result<TaskReport> TaskReportFromJson(const std::string& text) {
  return Read<TaskReport>(text, N_("a task report"), [](const Json& j) {
    TaskReport r;
    r.id = j.at("id").get<std::string>();
    r.name = j.at("name").get<std::string>();
    r.kind = j.at("kind").get<std::string>();
    r.state = OptFrom(j, "state").value_or("");
    r.group = OptFrom(j, "group").value_or("");
    r.people = Strings(j, "assigned");
    r.duration = j.at("duration").get<int>();
    std::optional<std::string> start = OptFrom(j, "start"), finish = OptFrom(j, "finish");
    if (start && finish) {
      r.baseline = BaselineTask{};
      r.baseline->start = *start;
      r.baseline->finish = *finish;
    }
    r.forecast_start = DateFrom(j, "forecast_start").value_or(0);
    r.forecast_finish = DateFrom(j, "forecast_finish").value_or(0);
    r.total_float = j.at("total_float").get<int>();
    r.free_float = j.at("free_float").get<int>();
    r.critical = j.at("critical").get<bool>();
    r.late = j.at("late").get<bool>();
    r.started = DateFrom(j, "actual_start");
    r.finished = DateFrom(j, "actual_finish");
    r.percent = NumFrom<double>(j, "percent");
    r.remaining = NumFrom<int>(j, "remaining");
    r.not_before = DateFrom(j, "not_before");
    r.deadline = DateFrom(j, "deadline");
    r.deadline_margin = NumFrom<int>(j, "deadline_margin");
    r.deliverable = j.at("deliverable").get<std::string>();
    r.notes = j.at("notes").get<std::string>();
    r.predecessors = LinkedFrom(j, "predecessors");
    r.successors = LinkedFrom(j, "successors");
    for (const Json& c : j.at("criteria"))
      r.criteria.push_back({c.at("metric").get<std::string>(), NumFrom<double>(c, "min"),
                            NumFrom<double>(c, "max"), NumFrom<double>(c, "value"),
                            c.at("met").get<bool>()});
    for (const Json& e : j.at("log")) {
      LogEntry l;
      l.at_text = e.at("at").get<std::string>();
      l.actor = e.at("actor").get<std::string>();
      l.action = e.at("action").get<std::string>();
      l.note = e.at("note").get<std::string>();
      r.log.push_back(std::move(l));
    }
    for (const Json& a : j.at("alerts")) {
      StoredAlert s;
      s.id = a.at("id").get<int64_t>();
      s.kind = a.at("kind").get<std::string>();
      s.about = a.at("about").get<std::string>();
      s.created_at = a.at("created_at").get<std::string>();
      s.message = a.at("message").get<std::string>();
      r.alerts.push_back(std::move(s));
    }
    return r;
  });
}

}  // namespace rollout
