// The validator on two threads (plan_validator.cc CheckTasksBesideTheNetwork,
// TaskIndex's InsertAll and FindLinks in ranges): on the same plan it must
// give the errors one thread gives, in the same order and words, and the
// same network when the plan is valid, whatever is wrong with the plan.
#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <string>
#include <vector>

#include "engine/network.h"
#include "engine/plan.h"
#include "engine/plan_validator.h"
#include "po/messages.h"

namespace rollout {
namespace {

// |n| tasks: groups of 1-20 leaves at the top level, links back to earlier
// leaves of every type, people and roles named by some tasks.
Plan Generated(int n, unsigned seed) {
  std::mt19937 rng(seed);
  Plan p;
  p.id = "threads";
  ParseDate("2027-01-11", &p.start);
  p.roles.push_back({"dev", "Dev"});
  Person ivanov;
  ivanov.id = "ivanov";
  ivanov.name = "Иванов";
  ivanov.roles = {"dev"};
  p.people.push_back(ivanov);
  std::vector<int> leaves;
  int line = 1;
  while (static_cast<int>(p.tasks.size()) + 1 < n) {  // room for a group and a leaf
    const int group = static_cast<int>(p.tasks.size());
    Task g;
    g.id = "g" + std::to_string(group);
    g.name = "Этап";
    g.is_group = true;
    g.loc = {line++, 3};
    p.tasks.push_back(g);
    for (int k = 1 + static_cast<int>(rng() % 20); k > 0 && static_cast<int>(p.tasks.size()) < n;
         --k) {
      Task t;
      const int i = static_cast<int>(p.tasks.size());
      t.id = "t" + std::to_string(i);
      t.name = "Задача";
      t.parent = group;
      t.duration = static_cast<int>(rng() % 5);
      t.has_duration = true;
      t.loc = {line++, 5};
      for (int l = static_cast<int>(rng() % 3); l > 0 && !leaves.empty(); --l) {
        Link link;
        link.task = p.tasks[leaves[rng() % leaves.size()]].id;
        link.type = static_cast<LinkType>(rng() % 4);
        link.lag = static_cast<int>(rng() % 3);
        link.loc = {line++, 7};
        t.after.push_back(link);
      }
      if (rng() % 10 == 0) {
        t.assignee = {"ivanov"};
        t.assignee_loc = {line++, 7};
      }
      if (rng() % 10 == 0) t.needs.push_back({"dev", 1, {line++, 7}});
      p.tasks[group].children.push_back(i);
      leaves.push_back(i);
      p.tasks.push_back(t);
    }
    if (p.tasks[group].children.empty()) p.tasks.pop_back();
  }
  return p;
}

std::string Dump(const Errors& errors) {
  std::string out;
  for (const Error& e : errors)
    out += std::to_string(e.loc.line) + ":" + std::to_string(e.loc.col) + " " + e.message +
           " | " + e.hint + "\n";
  return out;
}

std::string Dump(const Network& net) {
  std::string out;
  for (int t : net.node_task) out += std::to_string(t) + ",";
  out += "|";
  for (uint32_t v : net.topo) out += std::to_string(v) + ",";
  out += "|";
  for (auto e : boost::make_iterator_range(boost::edges(net.graph)))
    out += std::to_string(source(e, net.graph)) + ">" + std::to_string(target(e, net.graph)) +
           "/" + std::to_string(net.link_code[e.idx]) + ",";
  return out;
}

Link* SomeLink(Plan* p, int from) {
  for (size_t i = static_cast<size_t>(from); i < p->tasks.size(); ++i)
    if (!p->tasks[i].after.empty()) return &p->tasks[i].after.front();
  return nullptr;
}

// Each damage, applied to a fresh plan; the one-thread and two-thread
// validations must agree.
TEST(ValidatorThreads, TwoThreadsGiveOneThreadsErrorsAndNetwork) {
  const std::vector<std::pair<const char*, std::function<void(Plan*)>>> damages = {
      {"valid", [](Plan*) {}},
      {"unknown task", [](Plan* p) { SomeLink(p, 500)->task = "t-missing"; }},
      {"two unknown tasks and a bad role",
       [](Plan* p) {
         SomeLink(p, 100)->task = "нет";
         SomeLink(p, 2000)->task = "t99999999";
         p->tasks[700].needs.push_back({"qa", 1, {9999, 1}});
       }},
      {"depends on itself",
       [](Plan* p) {
         Link* l = SomeLink(p, 1500);
         for (Task& t : p->tasks)
           if (!t.after.empty() && &t.after.front() == l) l->task = t.id;
       }},
      {"depends on its group",
       [](Plan* p) {
         for (Task& t : p->tasks)
           if (!t.is_group && !t.after.empty() && t.parent >= 0 && &t - &p->tasks[0] > 900) {
             t.after.front().task = p->tasks[t.parent].id;
             break;
           }
       }},
      {"a cycle",
       [](Plan* p) {
         // A task's predecessor waits for it.
         for (size_t i = 1000; i < p->tasks.size(); ++i) {
           Task& t = p->tasks[i];
           if (t.after.empty()) continue;
           for (Task& pred : p->tasks)
             if (pred.id == t.after.front().task) {
               Link back;
               back.task = t.id;
               back.loc = {pred.loc.line, 99};
               pred.after.push_back(back);
               return;
             }
         }
       }},
      {"unknown person", [](Plan* p) { p->tasks[1200].assignee = {"petrov"}; }},
      {"duplicate id", [](Plan* p) { p->tasks[2500].id = p->tasks[40].id; }},
      {"too many people",
       [](Plan* p) {
         for (Task& t : p->tasks)
           if (!t.is_group && &t - &p->tasks[0] > 1800) {
             t.needs.push_back({"dev", 3, {t.loc.line, 9}});
             break;
           }
       }},
  };
  for (Lang lang : {Lang::kEn, Lang::kRu}) {
    LangScope scope(lang);
    for (const auto& [what, damage] : damages) {
      Plan plan = Generated(3000, 11);
      damage(&plan);
      Network one, two;
      const Errors a = ValidatePlan(plan, &one, 1);
      const Errors b = ValidatePlan(plan, &two, 2);
      EXPECT_EQ(Dump(b), Dump(a)) << what;
      if (std::string(what) == "valid") {
        EXPECT_TRUE(a.empty()) << Dump(a);
        EXPECT_GT(one.size(), 2000u) << "the network was handed out";
        EXPECT_EQ(Dump(two), Dump(one));
      } else {
        EXPECT_FALSE(a.empty()) << what;
        EXPECT_EQ(two.size(), 0u) << what << ": no network for an invalid plan";
      }
    }
  }
}

}  // namespace
}  // namespace rollout
