#include "tools/cli/risk_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "po/messages.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

using Json = nlohmann::ordered_json;

const char* DistributionName(RiskDistribution d) {
  return d == RiskDistribution::kPert ? "pert" : "triangular";
}

double Rounded(double x, double scale) { return std::round(x * scale) / scale; }

std::string Percent(double share) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%5.1f %%", share * 100);
  return buf;
}

std::string Trimmed(const std::string& s) { return s.substr(s.find_first_not_of(' ')); }

// A bar of |share| of |cols| columns in eighth blocks.
std::string Bar(double share, int cols) {
  static const char* const kEighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
  const long units = std::lround(std::clamp(share, 0.0, 1.0) * cols * 8);
  std::string out;
  for (long k = 0; k < units / 8; ++k) out += "█";
  out += kEighths[units % 8];
  return out;
}

std::string Coloured(const std::string& text, const char* code, bool colour) {
  if (!colour || text.empty()) return text;
  return std::string("\x1b[") + code + "m" + text + "\x1b[0m";
}

std::string Header(const RiskReport& r) {
  const Plan& plan = r.s.plan;
  std::string out = r.from_database ? Tr("schedule risk of '{0}' (forecast at now)", VisibleText(plan.id))
                                     : Tr("schedule risk of '{0}'", VisibleText(plan.id));
  out += "\n" +
         TrN("{0} iteration, {1}, seed {2}", "{0} iterations, {1}, seed {2}", r.options.iterations,
             r.options.iterations,
             r.options.distribution == RiskDistribution::kPert
                 ? TrC("distribution", "pert")
                 : TrC("distribution", "triangular"),
             r.options.seed) +
         (r.levelled ? Tr(", levelled") : "") + "\n";
  out += TrN("deterministic finish {1} ({0} working day)",
             "deterministic finish {1} ({0} working days)", r.deterministic_duration,
             r.deterministic_duration, HumanDate(FormatDate(r.deterministic_finish))) +
         "\n\n";
  out += "        " + PadRight(Tr("finish"), 10) + "   " + Tr("working days") + "\n";
  for (size_t k = 0; k < kRiskPercents.size(); ++k) {
    char line[96];
    std::snprintf(line, sizeof line, "  P%-3d  %s   %d\n", kRiskPercents[k],
                  HumanDate(FormatDate(r.percentile_date[k])).c_str(), r.percentile[k]);
    out += line;
  }
  char mean[32];
  std::snprintf(mean, sizeof mean, "%.1f", r.result.mean_finish);
  out += "  " + PadRight(Tr("mean"), 19) + mean + "\n\n";
  const std::string on_time = Tr("on time:");
  out += on_time + " " +
         Tr("{0} by the deterministic finish {1}", Percent(r.on_time_deterministic),
            HumanDate(FormatDate(r.deterministic_finish))) +
         "\n";
  if (r.on_time_baseline)
    out += std::string(static_cast<size_t>(DisplayWidth(on_time)) + 1, ' ') +
           Tr("{0} by the baseline finish {1}", Percent(*r.on_time_baseline),
              HumanDate(FormatDate(*r.baseline_finish))) +
           "\n";
  for (const RiskDeadline& d : r.deadlines)
    out += Tr("deadline {0} of '{1}': kept in {2}", HumanDate(FormatDate(d.deadline)),
              VisibleText(plan.tasks[d.task].id), Trimmed(Percent(d.probability))) +
           "\n";
  return out;
}

// Tags of the bucket [first, last] of finishes: the percentiles and the
// deterministic finish ("plan") that fall in it.
std::string Tags(const RiskReport& r, int first, int last) {
  std::string tags;
  for (size_t k = 0; k < kRiskPercents.size(); ++k)
    if (r.percentile[k] >= first && r.percentile[k] <= last)
      tags += " P" + std::to_string(kRiskPercents[k]);
  if (r.deterministic_duration >= first && r.deterministic_duration <= last)
    tags += " ◆" + TrC("risk histogram tag", "plan");
  return tags;
}

// A histogram of the project's finish, at most 16 rows of whole working
// days, with the cumulative share (the S-curve as numbers).
std::string Histogram(const RiskReport& r, int width, bool colour) {
  const std::vector<int>& f = r.result.finish;
  if (f.empty()) return "";
  const int lo = f.front(), hi = f.back();
  const int step = (hi - lo) / 16 + 1;
  std::vector<int64_t> count((hi - lo) / step + 1, 0);
  for (int x : f) ++count[(x - lo) / step];
  const int64_t most = *std::max_element(count.begin(), count.end());
  // A row of several days is labelled by its last one ("..2027-05-03"):
  // the cumulative share beside it is "finished by then".
  const bool range = step > 1;
  const int label = range ? 12 : 10;
  // label, 2, bar, 1, share 7, 2, cumulative 7, tags up to 22 columns.
  const int cols = std::max(6, width - label - 41);
  std::string out =
      "\n" + PadRight(Tr("finish"), label) + "  " + PadRight(Tr("share"), cols + 8) + Tr("by then") + "\n";
  int64_t seen = 0;
  const double n = static_cast<double>(f.size());
  for (size_t b = 0; b < count.size(); ++b) {
    const int first = lo + static_cast<int>(b) * step;
    const int last = std::min(hi, first + step - 1);
    const std::string when = (range ? ".." : "") + HumanDate(FormatDate(r.FinishDate(last)));
    seen += count[b];
    const std::string bar = Bar(static_cast<double>(count[b]) / most, cols);
    out += PadRight(when, label) + "  " + Coloured(bar, "36", colour) +
           std::string(cols - DisplayWidth(bar) + 1, ' ') + Percent(count[b] / n) + "  " +
           Percent(seen / n) + Tags(r, first, last) + "\n";
  }
  return out;
}

