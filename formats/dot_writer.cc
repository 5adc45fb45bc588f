#include "formats/dot_writer.h"

#include "engine/task_index.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

// The leaf that stands for task |i| at an edge: itself, or for a group the
// leaf that drives it: the one finishing last (|last|, the group as a
// predecessor) or starting first (the group as a successor); a critical
// one when there is a tie.
int Leaf(const ExportView& v, int i, bool last) {
  const Plan& plan = *v.plan;
  if (!plan.tasks[static_cast<size_t>(i)].is_group) return i;
  int best = -1;
  std::vector<int> stack(plan.tasks[static_cast<size_t>(i)].children);
  while (!stack.empty()) {
    const int c = stack.back();
    stack.pop_back();
    const Task& t = plan.tasks[static_cast<size_t>(c)];
    if (t.is_group) {
      stack.insert(stack.end(), t.children.begin(), t.children.end());
      continue;
    }
    if (best < 0) {
      best = c;
      continue;
    }
    const TaskTimes& x = v.schedule->tasks[static_cast<size_t>(c)];
    const TaskTimes& y = v.schedule->tasks[static_cast<size_t>(best)];
    const int kx = last ? x.ef : -x.es, ky = last ? y.ef : -y.es;
    if (kx > ky || (kx == ky && x.critical && !y.critical)) best = c;
  }
  return best < 0 ? i : best;
}

// A link is driving when it holds with no slack (plan-format.md §3).
bool Driving(const TaskTimes& p, const TaskTimes& s, const Link& l) {
  switch (l.type) {
    case LinkType::kFS:
      return s.es == p.ef + l.lag;
    case LinkType::kSS:
      return s.es == p.es + l.lag;
    case LinkType::kFF:
      return s.ef == p.ef + l.lag;
    case LinkType::kSF:
      return s.ef == p.es + l.lag;
  }
  return false;
}

std::string Label(const ExportView& v, int i) {
  const Task& t = v.plan->tasks[static_cast<size_t>(i)];
  const TaskTimes& x = v.schedule->tasks[static_cast<size_t>(i)];
  const ExportTask& e = v.tasks[static_cast<size_t>(i)];
  std::string label = (t.name.empty() ? t.id : t.name) + "\n" + t.id;
  if (x.ef > x.es) {
    label += " · " + std::to_string(x.ef - x.es) + "d\n" + FormatDate(e.start) + " – " +
             FormatDate(e.finish);
  } else {
    label += "\n" + FormatDate(e.finish);
  }
  return label;
}

void Nodes(const ExportView& v, int i, int depth, std::string* out) {
  const Task& t = v.plan->tasks[static_cast<size_t>(i)];
  const std::string pad(static_cast<size_t>(2 * depth + 2), ' ');
  if (t.is_group) {
    *out += pad + "subgraph " + DotQuoted("cluster_" + t.id) + " {\n";
    *out += pad + "  label=" + DotQuoted(t.name.empty() ? t.id : t.name) + ";\n";
    for (int c : t.children) Nodes(v, c, depth + 1, out);
    *out += pad + "}\n";
    return;
  }
  const TaskTimes& x = v.schedule->tasks[static_cast<size_t>(i)];
  std::string attrs = "label=" + DotQuoted(Label(v, i));
  if (t.gate)
    attrs += ", shape=hexagon";
  else if (x.ef == x.es)
    attrs += ", shape=diamond";
  if (x.critical) attrs += ", color=red, fontcolor=red, penwidth=2";
  *out += pad + DotQuoted(t.id) + " [" + attrs + "];\n";
}

void Edges(const ExportView& v, std::string* out) {
  const Plan& plan = *v.plan;
  const TaskIndex index = IndexTasks(plan);
  for (size_t s = 0; s < plan.tasks.size(); ++s) {
    for (const Link& l : plan.tasks[s].after) {
      const int p = index.Find(l.task);
      if (p < 0) continue;
      const int from = Leaf(v, p, true);
      const int to = Leaf(v, static_cast<int>(s), false);
      const TaskTimes& pt = v.schedule->tasks[static_cast<size_t>(p)];
      const TaskTimes& st = v.schedule->tasks[s];
      std::vector<std::string> attrs;
      if (l.type != LinkType::kFS || l.lag != 0)
        attrs.push_back("label=" +
                        DotQuoted(std::string(LinkTypeName(l.type)) + (l.lag > 0 ? "+" : "") +
                                  (l.lag != 0 ? std::to_string(l.lag) : "")));
      if (plan.tasks[static_cast<size_t>(p)].is_group)
        attrs.push_back("ltail=" + DotQuoted("cluster_" + l.task));
      if (plan.tasks[s].is_group)
        attrs.push_back("lhead=" + DotQuoted("cluster_" + plan.tasks[s].id));
      if (v.schedule->tasks[static_cast<size_t>(from)].critical &&
          v.schedule->tasks[static_cast<size_t>(to)].critical && Driving(pt, st, l))
        attrs.push_back("color=red, penwidth=2");
      std::string a;
      for (const std::string& x : attrs) a += (a.empty() ? "" : ", ") + x;
      *out += "  " + DotQuoted(plan.tasks[static_cast<size_t>(from)].id) + " -> " +
              DotQuoted(plan.tasks[static_cast<size_t>(to)].id) +
              (a.empty() ? "" : " [" + a + "]") + ";\n";
    }
  }
}

}  // namespace

std::string DotQuoted(const std::string& text) {
  std::string out = "\"";
  size_t from = 0;
  while (true) {
    const size_t nl = text.find('\n', from);
    const std::string shown = VisibleText(std::string_view(text).substr(from, nl - from));
    for (char c : shown) {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    if (nl == std::string::npos) break;
    out += "\\n";
    from = nl + 1;
  }
  return out + "\"";
}

std::string WriteDot(const ExportView& v) {
  std::string out = "digraph " + DotQuoted(v.plan->id) + " {\n";
  out += "  graph [rankdir=LR, compound=true, label=" +
         DotQuoted(v.plan->title.empty() ? v.plan->id : v.plan->title) +
         ", labelloc=t, fontname=\"sans-serif\"];\n";
  out += "  node [shape=box, style=rounded, fontname=\"sans-serif\", fontsize=10];\n";
  out += "  edge [fontname=\"sans-serif\", fontsize=9];\n";
  for (size_t i = 0; i < v.plan->tasks.size(); ++i)
    if (v.plan->tasks[i].parent < 0) Nodes(v, static_cast<int>(i), 0, &out);
  Edges(v, &out);
  out += "}\n";
  return out;
}

}  // namespace rollout
