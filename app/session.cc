#include "app/session.h"

#include <algorithm>

#include "engine/runtime/tz_time_zone.h"
#include "po/messages.h"

namespace rollout {
namespace {

bool Digits(const std::string& s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

Error BadNow(const std::string& text) {
  return MakeError(ErrorCode::kBadTime, Tr("bad time '{0}': expected YYYY-MM-DDTHH:MM", text), "",
                   text);
}

std::string JoinIds(const std::vector<ProjectRow>& rows) {
  std::string out;
  for (const ProjectRow& r : rows) out += (out.empty() ? "" : ", ") + r.id;
  return out;
}

}  // namespace

std::string Session::Format(Instant t) const { return FormatInstant(*zone, t); }

Result<Instant> ParseNow(const std::string& text, const TimeZone& zone, Instant clock) {
  if (text.empty()) return clock;
  if (text.size() < 10) return BadNow(text);
  Date day = 0;
  // Four digits of year within the window every plan date lives in
  // (docs/plan-format.md): no sign, no year 0000.
  int year = 0;
  if (!Digits(text, 0, 4, &year) || year < 1900 || !ParseDate(text.substr(0, 10), &day))
    return BadNow(text);
  size_t pos = 10;
  int hour = 0, minute = 0, second = 0;
  if (pos < text.size() && (text[pos] == 'T' || text[pos] == ' ')) {
    if (!Digits(text, pos + 1, 2, &hour) || text.size() < pos + 6 || text[pos + 3] != ':' ||
        !Digits(text, pos + 4, 2, &minute) || hour > 23 || minute > 59) {
      return BadNow(text);
    }
    pos += 6;
    if (pos < text.size() && text[pos] == ':') {
      if (!Digits(text, pos + 1, 2, &second) || second > 59) return BadNow(text);
      pos += 3;
    }
  }
  if (pos == text.size()) {
    return zone.ToInstant(day, hour * 60 + minute) + second;
  }
  int offset = 0;
  if (text[pos] == 'Z' && pos + 1 == text.size()) {
    offset = 0;
  } else if ((text[pos] == '+' || text[pos] == '-') && text.size() == pos + 6 &&
             text[pos + 3] == ':') {
    int oh = 0, om = 0;
    // Real offsets run from -12:00 to +14:00.
    if (!Digits(text, pos + 1, 2, &oh) || !Digits(text, pos + 4, 2, &om) || oh > 14 || om > 59)
      return BadNow(text);
    offset = (oh * 60 + om) * (text[pos] == '-' ? -1 : 1);
  } else {
    return BadNow(text);
  }
  return FixedOffsetZone(offset).ToInstant(day, hour * 60 + minute) + second;
}

Result<std::string> ChooseProject(StoreTx& tx, const std::string& named,
                                  const std::string& location) {
  const std::vector<ProjectRow> rows = tx.Projects();
  if (rows.empty())
    return MakeError(ErrorCode::kNoPlan, Tr("the database {0} holds no plan yet", location));
  if (!named.empty()) {
    for (const ProjectRow& r : rows)
      if (r.id == named) return r.id;
    return MakeError(ErrorCode::kUnknownProject,
                     Tr("no project '{0}' in the database {1}; it holds: {2}", named, location, JoinIds(rows)),
                     "", named);
  }
  if (rows.size() == 1) return rows[0].id;
  return MakeError(ErrorCode::kProjectNotNamed,
                   TrN("the database {0} holds {1} project: {2}", "the database {0} holds {1} projects: {2}",
                       static_cast<long long>(rows.size()), location, rows.size(), JoinIds(rows)));
}

Result<Session> OpenSession(Store& store, const SessionRequest& request, bool with_source) {
  Session s;
  s.store = &store;
  s.actor = request.actor;
  Errors errors;
  Status read = store.Read([&](StoreTx& tx) {
    Result<std::string> project = ChooseProject(tx, request.project, store.location());
    if (!project.ok()) {
      errors = project.errors();
      return;
    }
    std::optional<StoredPlan> head = tx.CurrentPlan(project.value(), with_source);
    if (head) s.plan = std::move(*head);
  });
  if (!read.ok()) return read.errors();
  if (!errors.empty()) return errors;
  Result<std::unique_ptr<TimeZone>> zone = TzTimeZone::LocateFast(s.plan.timezone);
  if (!zone.ok()) {
    Errors e = zone.errors();
    for (Error& x : e) x.code = ErrorCode::kFailure;
    return e;
  }
  s.zone = std::move(zone.value());
  Result<Instant> now = ParseNow(request.now_text, *s.zone, request.clock);
  if (!now.ok()) return now.errors();
  s.now = now.value();
  s.today = s.zone->ToLocal(s.now).date;
  return s;
}

Actor ActorOf(const std::string& id, const std::vector<std::string>* roles) {
  Actor a;
  a.id = id;
  a.known = roles != nullptr;
  a.lead = roles && std::find(roles->begin(), roles->end(), "lead") != roles->end();
  return a;
}

std::optional<Error> UnknownPerson(const std::string& id, const std::string& project,
                                   const std::vector<std::string>& people) {
  for (const std::string& p : people)
    if (p == id) return std::nullopt;
  std::string list;
  for (size_t i = 0; i < people.size() && i < 20; ++i) list += (i ? ", " : "") + people[i];
  if (people.size() > 20) list += Tr(", ... ({0} in all)", people.size());
  return MakeError(ErrorCode::kUnknownPerson,
                   people.empty() ? Tr("'{0}' is not a person of project {1}", id, project)
                                  : Tr("'{0}' is not a person of project {1}; its people: {2}", id, project, list),
                   "", id);
}

Actor StoredActor(StoreTx& tx, const std::string& project, int version, const std::string& id) {
  std::optional<PlanPersonRow> p = tx.FindPlanPerson(project, version, id);
  return ActorOf(id, p ? &p->roles : nullptr);
}

Error RefusalError(const RuleCheck& check) {
  ErrorCode code = ErrorCode::kRefused;
  switch (check.refusal) {
    case Refusal::kUnknownPerson: code = ErrorCode::kUnknownPerson; break;
    case Refusal::kNotAssigned: code = ErrorCode::kNotAssigned; break;
    case Refusal::kNotLead: code = ErrorCode::kNotLead; break;
    case Refusal::kBlockedByGate: code = ErrorCode::kBlockedByGate; break;
    case Refusal::kNone: break;
  }
  return MakeError(code, check.reason);
}

}  // namespace rollout
