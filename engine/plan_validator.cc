#include "engine/plan_validator.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_set>

#include "engine/spellcheck.h"

namespace rollout {
namespace {

class Validator {
 public:
  explicit Validator(const Plan& plan) : plan_(plan), index_(plan) {}

  /// Runs every check; moves the network into |*net| when the plan is valid.
  Errors Run(Network* net) {
    CheckIds();
    CheckPeople();
    for (size_t i = 0; i < plan_.tasks.size(); ++i) CheckTask(static_cast<int>(i));
    if (!broken_links_) CheckCycles(net);
    std::stable_sort(errors_.begin(), errors_.end(), [](const Error& a, const Error& b) {
      return a.loc.line != b.loc.line ? a.loc.line < b.loc.line : a.loc.col < b.loc.col;
    });
    return std::move(errors_);
  }

 private:
  void Add(Loc loc, std::string message, std::string hint = "") {
    errors_.push_back({loc, std::move(message), std::move(hint)});
  }

  void CheckIds() {
    for (size_t i = 0; i < plan_.tasks.size(); ++i) {
      const Task& t = plan_.tasks[i];
      if (t.id.empty()) continue;  // the reader has reported it
      const int earlier = index_.Insert(static_cast<int>(i));
      if (earlier >= 0) {
        const Task& first = plan_.tasks[earlier];
        broken_links_ = true;
        Add(t.loc, "duplicate task id '" + t.id + "'",
            "the first is at line " + std::to_string(first.loc.line) + "; ids must be unique");
      }
    }
    for (const Role& r : plan_.roles) role_ids_.push_back(r.id);
    for (const Person& p : plan_.people) person_ids_.push_back(p.id);
    for (const Metric& m : plan_.metrics) metric_ids_.push_back(m.id);
  }

  void CheckPeople() {
    std::unordered_set<std::string_view> seen;
    for (const Person& p : plan_.people) {
      if (!p.id.empty() && !seen.insert(p.id).second) Add(p.loc, "duplicate person id '" + p.id + "'");
      for (const std::string& r : p.roles)
        if (plan_.FindRole(r) == nullptr)
          Add(p.loc, "person '" + p.id + "' has unknown role '" + r + "'",
              Hint(r, role_ids_, "declare it under 'roles'"));
    }
  }

  static std::string Hint(std::string_view word, const std::vector<std::string_view>& candidates,
                          std::string fallback) {
    std::string h = DidYouMean(word, candidates);
    return h.empty() ? fallback : h;
  }

  void CheckTask(int i) {
    const Task& t = plan_.tasks[i];
    if (t.is_group && t.children.empty())
      Add(t.loc, "group '" + t.id + "' has no tasks", "add tasks to it or remove its 'tasks' key");
    for (const Link& l : t.after) CheckLink(t, l);
    for (const Need& n : t.needs) CheckNeed(t, n);
    for (const std::string& a : t.assignee)
      if (plan_.FindPerson(a) == nullptr)
        Add(t.assignee_loc, "task '" + t.id + "' is assigned to unknown person '" + a + "'",
            Hint(a, person_ids_, "declare the person under 'people'"));
    if (t.gate) CheckGate(t);
  }

  void CheckLink(const Task& t, const Link& l) {
    const int found = index_.Find(l.task);
    link_task_.push_back(found);
    if (found < 0) {
      if (task_ids_.empty())
        for (const Task& x : plan_.tasks) task_ids_.push_back(x.id);
      broken_links_ = true;
      Add(l.loc, "task '" + t.id + "' depends on unknown task '" + l.task + "'",
          DidYouMean(l.task, task_ids_));
      return;
    }
    const Task& p = plan_.tasks[found];
    if (&p == &t || Contains(p, t) || Contains(t, p)) {
      broken_links_ = true;  // a cycle through one task; said better here
      Add(l.loc,
          &p == &t ? "task '" + t.id + "' depends on itself"
                   : "'" + t.id + "' depends on '" + p.id + "', which " +
                         (Contains(p, t) ? "contains it" : "it contains"),
          "remove this link; a group's tasks cannot wait for the group itself");
      return;
    }
    if (p.is_group && (l.type == LinkType::kSS || l.type == LinkType::kSF))
      Add(l.loc,
          std::string("an ") + (l.type == LinkType::kSS ? "SS" : "SF") +
              " link cannot start from group '" + p.id + "'",
          "link from a task inside the group, or use FS or FF");
  }

  // True if |inner| is |outer| or lies inside it.
  bool Contains(const Task& outer, const Task& inner) const {
    for (int i = inner.parent; i >= 0; i = plan_.tasks[i].parent)
      if (&plan_.tasks[i] == &outer) return true;
    return false;
  }

  void CheckNeed(const Task& t, const Need& n) {
    if (plan_.FindRole(n.role) == nullptr) {
      Add(n.loc, "task '" + t.id + "' needs unknown role '" + n.role + "'",
          Hint(n.role, role_ids_, "declare it under 'roles'"));
      return;
    }
    const int holders = static_cast<int>(plan_.PeopleWithRole(n.role).size());
    if (n.count > holders)
      Add(n.loc,
          "task '" + t.id + "' needs " + std::to_string(n.count) + " people with role '" +
              n.role + "', but only " + std::to_string(holders) + " have it",
          "lower the count or give the role to more people");
  }

  void CheckGate(const Task& t) {
    for (const std::string& a : t.gate->approve)
      if (plan_.FindRole(a) == nullptr && plan_.FindPerson(a) == nullptr) {
        std::vector<std::string_view> both = role_ids_;
        both.insert(both.end(), person_ids_.begin(), person_ids_.end());
        Add(t.gate->loc, "gate '" + t.id + "' names unknown approver '" + a + "'",
            Hint(a, both, "approvers are role or person ids"));
      }
    for (const MetricCriterion& c : t.gate->metrics) {
      bool known = std::any_of(plan_.metrics.begin(), plan_.metrics.end(),
                               [&](const Metric& m) { return m.id == c.metric; });
      if (!known)
        Add(c.loc, "gate '" + t.id + "' uses unknown metric '" + c.metric + "'",
            Hint(c.metric, metric_ids_, "declare it under 'metrics'"));
    }
  }

  // Every id is unique and every link resolved here (else broken_links_).
  void CheckCycles(Network* out) {
    Result<Network> net = BuildNetwork(plan_, link_task_);
    if (!net.ok()) {
      for (const Error& e : net.errors()) errors_.push_back(e);
    } else if (out != nullptr && errors_.empty()) {
      *out = std::move(net.value());
    }
  }

  const Plan& plan_;
  Errors errors_;
  bool broken_links_ = false;  // a cycle check needs every link resolved
  TaskIndex index_;
  std::vector<int> link_task_;  // every link's task, in plan order (for BuildNetwork)
  std::vector<std::string_view> task_ids_, role_ids_, person_ids_, metric_ids_;
};

}  // namespace

Errors ValidatePlan(const Plan& plan) { return Validator(plan).Run(nullptr); }

Errors ValidatePlan(const Plan& plan, Network* net) { return Validator(plan).Run(net); }

}  // namespace rollout