std::string TaskLabel(const Task& t, int width) {
  std::string label = VisibleText(t.id);
  if (!t.name.empty()) label += "  " + VisibleText(t.name);
  return Truncate(label, std::max(8, width));
}

std::string MostCritical(const RiskReport& r, int width, bool colour) {
  std::vector<RiskTask> top;
  for (const RiskTask& t : r.tasks)
    if (t.criticality > 0) top.push_back(t);
  std::stable_sort(top.begin(), top.end(), [](const RiskTask& a, const RiskTask& b) {
    return a.criticality > b.criticality;
  });
  if (top.size() > 10) top.resize(10);
  if (top.empty()) return "";
  std::string out = "\n" + Tr("most critical tasks (share of iterations on a critical path)") + "\n";
  constexpr int kCols = 20;
  for (const RiskTask& t : top) {
    const std::string bar = Bar(t.criticality, kCols);
    out += Percent(t.criticality) + "  " +
           Coloured(bar, t.criticality >= 0.5 ? "31" : "33", colour) +
           std::string(kCols - DisplayWidth(bar) + 2, ' ') +
           TaskLabel(r.s.plan.tasks[t.task], width - kCols - 11) + "\n";
  }
  return out;
}

// A tornado: the tasks whose duration moves the finish most (Pearson r),
// largest first, bars to the left for a negative r and to the right for a
// positive one.
std::string Tornado(const RiskReport& r, int width, bool colour) {
  std::vector<RiskTask> top;
  for (const RiskTask& t : r.tasks)
    if (t.drawn && std::abs(t.cruciality) >= 0.005) top.push_back(t);
  std::stable_sort(top.begin(), top.end(), [](const RiskTask& a, const RiskTask& b) {
    return std::abs(a.cruciality) > std::abs(b.cruciality);
  });
  if (top.size() > 10) top.resize(10);
  if (top.empty()) return "";
  std::string out = "\n" + Tr("what drives the finish (cruciality: correlation with it)") + "\n";
  constexpr int kHalf = 12;
  for (const RiskTask& t : top) {
    const int left = t.cruciality < 0 ? static_cast<int>(std::lround(-t.cruciality * kHalf)) : 0;
    const std::string right = t.cruciality > 0 ? Bar(t.cruciality, kHalf) : "";
    std::string l;
    for (int k = 0; k < left; ++k) l += "█";
    char value[16];
    std::snprintf(value, sizeof value, "%+.2f", t.cruciality);
    out += std::string(kHalf - left, ' ') + Coloured(l, "34", colour) + "│" +
           Coloured(right, "35", colour) + std::string(kHalf - DisplayWidth(right), ' ') + " " +
           value + "  " + TaskLabel(r.s.plan.tasks[t.task], width - 2 * kHalf - 9) + "\n";
  }
  return out;
}

}  // namespace

std::string RiskJson(const RiskReport& r) {
  const Plan& plan = r.s.plan;
  std::string out = "{\"plan\":" + Json(plan.id).dump() +
                    ",\"iterations\":" + std::to_string(r.options.iterations) +
                    ",\"seed\":" + std::to_string(r.options.seed) + ",\"distribution\":\"" +
                    DistributionName(r.options.distribution) + "\",\n";
  out += "\"deterministic_finish\":\"" + FormatDate(r.deterministic_finish) + "\",\n";
  Json finish;
  for (size_t k = 0; k < kRiskPercents.size(); ++k)
    finish["p" + std::to_string(kRiskPercents[k])] = FormatDate(r.percentile_date[k]);
  finish["mean_duration"] = Rounded(r.result.mean_finish, 1e3);
  out += "\"finish\":" + finish.dump() + ",\n";
  Json on_time;
  on_time["deterministic"] = r.on_time_deterministic;
  if (r.on_time_baseline) on_time["baseline"] = *r.on_time_baseline;
  out += "\"probability_on_time\":" + on_time.dump() + ",\n\"deadlines\":[";
  for (size_t i = 0; i < r.deadlines.size(); ++i) {
    const RiskDeadline& d = r.deadlines[i];
    Json j;
    j["task"] = plan.tasks[d.task].id;
    j["deadline"] = FormatDate(d.deadline);
    j["probability"] = d.probability;
    out += (i > 0 ? ",\n" : "\n") + j.dump(-1, ' ', false, Json::error_handler_t::replace);
  }
  out += "\n],\n\"tasks\":[";
  for (size_t i = 0; i < r.tasks.size(); ++i) {
    const RiskTask& t = r.tasks[i];
    Json j;
    j["id"] = plan.tasks[t.task].id;
    j["criticality"] = t.criticality;
    j["cruciality"] = Rounded(t.cruciality, 1e4);
    out += (i > 0 ? ",\n" : "\n") + j.dump(-1, ' ', false, Json::error_handler_t::replace);
  }
  out += "\n]}\n";
  return out;
}

std::string RiskText(const RiskReport& r, int width, bool colour) {
  width = std::max(width, 60);
  return Header(r) + Histogram(r, width, colour) + MostCritical(r, width, colour) +
         Tornado(r, width, colour);
}

}  // namespace rollout
