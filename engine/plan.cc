#include "engine/plan.h"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace rollout {

int Plan::FindTask(const std::string& wanted) const {
  for (size_t i = 0; i < tasks.size(); ++i)
    if (tasks[i].id == wanted) return static_cast<int>(i);
  return -1;
}

const Person* Plan::FindPerson(const std::string& wanted) const {
  for (const Person& p : people)
    if (p.id == wanted) return &p;
  return nullptr;
}

const Role* Plan::FindRole(const std::string& wanted) const {
  for (const Role& r : roles)
    if (r.id == wanted) return &r;
  return nullptr;
}

std::vector<std::string> Plan::PeopleWithRole(const std::string& role) const {
  std::vector<std::string> out;
  for (const Person& p : people)
    for (const std::string& r : p.roles)
      if (r == role) {
        out.push_back(p.id);
        break;
      }
  return out;
}

std::vector<std::string> Plan::Approvers(int task) const {
  std::vector<std::string> names = tasks[task].gate->approve;
  if (names.empty()) names.push_back("lead");
  std::vector<std::string> out;
  auto add = [&out](const std::string& person) {
    for (const std::string& have : out)
      if (have == person) return;
    out.push_back(person);
  };
  for (const std::string& n : names) {
    if (FindRole(n) != nullptr) {
      for (const std::string& p : PeopleWithRole(n)) add(p);
    } else if (FindPerson(n) != nullptr) {
      add(n);
    }
  }
  return out;
}

bool ParseDate(const std::string& text, Date* out) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  int y = 0, m = 0, d = 0;
  const char* s = text.data();
  if (std::from_chars(s, s + 4, y).ptr != s + 4) return false;
  if (std::from_chars(s + 5, s + 7, m).ptr != s + 7) return false;
  if (std::from_chars(s + 8, s + 10, d).ptr != s + 10) return false;
  std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(m),
                                  std::chrono::day(d)};
  if (!ymd.ok()) return false;
  *out = static_cast<Date>(std::chrono::sys_days(ymd).time_since_epoch().count());
  return true;
}

std::string FormatDate(Date d) {
  std::chrono::year_month_day ymd{std::chrono::sys_days(std::chrono::days(d))};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

int Weekday(Date d) {
  std::chrono::weekday wd{std::chrono::sys_days(std::chrono::days(d))};
  return static_cast<int>(wd.iso_encoding()) - 1;
}

const char* LinkTypeName(LinkType t) {
  switch (t) {
    case LinkType::kFS: return "FS";
    case LinkType::kSS: return "SS";
    case LinkType::kFF: return "FF";
    case LinkType::kSF: return "SF";
  }
  return "FS";
}

}  // namespace rollout
