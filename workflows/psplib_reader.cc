#include "workflows/psplib_reader.h"

#include <sstream>

#include "po/messages.h"

namespace rollout {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

bool Integers(const std::string& line, std::vector<int>* out) {
  out->clear();
  std::istringstream in(line);
  long long x = 0;
  while (in >> x) {
    if (x < 0 || x > 1000000000) return false;
    out->push_back(static_cast<int>(x));
  }
  return in.eof();
}

// The integer after the last ':' of the first line starting with |key|.
int FindAfterColon(const std::vector<std::string>& lines, const std::string& key, int* line_no) {
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    const size_t start = l.find_first_not_of(" \t");
    if (start == std::string::npos || l.compare(start, key.size(), key) != 0) continue;
    const size_t colon = l.find(':');
    if (colon == std::string::npos) return -1;
    std::vector<int> v;
    std::istringstream in(l.substr(colon + 1));
    int x = -1;
    in >> x;
    *line_no = static_cast<int>(i);
    return x;
  }
  return -1;
}

int FindLine(const std::vector<std::string>& lines, const std::string& prefix) {
  for (size_t i = 0; i < lines.size(); ++i)
    if (lines[i].rfind(prefix, 0) == 0) return static_cast<int>(i);
  return -1;
}

Error At(int line, const std::string& message) {
  return Error{{line + 1, 1}, message, Tr("expected a PSPLIB single-mode .sm file")};
}

}  // namespace

Result<PsplibInstance> ParsePsplib(const std::string& text) {
  const std::vector<std::string> lines = Lines(text);
  PsplibInstance inst;
  int at = 0;
  inst.jobs = FindAfterColon(lines, "jobs (incl. supersource/sink )", &at);
  if (inst.jobs < 2)
    return At(at, Tr("no 'jobs (incl. supersource/sink ):' line with a job count"));
  const int k = FindAfterColon(lines, "- renewable", &at);
  if (k < 0) return At(at, Tr("no '- renewable' resource count"));
  const int n = inst.jobs;
  const int info = FindLine(lines, "PROJECT INFORMATION");
  std::vector<int> v;
  if (info >= 0 && info + 2 < static_cast<int>(lines.size()) && Integers(lines[info + 2], &v) &&
      v.size() >= 6)
    inst.mpm_time = v[5];

  const int prec = FindLine(lines, "PRECEDENCE RELATIONS");
  if (prec < 0) return At(0, Tr("no PRECEDENCE RELATIONS section"));
  inst.successors.resize(n);
  for (int j = 0; j < n; ++j) {
    const int l = prec + 2 + j;
    if (l >= static_cast<int>(lines.size()) || !Integers(lines[l], &v) || v.size() < 3 ||
        v[0] != j + 1 || static_cast<int>(v.size()) != 3 + v[2])
      return At(l, Tr("bad precedence line for job {0}", j + 1));
    for (size_t s = 3; s < v.size(); ++s) {
      if (v[s] <= j + 1 || v[s] > n)
        return At(l, Tr("successor {0} of job {1} is not a later job", v[s], j + 1));
      inst.successors[j].push_back(v[s]);
    }
  }
  const int req = FindLine(lines, "REQUESTS/DURATIONS");
  if (req < 0) return At(0, Tr("no REQUESTS/DURATIONS section"));
  inst.duration.resize(n);
  inst.demand.resize(n);
  for (int j = 0; j < n; ++j) {
    const int l = req + 3 + j;
    if (l >= static_cast<int>(lines.size()) || !Integers(lines[l], &v) ||
        static_cast<int>(v.size()) != 3 + k || v[0] != j + 1)
      return At(l, Tr("bad request line for job {0}", j + 1));
    inst.duration[j] = v[2];
    inst.demand[j].assign(v.begin() + 3, v.end());
  }
  const int avail = FindLine(lines, "RESOURCEAVAILABILITIES");
  if (avail < 0 || avail + 2 >= static_cast<int>(lines.size()) ||
      !Integers(lines[avail + 2], &v) || static_cast<int>(v.size()) != k)
    return At(avail < 0 ? 0 : avail + 2, Tr("bad RESOURCEAVAILABILITIES"));
  inst.capacity = v;
  for (int j = 0; j < n; ++j)
    for (int r = 0; r < k; ++r)
      if (inst.demand[j][r] > inst.capacity[r])
        return At(req + 3 + j, Tr("job {0} needs more of R {1} than there is", j + 1, r + 1));
  return inst;
}

std::string PsplibPlanYaml(const PsplibInstance& inst, const std::string& plan_id) {
  const int n = inst.jobs;
  const int k = static_cast<int>(inst.capacity.size());
  std::vector<std::vector<int>> preds(n);
  for (int j = 0; j < n; ++j)
    for (int s : inst.successors[j]) preds[s - 1].push_back(j + 1);
  std::ostringstream y;
  y << "plan: " << plan_id << "\n";
  y << "title: \"PSPLIB " << plan_id << "\"\n";
  y << "start: 2027-01-04\n";
  y << "calendar:\n  workdays: [mon, tue, wed, thu, fri, sat, sun]\n";
  y << "roles:\n";
  for (int r = 1; r <= k; ++r) y << "  R" << r << ": {name: \"Resource " << r << "\"}\n";
  y << "people:\n";
  for (int r = 1; r <= k; ++r)
    for (int c = 1; c <= inst.capacity[r - 1]; ++c)
      y << "  - {id: R" << r << "-" << c << ", roles: [R" << r << "]}\n";
  y << "tasks:\n";
  for (int j = 1; j <= n; ++j) {
    y << "  - id: j" << j << "\n";
    y << "    duration: " << inst.duration[j - 1] << "\n";
    if (!preds[j - 1].empty()) {
      y << "    after: [";
      for (size_t i = 0; i < preds[j - 1].size(); ++i)
        y << (i > 0 ? ", " : "") << "j" << preds[j - 1][i];
      y << "]\n";
    }
    std::string needs;
    for (int r = 0; r < k; ++r) {
      if (inst.demand[j - 1][r] == 0) continue;
      if (!needs.empty()) needs += ", ";
      needs += "R" + std::to_string(r + 1) + ": " + std::to_string(inst.demand[j - 1][r]);
    }
    if (!needs.empty()) y << "    needs: {" << needs << "}\n";
  }
  return y.str();
}

std::string PsplibPlanId(const std::string& path) {
  std::string stem = path.substr(path.find_last_of('/') + 1);
  const size_t dot = stem.rfind('.');
  if (dot != std::string::npos && dot > 0) stem.resize(dot);
  for (char& c : stem) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) c = '-';
  }
  if (stem.empty() || stem[0] == '.' || stem[0] == '_' || stem[0] == '-') stem = "psplib" + stem;
  return stem;
}

}  // namespace rollout
