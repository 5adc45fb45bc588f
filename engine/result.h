// Failure as a value: no exception crosses engine/. An Error carries a code
// that the edges map to an exit code (tools/) or an HTTP status (server/);
// the words of a hint that names a command or a flag are looked up by code
// at the edge, never written here.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace rollout {

/// A position in a source file, 1-based; 0 means unknown.
struct Loc {
  int line = 0;
  int col = 0;
};

/// What went wrong, precisely enough for an edge to pick its exit code,
/// HTTP status and hint. The classes are in ClassOf.
enum class ErrorCode : uint8_t {
  // Invalid input: a plan error, a bad argument, a bad date (exit 2, HTTP 400).
  kInvalid = 0,
  kBadTime,           // a time that is not YYYY-MM-DDTHH:MM[offset]
  kProjectNotNamed,   // several projects and none named
  kIsGroup,           // progress on a group
  kIsGate,            // progress on a gate (it passes by approval)
  kNoteRequired,      // a rejection without a reason
  kNotStarted,        // remaining work of a task that is not started (or done)
  kBeforeProjectStart,  // a record dated before the project's start
  kFinishBeforeStart,   // a finish dated before the task's start
  // Not found (exit 2, HTTP 404).
  kNotFound,
  kNoDatabase,        // nothing at the database's location
  kNoPlan,            // a database without any project
  kUnknownProject,
  kUnknownTask,
  kUnknownGate,
  kUnknownMetric,
  kUnknownAlert,
  kUnknownToken,
  // Refused for this person (exit 3, HTTP 403).
  kRefused,
  kUnknownPerson,     // the actor is not a person of the plan
  kNotAssigned,       // staff acting on a task not assigned to them
  kNotLead,           // a lead-only act
  kNotApprover,       // a gate decision by someone else
  kNotRecipient,      // an ack of someone else's alert
  kFirstLoadNotLead,  // the first load of a project by a non-lead
  kBadToken,          // no token, or one unknown, revoked or expired (HTTP 401)
  // Refused by the state of the project (exit 3, HTTP 409).
  kConflict,
  kBlockedByGate,     // downstream of a gate that has not passed
  kGateNotReady,      // a predecessor of the gate is not done
  kKpiShort,          // a KPI criterion of the gate fails
  kGatePassed,        // a passed gate cannot be rejected
  kDropsProgress,     // a load that would drop started or done work
  // A runtime failure: I/O, the database (exit 1, HTTP 500).
  kFailure,
  kCannotOpen,        // the store's file or folder cannot be created or opened
  kSchemaTooNew,      // a database written by a newer rollout
  kSchemaTooOld,      // a read-only open of a database that needs an upgrade first
  kNotADatabase,      // a file that is not a rollout database
  kStoredPlanUnreadable,
};

enum class ErrorClass : uint8_t { kInvalid, kNotFound, kRefused, kConflict, kFailure };

constexpr ErrorClass ClassOf(ErrorCode code) {
  return code < ErrorCode::kNotFound   ? ErrorClass::kInvalid
         : code < ErrorCode::kRefused  ? ErrorClass::kNotFound
         : code < ErrorCode::kConflict ? ErrorClass::kRefused
         : code < ErrorCode::kFailure  ? ErrorClass::kConflict
                                       : ErrorClass::kFailure;
}

/// One problem: rendered as FILE:LINE:COL: error: MESSAGE (when it has a
/// place in a file), the offending line with a caret, and the hint when
/// there is one. |hint| holds what the data suggests (a did-you-mean);
/// hints about commands come from the edge by |code|.
struct Error {
  Error(Loc at = {}, std::string text = "", std::string suggestion = "",  // NOLINT: implicit
        ErrorCode error_code = ErrorCode::kInvalid, std::string about = "")
      : loc(at),
        message(std::move(text)),
        hint(std::move(suggestion)),
        code(error_code),
        subject(std::move(about)) {}

  Loc loc;
  std::string message;
  std::string hint;
  ErrorCode code = ErrorCode::kInvalid;
  /// The id the error is about (a task, a gate, a metric), for the edge's hint.
  std::string subject;
};

using Errors = std::vector<Error>;

/// An error of |code| with |message| and no place.
inline Error MakeError(ErrorCode code, std::string message, std::string hint = "",
                       std::string subject = "") {
  return Error{{}, std::move(message), std::move(hint), code, std::move(subject)};
}

/// A value or the list of problems that prevented it.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}            // NOLINT: implicit by design
  Result(Errors errors) : v_(std::move(errors)) {}     // NOLINT
  Result(Error error) : v_(Errors{std::move(error)}) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  const Errors& errors() const { return std::get<1>(v_); }
  /// The code of the first error. REQUIRES: !ok().
  ErrorCode code() const { return errors().front().code; }

 private:
  std::variant<T, Errors> v_;
};

/// Success or the problems that prevented it (Result without a value).
using Status = Result<std::monostate>;
inline Status OkStatus() { return std::monostate{}; }

}  // namespace rollout
