#include "engine/plan_validator.h"

#include <algorithm>
#include <functional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "engine/spellcheck.h"
#include "engine/task_index.h"
#include "engine/work_calendar.h"
#include "po/messages.h"

namespace rollout {
namespace {

class Validator {
 public:
  Validator(const Plan& plan, unsigned threads)
      : plan_(plan),
        index_(plan),
        threads_(threads != 0 ? threads : TaskIndex::DefaultThreads(plan.tasks.size())) {}

  /// Runs every check; moves the network into |*net| when the plan is valid.
  Errors Run(Network* net) {
    CheckIds();
    CheckPeople();
    size_t links = 0;
    for (const Task& t : plan_.tasks) links += t.after.size();
    link_task_.reserve(links);
    index_.FindLinks(&link_task_, threads_);  // every link's task at once: the lookups overlap
    if (!broken_links_ && threads_ >= 2) {
      CheckTasksBesideTheNetwork(net);
    } else {
      CheckTasks();
      if (!broken_links_) CheckCycles(net);
    }
    std::stable_sort(errors_.begin(), errors_.end(), [](const Error& a, const Error& b) {
      return a.loc.line != b.loc.line ? a.loc.line < b.loc.line : a.loc.col < b.loc.col;
    });
    return std::move(errors_);
  }

 private:
  void Add(Loc loc, std::string message, std::string hint = "") {
    errors_.push_back({loc, std::move(message), std::move(hint)});
  }

  // renamed_from names an id of the previous version: not one this version
  // still has, and not one that two tasks claim.
  void CheckRenames() {
    std::unordered_map<std::string_view, const Task*> claimed;
    for (const Task& t : plan_.tasks) {
      if (t.renamed_from.empty()) continue;
      if (t.renamed_from == t.id) {
        Add(t.renamed_loc, Tr("task '{0}' is renamed from itself", t.id),
            Tr("remove 'renamed_from', or name the id it had before"));
      } else if (index_.Find(t.renamed_from.view()) >= 0) {
        Add(t.renamed_loc,
            Tr("task '{0}' is renamed from '{1}', which is still a task", t.id, t.renamed_from),
            Tr("a renamed task's old id must be gone from the plan"));
      } else if (auto [it, fresh] = claimed.emplace(t.renamed_from.view(), &t); !fresh) {
        Add(t.renamed_loc,
            Tr("tasks '{0}' and '{1}' are both renamed from '{2}'", it->second->id, t.id,
               t.renamed_from),
            Tr("one task keeps the progress and baseline of an old id"));
      }
    }
  }

  void CheckIds() {
    // Tasks without an id are not indexed: the reader has reported them.
    for (const auto& [i, earlier] : index_.InsertAll(threads_)) {
      const Task& t = plan_.tasks[i];
      const Task& first = plan_.tasks[earlier];
      broken_links_ = true;
      Add(t.loc, Tr("duplicate task id '{0}'", t.id),
          Tr("the first is at line {0}; ids must be unique", first.loc.line));
    }
    CheckRenames();
    for (const Role& r : plan_.roles) {
      role_ids_.push_back(r.id);
      holders_.emplace(r.id, 0);
    }
    for (const Person& p : plan_.people) {
      person_ids_.push_back(p.id);
      people_.insert(p.id);
      // A person listing a role twice holds it once (Plan::PeopleWithRole).
      std::unordered_set<std::string_view> own(p.roles.begin(), p.roles.end());
      for (std::string_view r : own)
        if (auto it = holders_.find(r); it != holders_.end()) ++it->second;
    }
    for (const Metric& m : plan_.metrics) {
      metric_ids_.push_back(m.id);
      metrics_.insert(m.id);
    }
  }

  bool IsRole(std::string_view id) const { return holders_.count(id) != 0; }
  bool IsPerson(std::string_view id) const { return people_.count(id) != 0; }

