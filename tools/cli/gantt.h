// A terminal Gantt chart of a scheduled plan (docs/scheduling.md "Gantt").
#pragma once

#include <cstdio>
#include <optional>
#include <string>

#include "tools/cli/plan_file.h"

namespace rollout {

/// The chart: a week axis labelled "DD.MM" at each Monday, one row per task
/// or group (id and name cut to fit), groups as summary bars ▀, tasks as
/// bars █ followed by their total float ─, gates and milestones as ◆,
/// critical rows marked '!' (and red when |colour|). Every line fits in
/// |width| display columns.
/// Deadlines show as ┃ in their task's row; a missed one is named under the
/// chart. From the database, |extras| adds each task's baseline as a second
/// bar ░ under its row and today's column ┆.
struct GanttExtras {
  const Baseline* baseline = nullptr;
  std::optional<Date> today;
};
std::string RenderGantt(const ScheduledPlan& s, int width, bool colour,
                        const GanttExtras& extras = {});

/// `rollout gantt` without a plan file: the database's forecast at now with
/// the baseline and today (|width| 0: the terminal's). Returns the exit code.
struct GlobalOptions;
int RunDbGantt(const GlobalOptions& global, int width);

/// Columns of the terminal on |out| (TIOCGWINSZ), else $COLUMNS, else 100.
int TerminalWidth(std::FILE* out);

/// True when |out| is a terminal and NO_COLOR is unset or empty.
bool ColourWanted(std::FILE* out);

}  // namespace rollout
