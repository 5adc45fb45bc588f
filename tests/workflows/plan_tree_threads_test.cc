// The plan reader's tasks on several threads (ReadPlanTree with threads,
// plan_tree_reader.cc ReadTasksInParallel): on a large plan it must give the
// plan one thread gives, field for field and position for position, and
// where one thread reports problems it must report the same ones in the
// same order and words (by reading on one thread).
#include <gtest/gtest.h>

#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "engine/plan.h"
#include "po/messages.h"
#include "workflows/flat_doc.h"
#include "workflows/plan_reader.h"
#include "workflows/source_node.h"

namespace rollout {
namespace {

std::string L(Loc l) { return std::to_string(l.line) + ":" + std::to_string(l.col); }

// Every field the reader sets, positions included.
std::string Dump(const Plan& p) {
  std::ostringstream o;
  o << p.id << '|' << p.title << '|' << p.start << '|' << p.people.size() << '|'
    << p.roles.size() << '|' << p.tasks.size() << '\n';
  for (const Task& t : p.tasks) {
    o << t.id << '|' << t.name << '|' << t.is_group << '|' << t.parent << '|' << t.duration << '|'
      << t.has_duration << '|' << L(t.loc) << "|ch";
    for (int c : t.children) o << ' ' << c;
    o << "|after";
    for (const Link& l : t.after)
      o << ' ' << l.task << '/' << static_cast<int>(l.type) << '/' << l.lag << '@' << L(l.loc);
    o << "|needs";
    for (const Need& n : t.needs) o << ' ' << n.role << '=' << n.count << '@' << L(n.loc);
    o << "|as";
    for (const std::string& a : t.assignee) o << ' ' << a;
    o << '@' << L(t.assignee_loc) << '|' << (t.not_before ? *t.not_before : -1) << '|'
      << (t.deadline ? *t.deadline : -1) << '@' << L(t.deadline_loc) << '|';
    if (t.gate) {
      o << "gate@" << L(t.gate->loc);
      for (const std::string& a : t.gate->approve) o << ' ' << a;
      for (const MetricCriterion& c : t.gate->metrics)
        o << ' ' << c.metric << '>' << (c.min ? *c.min : -1) << '<' << (c.max ? *c.max : -1)
          << '@' << L(c.loc);
    }
    o << '|' << t.deliverable.view() << '|' << t.notes.view() << '|' << t.renamed_from.view() << '@'
      << L(t.renamed_loc)
      << '|';
    if (t.estimate)
      o << t.estimate->min << ',' << t.estimate->likely << ',' << t.estimate->max << '@'
        << L(t.estimate->loc);
    o << '\n';
  }
  return o.str();
}

std::string DumpErrors(const Errors& errors) {
  std::string out;
  for (const Error& e : errors) out += L(e.loc) + " " + e.message + " | " + e.hint + "\n";
  return out;
}

// A plan of |n| leaves in groups |depth| deep (0: a flat list), every task
// key in use, as JSON or as YAML (block maps, positions to compare).
struct Gen {
  Gen(unsigned seed, bool as_yaml) : rng(seed), yaml(as_yaml) {}
  std::mt19937 rng;
  bool yaml;
  std::string out;
  int next = 0;        // tasks: t0, t1, ...
  int next_group = 0;  // groups: g0, g1, ...

  int Rand(int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); }

  std::string Task(int i, int indent) {
    const std::string pad(static_cast<size_t>(indent), ' ');
    std::vector<std::pair<std::string, std::string>> kv;  // key, value (JSON text)
    kv.push_back({"id", "\"t" + std::to_string(i) + "\""});
    kv.push_back({"name", "\"Задача " + std::to_string(i) + (Rand(7) == 0 ? " {a}, [b]" : "") + "\""});
    const int kind = Rand(10);
    if (kind == 0) {
      kv.push_back({"gate", Rand(2) != 0 ? "true"
                                         : R"({"approve": ["lead", "anna"], "metrics": [{"metric": "m1", "min": 2.5}]})"});
    } else if (kind == 1) {
      kv.push_back({"estimate", R"({"min": 1, "likely": 3, "max": 8})"});
    } else {
      kv.push_back({"duration", Rand(3) == 0 ? "\"" + std::to_string(Rand(4)) + "w\""
                                             : std::to_string(Rand(20))});
    }
    if (i > 0) {
      std::string after = "[";
      for (int k = 0, links = 1 + Rand(3); k < links; ++k) {
        const int to = Rand(i);
        if (k > 0) after += ", ";
        after += Rand(3) == 0 ? R"({"task": "t)" + std::to_string(to) + R"(", "type": "SS", "lag": )" +
                                    std::to_string(Rand(5) - 2) + "}"
                              : "\"t" + std::to_string(to) + "\"";
      }
      kv.push_back({"after", after + "]"});
    }
    if (Rand(5) == 0) kv.push_back({"needs", R"({"dev": 1})"});
    if (Rand(5) == 0) kv.push_back({"assignee", "\"anna\""});
    if (Rand(9) == 0) kv.push_back({"not_before", "\"2027-02-01\""});
    if (Rand(9) == 0) kv.push_back({"deadline", "\"2028-02-01\""});
    if (Rand(11) == 0) kv.push_back({"deliverable", "\"отчёт \\\"итог\\\"\""});
    if (Rand(11) == 0) kv.push_back({"notes", "\"a\\nb\""});
    if (Rand(13) == 0) kv.push_back({"renamed_from", "\"old" + std::to_string(i) + "\""});
    std::shuffle(kv.begin() + 1, kv.end(), rng);
    std::string s;
    if (yaml) {
      for (size_t k = 0; k < kv.size(); ++k)
        s += (k == 0 ? pad + "- " : pad + "  ") + kv[k].first + ": " + kv[k].second + "\n";
    } else {
      s = pad + "{";
      for (size_t k = 0; k < kv.size(); ++k)
        s += (k > 0 ? ", \"" : "\"") + kv[k].first + "\": " + kv[k].second;
      s += "}";
    }
    return s;
  }