  void CheckPeople() {
    std::unordered_set<std::string_view> seen;
    for (const Person& p : plan_.people) {
      if (!p.id.empty() && !seen.insert(p.id).second)
        Add(p.loc, Tr("duplicate person id '{0}'", p.id));
      for (const std::string& r : p.roles)
        if (!IsRole(r))
          Add(p.loc, Tr("person '{0}' has unknown role '{1}'", p.id, r),
              Hint(r, role_ids_, Tr("declare it under 'roles'")));
    }
  }

  // A did-you-mean is a search through every candidate; only the first
  // kMaxHints problems get one, so that a plan of a million unknown
  // references is not quadratic.
  static constexpr int kMaxHints = 100;

  std::string Spell(std::string_view word, const std::vector<std::string_view>& candidates) {
    if (hints_left_ <= 0) return "";
    --hints_left_;
    return DidYouMean(word, candidates);
  }

  std::string Hint(std::string_view word, const std::vector<std::string_view>& candidates,
                   std::string fallback) {
    std::string h = Spell(word, candidates);
    return h.empty() ? fallback : h;
  }

  void CheckTask(int i) {
    const Task& t = plan_.tasks[i];
    if (t.is_group && t.children.empty())
      Add(t.loc, Tr("group '{0}' has no tasks", t.id),
          Tr("add tasks to it or remove its 'tasks' key"));
    for (const Link& l : t.after) CheckLink(t, l);
    for (const Need& n : t.needs) CheckNeed(t, n);
    for (const std::string& a : t.assignee)
      if (!IsPerson(a))
        Add(t.assignee_loc, Tr("task '{0}' is assigned to unknown person '{1}'", t.id, a),
            Hint(a, person_ids_, Tr("declare the person under 'people'")));
    if (t.gate) CheckGate(t);
  }

  void CheckLink(const Task& t, const Link& l) {
    const int found = link_task_[next_link_++];
    if (found < 0) {
      if (task_ids_.empty())
        for (const Task& x : plan_.tasks) task_ids_.push_back(x.id);
      broken_links_ = true;
      Add(l.loc, Tr("task '{0}' depends on unknown task '{1}'", t.id, l.task),
          Spell(l.task, task_ids_));
      return;
    }
    const Task& p = plan_.tasks[found];
    if (&p == &t || Contains(p, t) || Contains(t, p)) {
      broken_links_ = true;  // a cycle through one task; said better here
      Add(l.loc,
          &p == &t         ? Tr("task '{0}' depends on itself", t.id)
          : Contains(p, t) ? Tr("'{0}' depends on '{1}', which contains it", t.id, p.id)
                           : Tr("'{0}' depends on '{1}', which it contains", t.id, p.id),
          &p == &t ? Tr("remove '{0}' from its own 'after' list", t.id)
                   : Tr("remove this link; a group's tasks cannot wait for the group itself"));
      return;
    }
    if (p.is_group && (l.type == LinkType::kSS || l.type == LinkType::kSF))
      Add(l.loc,
          Tr("an {0} link cannot start from group '{1}'", l.type == LinkType::kSS ? "SS" : "SF",
             p.id),
          Tr("link from a task inside the group, or use FS or FF"));
  }

  // True if |inner| is |outer| or lies inside it.
  bool Contains(const Task& outer, const Task& inner) const {
    for (int i = inner.parent; i >= 0; i = plan_.tasks[i].parent)
      if (&plan_.tasks[i] == &outer) return true;
    return false;
  }

  void CheckNeed(const Task& t, const Need& n) {
    if (!IsRole(n.role)) {
      Add(n.loc, Tr("task '{0}' needs unknown role '{1}'", t.id, n.role),
          Hint(n.role, role_ids_, Tr("declare it under 'roles'")));
      return;
    }
    const int holders = holders_.find(n.role)->second;
    if (n.count > holders)
      Add(n.loc,
          // English has said "people" for every count; Russian needs its three forms.
          TrN("task '{0}' needs {1} people with role '{2}', but only {3} have it",
              "task '{0}' needs {1} people with role '{2}', but only {3} have it", n.count, t.id,
              n.count, n.role, holders),
          Tr("lower the count or give the role to more people"));
  }

