#include "app/snapshot.h"

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "po/messages.h"
#include "storage/copy_tables.h"

namespace rollout {
namespace {

using Json = nlohmann::json;

// Which rows of a table belong to the project: those whose |column| is the
// project's id (|in| empty) or in the set of keys |in| collected from an
// earlier table; |collect| names the column whose values this table adds to
// the set |into| for the tables after it.
struct Rule {
  const char* table;
  const char* column;
  const char* in;  // "" = the project's id
  const char* collect = "";
  const char* into = "";
};

constexpr Rule kRules[] = {
    {"plan_versions", "plan_id", "", "version", "versions"},
    {"plan_tasks", "plan_version", "versions"},
    {"plan_people", "plan_version", "versions"},
    {"plan_links", "plan_version", "versions"},
    {"plan_upstream_gates", "plan_version", "versions"},
    {"levelled_versions", "plan_version", "versions"},
    {"baselines", "plan_version", "versions", "id", "baselines"},
    {"baseline_tasks", "baseline", "baselines"},
    {"progress", "project", ""},
    {"metrics", "project", ""},
    {"gate_decisions", "project", ""},
    {"audit_log", "project", ""},
    {"alerts", "project", "", "id", "alerts"},
    {"alert_acks", "alert_id", "alerts"},
};

const Rule* RuleOf(const std::string& table) {
  for (const Rule& r : kRules)
    if (table == r.table) return &r;
  return nullptr;
}

int ColumnOf(const CopyTable& t, const char* name) {
  for (size_t i = 0; i < t.columns.size(); ++i)
    if (std::string(t.columns[i]) == name) return static_cast<int>(i);
  return -1;
}

Error Bad(const std::string& what) {
  return MakeError(ErrorCode::kFailure, Tr("the server's snapshot is not readable: {0}", what));
}

}  // namespace

Result<std::string> ProjectSnapshotJson(Store& store, const SnapshotHead& head) {
  const std::string& project = head.project;
  Json tables = Json::object();
  Status read = store.Read([&](StoreTx& tx) {
    tables = Json::object();
    std::map<std::string, std::set<std::string>> keys;
    for (const CopyTable& t : CopyTables()) {
      const Rule* rule = RuleOf(t.name);
      if (rule == nullptr) continue;  // tokens, the outbox, the engine's state
      const int by = ColumnOf(t, rule->column);
      const int collect = *rule->collect ? ColumnOf(t, rule->collect) : -1;
      const std::set<std::string>* in = *rule->in ? &keys[rule->in] : nullptr;
      Json rows = Json::array();
      for (CopyRow& row : tx.ReadTableRows(t)) {
        if (by < 0 || !row[by]) continue;
        const bool ours = in ? in->count(*row[by]) > 0 : *row[by] == project;
        if (!ours) continue;
        if (collect >= 0 && row[collect]) keys[rule->into].insert(*row[collect]);
        Json r = Json::array();
        for (std::optional<std::string>& v : row) r.push_back(v ? Json(std::move(*v)) : Json());
        rows.push_back(std::move(r));
      }
      tables[t.name] = {{"columns", t.columns}, {"rows", std::move(rows)}};
    }
  });
  if (!read.ok()) return read.errors();
  Json out = {{"project", project}, {"now", head.now}, {"person", head.person}, {"tables", std::move(tables)}};
  return out.dump(-1, ' ', false, Json::error_handler_t::strict);
}

Status LoadProjectSnapshot(const std::string& json, Store& to, SnapshotHead* head) {
  Json doc = Json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return Bad(Tr("not a JSON object"));
  for (const char* key : {"project", "now", "person"})
    if (!doc.contains(key) || !doc[key].is_string()) return Bad(Tr("no '{0}'", key));
  if (!doc.contains("tables") || !doc["tables"].is_object()) return Bad(Tr("no tables"));
  const Json& tables = doc["tables"];
  for (const auto& [name, value] : tables.items()) {
    (void)value;
    if (RuleOf(name) == nullptr) return Bad(Tr("unknown table '{0}'", name));
  }
  std::vector<std::pair<const CopyTable*, std::vector<CopyRow>>> rows;
  for (const CopyTable& t : CopyTables()) {
    if (RuleOf(t.name) == nullptr || !tables.contains(t.name)) continue;
    const Json& table = tables[t.name];
    // The same columns in the same order: a server of another version of
    // rollout sends other ones, and a guess would misplace values.
    if (!table.is_object() || !table.contains("columns") || !table.contains("rows") ||
        table["columns"] != Json(t.columns) || !table["rows"].is_array())
      return Bad(Tr("the table '{0}' has other columns than this rollout's (is the server of another "
                    "version?)",
                    t.name));
    std::vector<CopyRow> out;
    for (const Json& r : table["rows"]) {
      if (!r.is_array() || r.size() != t.columns.size())
        return Bad(Tr("a row of '{0}' has the wrong number of values", t.name));
      CopyRow row;
      for (const Json& v : r) {
        if (v.is_null()) row.emplace_back(std::nullopt);
        else if (v.is_string()) row.emplace_back(v.get<std::string>());
        else return Bad(Tr("a value of '{0}' is neither text nor null", t.name));
      }
      out.push_back(std::move(row));
    }
    rows.emplace_back(&t, std::move(out));
  }
  head->project = doc["project"].get<std::string>();
  head->now = doc["now"].get<std::string>();
  head->person = doc["person"].get<std::string>();
  return to.Write([&](StoreTx& tx) {
    for (auto& [t, r] : rows) {
      tx.InsertTableRows(*t, r);
      tx.ContinueIdsAfterCopy(*t);
    }
    return Store::Outcome::kCommit;
  });
}

}  // namespace rollout
