#include "storage/copy_tables.h"

namespace rollout {

const std::vector<CopyTable>& CopyTables() {
  static const std::vector<CopyTable> kTables = {
      {"plan_versions",
       {"version", "plan_id", "project_version", "title", "format", "source", "source_path",
        "timezone", "loaded_at", "loaded_by", "start_on"},
       1, "version"},
      {"plan_tasks", {"plan_version", "task", "seq", "name", "kind", "duration", "assigned"}, 2},
      {"plan_people", {"plan_version", "person", "seq", "name", "roles", "email", "lang"}, 2},
      {"plan_links", {"plan_version", "succ", "pred"}, 3},
      {"plan_upstream_gates", {"plan_version", "task", "gate"}, 3},
      {"levelled_versions", {"plan_version"}, 1},
      {"baselines", {"id", "plan_version", "taken_at", "taken_by", "finish", "duration"}, 1, "id"},
      {"baseline_tasks", {"baseline", "task", "es", "ef", "start", "finish", "assigned"}, 2},
      {"progress",
       {"project", "task", "state", "started_on", "started_at", "finished_on", "finished_at",
        "updated_by", "remaining", "percent", "remaining_at"},
       2},
      {"metrics", {"project", "metric", "value", "set_by", "set_at"}, 2},
      {"gate_decisions", {"id", "project", "gate", "decision", "actor", "note", "at", "on_date"},
       1, "id"},
      {"audit_log",
       {"id", "project", "at", "at_text", "actor", "action", "task", "note", "plan_version"},
       1, "id"},
      {"alerts",
       {"id", "project", "plan_version", "kind", "task", "about", "recipients", "created_at",
        "args", "message"},
       1, "id"},
      {"alert_acks", {"alert_id", "person", "at"}, 2},
      {"outbox", {"alert_id", "sink", "attempts", "next_attempt_at", "delivered_at", "last_error"},
       2},
      {"engine_state", {"key", "value"}, 1},
      {"tokens",
       {"id", "hash", "person", "name", "created_at", "created_by", "expires_at", "revoked_at"},
       1, "id"},
  };
  return kTables;
}

std::string ColumnList(const CopyTable& t) {
  std::string out;
  for (size_t i = 0; i < t.columns.size(); ++i) out += (i ? ", " : "") + std::string(t.columns[i]);
  return out;
}

std::string KeyOrder(const CopyTable& t) {
  std::string out;
  for (int i = 0; i < t.key_columns; ++i) out += (i ? ", " : "") + std::string(t.columns[i]);
  return out;
}

}  // namespace rollout
