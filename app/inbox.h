// What people read and acknowledge: the alert inbox, the audit trail, the
// list of projects.
#pragma once

#include <string>
#include <vector>

#include "app/session.h"
#include "storage/records.h"

namespace rollout {

/// The alerts of the session's project addressed to the actor (every alert
/// for a lead); acknowledged ones only with |include_acked|.
Result<std::vector<StoredAlert>> ListInbox(const Session& session, bool include_acked);

struct AckOutcome {
  StoredAlert alert;
  bool fresh = false;  // false: the actor had acknowledged it before
};

/// Acknowledges alert |id| (its recipients, or a lead). kUnknownAlert for an
/// id that is not an alert of this project, kNotRecipient.
Result<AckOutcome> AckAlert(const Session& session, int64_t id);

/// The audit trail of the session's project, oldest first.
Result<std::vector<LogEntry>> ReadAuditLog(const Session& session);

/// Every project of |store|.
Result<std::vector<ProjectRow>> ListProjects(Store& store);

}  // namespace rollout