  void CheckGate(const Task& t) {
    for (const std::string& a : t.gate->approve)
      if (!IsRole(a) && !IsPerson(a)) {
        std::vector<std::string_view> both;
        if (hints_left_ > 0) {
          both = role_ids_;
          both.insert(both.end(), person_ids_.begin(), person_ids_.end());
        }
        Add(t.gate->loc, Tr("gate '{0}' names unknown approver '{1}'", t.id, a),
            Hint(a, both, Tr("approvers are role or person ids")));
      }
    for (const MetricCriterion& c : t.gate->metrics) {
      if (metrics_.count(c.metric) == 0)
        Add(c.loc, Tr("gate '{0}' uses unknown metric '{1}'", t.id, c.metric),
            Hint(c.metric, metric_ids_, Tr("declare it under 'metrics'")));
    }
  }

  void CheckTasks() {
    for (size_t i = 0; i < plan_.tasks.size(); ++i) CheckTask(static_cast<int>(i));
  }

  // A large plan whose ids are unique: its network is built on this thread
  // while another checks the tasks (both only read the plan and the links'
  // tasks; BuildNetwork passes over a link to no task, and a link to itself
  // or its group makes a cycle). The network counts only if the check finds
  // every link sound, as when it is built after the check, and the errors
  // come in the same order.
  void CheckTasksBesideTheNetwork(Network* out) {
    index_.Free();  // every reference is resolved: see CheckCycles
    const Lang lang = CurrentLang();
    std::thread checker([this, lang] {
      LangScope scope(lang);  // the caller's language for the messages
      CheckTasks();
    });
    struct Join {  // also when BuildNetwork throws (no memory)
      std::thread& t;
      ~Join() {
        if (t.joinable()) t.join();
      }
    } join{checker};
    Result<Network> net = BuildNetwork(plan_, link_task_);
    checker.join();
    std::vector<int>().swap(link_task_);
    if (!broken_links_) CheckNetwork(std::move(net), out);
  }

  // Every id is unique and every link resolved here (else broken_links_).
  void CheckCycles(Network* out) {
    // Every reference is resolved: the id index (a million tasks: 16 MB) is
    // freed before the network is built, the links' tasks (8 MB) after it.
    index_.Free();
    Result<Network> net = BuildNetwork(plan_, link_task_);
    std::vector<int>().swap(link_task_);
    CheckNetwork(std::move(net), out);
  }

  // A built network's cycle or expansion errors, else its horizon.
  void CheckNetwork(Result<Network> net, Network* out) {
    if (!net.ok()) {
      for (const Error& e : net.errors()) errors_.push_back(e);
      return;
    }
    CheckHorizon(net.value());
    if (out != nullptr && errors_.empty()) *out = std::move(net.value());
  }

  // The latest early finish over the leaves (plan-format.md §4's forward
  // pass) in 64 bits, with |release| as each node's lower bound.
  static std::vector<int64_t> EarlyFinish(const Network& net, const std::vector<int64_t>& release,
                                          const std::vector<int64_t>& dur) {
    const CsrGraph& g = net.graph;
    std::vector<int64_t> bound(release), ef(net.size(), 0);
    for (uint32_t v : net.topo) {
      const int64_t es = std::max<int64_t>(0, bound[v]);
      ef[v] = es + dur[v];
      for (auto e : boost::make_iterator_range(boost::out_edges(v, g))) {
        const uint32_t s = target(e, g);
        const int32_t code = net.link_code[e.idx];
        const int64_t lag = Network::CodeLag(code);
        int64_t b = 0;
        switch (Network::CodeType(code)) {
          case LinkType::kFS: b = ef[v] + lag; break;
          case LinkType::kSS: b = es + lag; break;
          case LinkType::kFF: b = ef[v] + lag - dur[s]; break;
          case LinkType::kSF: b = es + lag - dur[s]; break;
        }
        bound[s] = std::max(bound[s], b);
      }
    }
    return ef;
  }