  // |n| leaves below one list at |indent|, |depth| levels of groups.
  void List(int n, int depth, int indent) {
    const std::string pad(static_cast<size_t>(indent), ' ');
    const int groups = depth == 0 ? 0 : 1 + Rand(4);
    std::vector<std::string> items;
    int left = n;
    for (int g = 0; g < groups; ++g) {
      const int share = g + 1 == groups ? left : Rand(left + 1);
      left -= share;
      const int id = next_group++;
      if (yaml && share == 0) {
        out += pad + "- id: g" + std::to_string(id) + "\n" + pad + "  name: Этап\n" + pad +
               "  tasks: []\n";
      } else if (yaml) {
        out += pad + "- id: g" + std::to_string(id) + "\n" + pad + "  name: Этап\n" + pad +
               "  tasks:\n";
        List(share, depth - 1, indent + 4);
      } else {
        out += (g > 0 ? ",\n" : "") + pad + "{\"id\": \"g" + std::to_string(id) +
               "\", \"name\": \"Этап\", \"tasks\": [\n";
        List(share, depth - 1, indent + 2);
        out += "]}";
      }
    }
    for (int k = 0; k < left; ++k) {
      if (!yaml && (groups > 0 || k > 0)) out += ",\n";
      out += Task(next++, indent);
    }
    if (!yaml) out += "\n";
  }

