// The JSON of every value the use cases return, as the local commands print
// it with --json and the team server sends it (one shape for scripts), and
// the readers that turn the server's JSON back into the same values for the
// CLI client (docs/api.md). Where the text of a command shows more than its
// --json (status, schedule), the server's JSON is the --json object with
// the extra keys the text needs; the local --json leaves them out.
//
// Readers return kFailure errors ("the server sent ...") for JSON that is
// not of the expected shape.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "app/inbox.h"
#include "app/lead_acts.h"
#include "app/load.h"
#include "app/progress_acts.h"
#include "app/reports.h"
#include "app/task_report.h"
#include "app/tokens.h"
#include "engine/result.h"
#include "storage/records.h"

namespace rollout {

/// A JSON string literal for |s| (escaped, invalid UTF-8 replaced).
std::string JsonString(const std::string& s);
/// JsonString(|s|) appended to |*out| (no string of its own: big outputs).
void AppendJsonString(const std::string& s, std::string* out);

/// The stable name of |code| in error bodies ("unknown_task") and back.
std::string ErrorCodeName(ErrorCode code);
ErrorCode ErrorCodeFromName(const std::string& name);

/// {"error":{"code","message","hint","subject","details":[...]}}: the
/// first error, and every error in details (a gate refusal has several).
std::string ErrorsJson(const Errors& errors);
/// The errors of an error body; nullopt when |body| is not one.
std::optional<Errors> ErrorsFromJson(const std::string& body);

// Every writer ends its text with a newline, as the command prints it.
std::string TasksJson(const std::vector<TaskLine>& lines);
Result<std::vector<TaskLine>> TasksFromJson(const std::string& text);

/// |full|: with title, loaded_by, late_tasks and the gates' names (the server's).
std::string StatusJson(const StatusReport& r, bool full);
Result<StatusReport> StatusFromJson(const std::string& text);

std::string ProjectsJson(const std::vector<ProjectLine>& lines);
Result<std::vector<ProjectLine>> ProjectsFromJson(const std::string& text);

/// plan-format.md §6; |full|: each task also with depth, mark and a
/// group's dates, and forecast_at (the server's).
std::string ScheduleJson(const ScheduleReport& r, bool full);
Result<ScheduleReport> ScheduleFromJson(const std::string& text);

std::string LogJson(const std::vector<LogEntry>& log);
Result<std::vector<LogEntry>> LogFromJson(const std::string& text);

/// Alerts with their message already given words, and "acked".
std::string AlertsJson(const std::vector<StoredAlert>& alerts);
Result<std::vector<StoredAlert>> AlertsFromJson(const std::string& text);

std::string ProgressJson(const ProgressOutcome& out);
Result<ProgressOutcome> ProgressFromJson(const std::string& text);

/// A gate decision with who took it and when (ISO 8601).
struct GateReply {
  GateOutcome outcome;
  std::string actor, at;
};
std::string GateJson(const GateReply& r);
Result<GateReply> GateFromJson(const std::string& text);

struct MetricReply {
  std::string metric, value;
};
std::string MetricJson(const MetricReply& r);
Result<MetricReply> MetricFromJson(const std::string& text);

/// A new baseline as `rollout baseline` reports it.
struct BaselineReply {
  std::string finish;  // YYYY-MM-DD
  int duration = 0;    // working days
  int plan_version = 0;
};
std::string BaselineJson(const BaselineReply& r);
Result<BaselineReply> BaselineFromJson(const std::string& text);

struct AckReply {
  int64_t id = 0;
  bool fresh = false;
};
std::string AckJson(const AckReply& r);
Result<AckReply> AckFromJson(const std::string& text);

/// A load with what its text says: where it went and what levelling did.
struct LoadReply {
  LoadOutcome outcome;
  std::string location;  // the database (a path locally, the server's URL remotely)
  bool levelled = false;
  size_t people = 0;                           // levelled: people who work
  std::string finish, unlevelled_finish_date;  // levelled: finish dates
  int finish_days = 0, unlevelled_days = 0;
};
std::string LoadJson(const LoadReply& r);
Result<LoadReply> LoadFromJson(const std::string& text);

/// A token as `token list` shows it (times as ISO 8601, "" for none);
/// |secret| only in the answer to an issue.
struct TokenLine {
  int64_t id = 0;
  std::string person, name, state, created_at, created_by, expires_at, revoked_at;
  std::string secret;
};
/// |format| gives an instant its ISO 8601 text.
using InstantText = std::function<std::string(Instant)>;
TokenLine TokenLineOf(const TokenRow& token, Instant now, const InstantText& format);
std::string TokensJson(const std::vector<TokenLine>& tokens);
Result<std::vector<TokenLine>> TokensFromJson(const std::string& text);
std::string TokenJson(const TokenLine& token);
Result<TokenLine> TokenFromJson(const std::string& text);

/// `rollout progress`: the outcome of a remaining-work record.
std::string RemainingJson(const RemainingOutcome& r);
Result<RemainingOutcome> RemainingFromJson(const std::string& text);

/// `rollout show TASK --json`; alerts carry their message already given
/// words (StoredAlert::message).
std::string TaskReportJson(const TaskReport& r);
Result<TaskReport> TaskReportFromJson(const std::string& text);

}  // namespace rollout