  // Every date the schedule reaches must lie before kMaxDate: its early
  // finish F must not pass the working days the calendar has up to then.
  // Durations and lags are bounded by the reader, so F fits in 64 bits and,
  // once checked here, every offset of the passes fits in an int.
  void CheckHorizon(const Network& net) {
    const Calendar& cal = plan_.calendar;
    const int workdays = static_cast<int>(std::count(cal.workdays.begin(), cal.workdays.end(), true));
    if (workdays == 0 || net.size() == 0) return;  // the reader has reported it
    if (plan_.start < kMinDate || plan_.start > kMaxDate) return;  // likewise
    const size_t n = net.size();
    std::vector<int64_t> dur(n), release(n, 0);
    for (size_t v = 0; v < n; ++v) {
      const Task& t = plan_.tasks[net.node_task[v]];
      // The longest a Monte Carlo iteration may draw (plan-format.md §8).
      dur[v] = t.estimate ? std::max(t.duration, t.estimate->max) : t.duration;
      // Calendar days bound the working days to a date from above.
      if (t.not_before) release[v] = std::max<int64_t>(0, int64_t{*t.not_before} - plan_.start);
    }
    std::vector<int64_t> ef = EarlyFinish(net, release, dur);
    int64_t finish = *std::max_element(ef.begin(), ef.end());
    // A quick lower bound of the working days up to kMaxDate: whole weeks
    // times the working weekdays, less every holiday.
    int64_t holidays = 0;
    for (const DateRange& r : cal.holidays) holidays += int64_t{r.last} - r.first + 1;
    if (finish <= (int64_t{kMaxDate} - plan_.start + 1) / 7 * workdays - holidays) return;
    // Close to the end of the window: count exactly.
    WorkCalendar wc(cal, plan_.start);
    const int64_t working = wc.day0() > kMaxDate ? 0 : wc.CountWorking(wc.day0(), kMaxDate);
    for (size_t v = 0; v < n; ++v) {
      const Task& t = plan_.tasks[net.node_task[v]];
      if (t.not_before) release[v] = *t.not_before > kMaxDate ? working : wc.OffStart(*t.not_before);
    }
    ef = EarlyFinish(net, release, dur);
    finish = *std::max_element(ef.begin(), ef.end());
    if (finish <= working) return;
    for (size_t v = 0; v < n; ++v) {
      if (ef[v] <= working) continue;
      const Task& t = plan_.tasks[net.node_task[v]];
      Add(t.loc,
          Tr("task '{0}' would finish after 9999-12-31, the last date a plan may reach", t.id),
          TrN("its earliest finish is {0} working days after the start, and the calendar has "
              "only {1} before 9999-12-31",
              "its earliest finish is {0} working days after the start, and the calendar has "
              "only {1} before 9999-12-31",
              ef[v], ef[v], working));
      return;  // one is enough: the ones after it follow from it
    }
  }

  const Plan& plan_;
  Errors errors_;
  bool broken_links_ = false;  // a cycle check needs every link resolved
  TaskIndex index_;
  std::vector<int> link_task_;  // every link's task, in plan order (for BuildNetwork)
  size_t next_link_ = 0;        // CheckLink's place in link_task_
  std::vector<std::string_view> task_ids_, role_ids_, person_ids_, metric_ids_;
  std::unordered_map<std::string_view, int> holders_;  // role -> people having it
  std::unordered_set<std::string_view> people_, metrics_;
  int hints_left_ = kMaxHints;
  unsigned threads_ = 1;
};

}  // namespace

Errors ValidatePlan(const Plan& plan) { return Validator(plan, 0).Run(nullptr); }

Errors ValidatePlan(const Plan& plan, Network* net) { return Validator(plan, 0).Run(net); }

Errors ValidatePlan(const Plan& plan, Network* net, unsigned threads) {
  return Validator(plan, threads).Run(net);
}

}  // namespace rollout