  std::string Plan(int n, int depth) {
    out.clear();
    next = 0;
    next_group = 0;
    if (yaml) {
      out = "plan: gen\nstart: 2027-01-11\nroles:\n  dev: {name: Dev}\n  lead: {name: Lead}\n"
            "metrics:\n  m1: {name: M}\npeople:\n  - {id: anna, roles: [dev, lead]}\ntasks:\n";
      List(n, depth, 2);
    } else {
      out = "{\"plan\": \"gen\", \"start\": \"2027-01-11\", \"roles\": {\"dev\": {\"name\": \"Dev\"}, "
            "\"lead\": {\"name\": \"Lead\"}}, \"metrics\": {\"m1\": {\"name\": \"M\"}}, "
            "\"people\": [{\"id\": \"anna\", \"roles\": [\"dev\", \"lead\"]}], \"tasks\": [\n";
      List(n, depth, 0);
      out += "]}\n";
    }
    return out;
  }
};

struct Read {
  bool parsed = false;
  unsigned parts = 0;
  std::string plan;
  std::string errors;
};

Read ReadWith(const std::string& text, bool yaml, unsigned threads) {
  Read r;
  FlatDoc doc;
  r.parsed = yaml ? doc.ParseYaml(text, kYamlExpansionBase + kYamlExpansionPerByte * text.size(),
                                  FlatDoc::YamlThreads{1, 0})
                  : doc.ParseJson(text);
  if (!r.parsed) return r;
  Plan plan;
  r.errors = DumpErrors(ReadPlanTree(FlatNode(&doc, doc.root()), &plan, threads, &r.parts));
  r.plan = Dump(plan);
  return r;
}

// Reads |text| on one thread and on 2, 3 and 4; the same plan and errors.
// Returns the parts of the 2-thread read.
unsigned Agrees(const std::string& text, bool yaml) {
  const Read one = ReadWith(text, yaml, 1);
  EXPECT_TRUE(one.parsed);
  EXPECT_EQ(one.parts, 1u);
  unsigned parts2 = 0;
  for (unsigned threads : {2u, 3u, 4u}) {
    const Read many = ReadWith(text, yaml, threads);
    EXPECT_EQ(many.plan, one.plan) << "threads " << threads;
    EXPECT_EQ(many.errors, one.errors) << "threads " << threads;
    if (threads == 2) parts2 = many.parts;
    EXPECT_EQ(many.parts, one.errors.empty() ? threads : 1u);
  }
  return parts2;
}

TEST(PlanTreeThreads, GeneratedPlansGiveOneThreadsPlan) {
  for (const bool yaml : {false, true}) {
    for (const int depth : {0, 1, 3}) {
      Gen gen(static_cast<unsigned>(17 + depth + (yaml ? 100 : 0)), yaml);
      const std::string text = gen.Plan(9000, depth);
      SCOPED_TRACE((yaml ? "yaml depth " : "json depth ") + std::to_string(depth));
      const Read one = ReadWith(text, yaml, 1);
      ASSERT_TRUE(one.parsed);
      ASSERT_EQ(one.errors, "") << text.substr(0, 2000);
      EXPECT_EQ(Agrees(text, yaml), 2u);
    }
  }
}

TEST(PlanTreeThreads, SmallPlansStayOnOneThread) {
  Gen gen(5, false);
  const Read r = ReadWith(gen.Plan(3000, 1), false, 4);
  EXPECT_EQ(r.errors, "");
  EXPECT_EQ(r.parts, 1u);  // under 2 x 2048 tasks
}

// A problem anywhere in a large plan: the reader's errors, in order, as on
// one thread (which is how they are found).
TEST(PlanTreeThreads, ProblemsAreReportedAsOnOneThread) {
  for (const bool yaml : {false, true}) {
    Gen gen(yaml ? 3 : 4, yaml);
    const std::string base = gen.Plan(9000, 2);
    const std::string id = yaml ? "- id: \"t" : "{\"id\": \"t";
    const std::string k = yaml ? "" : "\"";  // a key's quotes
    struct Edit {
      int task;
      std::string from, to;
    };
    // Each edit lands on the first occurrence after task N's id.
    const std::vector<Edit> edits = {
        {8500, k + "name" + k + ": ", k + "nmae" + k + ": "},  // an unknown key
        {4600, "\"t4600\"", "\"t4600!\""},                   // an invalid id
        {100, k + "name" + k + ": \"Задача 100\"", k + "name" + k + ": [\"Задача 100\"]"},
        {7000, "\"t7000\"", yaml ? "\"t7000\"\n@tasks: 5" : "\"t7000\", \"tasks\": 5"},
    };
    for (const Edit& e : edits) {
      std::string text = base;
      const size_t at = text.find(id + std::to_string(e.task) + "\"");
      ASSERT_NE(at, std::string::npos);
      const size_t from = text.find(e.from, at);
      ASSERT_NE(from, std::string::npos);
      std::string to = e.to;
      const size_t line = text.rfind('\n', at) + 1;  // the item's '- ' and its keys' column
      if (const size_t mark = to.find('@'); mark != std::string::npos)
        to.replace(mark, 1, std::string(at - line + 2, ' '));
      text.replace(from, e.from.size(), to);
      SCOPED_TRACE((yaml ? "yaml: " : "json: ") + e.to);
      const Read one = ReadWith(text, yaml, 1);
      if (!one.parsed) continue;  // an edit YAML's fast path does not take
      EXPECT_NE(one.errors, "");
      Agrees(text, yaml);
    }
    // A task that is not a map, in the middle of a large list.
    std::string text = base;
    const size_t at = text.find(id + "5000\"");
    ASSERT_NE(at, std::string::npos);
    text.insert(at, yaml ? "- 42\n" + std::string(at - (text.rfind('\n', at) + 1), ' ') : "42, ");
    const Read one = ReadWith(text, yaml, 1);
    if (one.parsed) {
      EXPECT_NE(one.errors, "");
      Agrees(text, yaml);
    }
  }
}

// The messages of a problem found while reading on several threads are the
// caller's language (they are made on one thread, by the caller).
TEST(PlanTreeThreads, ProblemsKeepTheCallersLanguage) {
  Gen gen(9, false);
  std::string text = gen.Plan(9000, 1);
  const size_t at = text.find("{\"id\": \"t6000\"");
  ASSERT_NE(at, std::string::npos);
  text.insert(at + 1, "\"nmae\": 1, ");
  LangScope ru(Lang::kRu);
  const Read one = ReadWith(text, false, 1);
  const Read two = ReadWith(text, false, 2);
  EXPECT_EQ(two.errors, one.errors);
  EXPECT_NE(one.errors.find("nmae"), std::string::npos) << one.errors;
  EXPECT_EQ(one.errors.find("unknown key"), std::string::npos) << one.errors;  // Russian
}

// End to end through ReadPlan (the default threads): the same plan as one
// thread's reader gives.
TEST(PlanTreeThreads, ReadPlanGivesOneThreadsPlan) {
  Gen gen(11, false);
  const std::string text = gen.Plan(9000, 1);
  Result<Plan> r = ReadPlan("big.json", text);
  ASSERT_TRUE(r.ok()) << DumpErrors(r.errors());
  EXPECT_EQ(Dump(r.value()), ReadWith(text, false, 1).plan);
}

}  // namespace
}  // namespace rollout
