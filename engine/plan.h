// The plan model: what a plan file says, independent of YAML or JSON.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/boxed.h"
#include "engine/result.h"

namespace rollout {

/// A civil date as days since 1970-01-01 (std::chrono::sys_days count).
using Date = int32_t;

enum class LinkType : uint8_t { kFS, kSS, kFF, kSF };

/// One `after` entry: the predecessor |task| constrains the owner of the link.
struct Link {
  std::string task;
  LinkType type = LinkType::kFS;
  int lag = 0;
  Loc loc;
};

/// An inclusive range of dates; a single date has first == last.
struct DateRange {
  Date first = 0;
  Date last = 0;
};

struct MetricCriterion {
  std::string metric;
  std::optional<double> min;
  std::optional<double> max;
  Loc loc;
};

struct Gate {
  std::vector<std::string> approve;  // role or person ids; empty means role `lead`
  std::vector<MetricCriterion> metrics;
  Loc loc;
};

/// A need for |count| distinct people having |role|.
struct Need {
  std::string role;
  int count = 0;
  Loc loc;
};

/// A three-point estimate of a leaf task (plan-format.md §8), working days:
/// min <= likely <= max, max > 0.
struct Estimate {
  int min = 0;
  int likely = 0;
  int max = 0;
  Loc loc;  // of the `estimate` value
};

/// A task, milestone, gate or group. Groups own their children by index.
struct Task {
  std::string id;
  std::string name;
  bool is_group = false;
  int parent = -1;            // index of the enclosing group in Plan::tasks, or -1
  std::vector<int> children;  // indices in Plan::tasks (groups only)
  int duration = 0;
  bool has_duration = false;
  std::vector<Link> after;
  std::vector<Need> needs;
  std::vector<std::string> assignee;
  Loc assignee_loc;
  std::optional<Date> not_before;
  std::optional<Date> deadline;
  Boxed<Gate> gate;  // on the heap: most tasks are no gate (engine/boxed.h)
  // Rare texts, on the heap while set (engine/boxed.h); read as std::string.
  BoxedString deliverable;
  BoxedString notes;
  BoxedString renamed_from;  // the id this task had in the previous version (cli.md)
  Loc renamed_loc;
  Loc deadline_loc;
  Boxed<Estimate> estimate;  // leaves only, never a gate
  Loc loc;  // of the task's `id`
};

struct Calendar {
  std::array<bool, 7> workdays{true, true, true, true, true, false, false};  // mon..sun
  int day_start_minute = 9 * 60;
  int day_end_minute = 18 * 60;
  std::vector<DateRange> holidays;
  std::vector<DateRange> working;
};

struct Role {
  std::string id;
  std::string name;
};

struct Person {
  std::string id;
  std::string name;
  std::vector<std::string> roles;
  std::vector<DateRange> off;
  std::string email;  // "" when none; checked by EmailAddressProblem (engine/email_address.h)
  std::string lang;   // "", "en" or "ru": the language of their messages
  Loc loc;
};

enum class RiskDistribution : uint8_t { kTriangular, kPert };

/// The plan's `risk` settings (plan-format.md §8); the command line may
/// override iterations and seed.
struct RiskSettings {
  RiskDistribution distribution = RiskDistribution::kTriangular;
  int iterations = 10000;
  uint64_t seed = 1;
};

struct Metric {
  std::string id;
  std::string name;
};

/// A whole plan. |tasks| is in plan order: a group comes before its tasks.
struct Plan {
  std::string id;
  std::string title;
  Date start = 0;
  std::string timezone = "UTC";
  int remind_days = 2;
  /// Working days a forecast must move past the last slip/deadline_risk
  /// alert of the same task before a new one is raised (plan-format.md §1).
  int slip_threshold = 1;
  bool levelled = false;
  Calendar calendar;
  std::vector<Role> roles;
  std::vector<Person> people;
  std::vector<Metric> metrics;
  std::vector<Task> tasks;
  RiskSettings risk;

  /// Index of the task or group with |id|, or -1. Linear; build a map for hot loops.
  int FindTask(const std::string& wanted) const;
  const Person* FindPerson(const std::string& wanted) const;
  const Role* FindRole(const std::string& wanted) const;
  /// The people who may approve gate |task| (REQUIRES: tasks[task].gate).
  std::vector<std::string> Approvers(int task) const;
  /// Ids of people holding |role|.
  std::vector<std::string> PeopleWithRole(const std::string& role) const;
};

/// "FS", "SS", "FF", "SF".
const char* LinkTypeName(LinkType t);

/// Parses YYYY-MM-DD into |*out|; false if malformed or the date does not exist.
bool ParseDate(const std::string& text, Date* out);
std::string FormatDate(Date d);
/// 0 = Monday .. 6 = Sunday.
int Weekday(Date d);

}  // namespace rollout
