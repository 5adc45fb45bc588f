// MS Project XML (MSPDI) as MS Project 2003-2019 writes it, read with
// libxml2 into a plan: tasks `t<UID>`, summary tasks as groups, durations
// from minutes by MinutesPerDay, links with lags, SNET constraints, the
// project calendar with its exceptions, work resources as people `r<UID>`
// and their assignments. Whatever the plan format cannot hold becomes a
// warning naming the task (docs/interchange.md has the table).
#pragma once

#include <cstddef>
#include <string>

#include "engine/result.h"
#include "formats/plan_yaml.h"
#include "formats/xml_doc.h"

namespace rollout {

/// Limits of an MSPDI input.
inline constexpr size_t kMaxMspdiBytes = size_t{64} << 20;
inline constexpr size_t kMaxMspdiElements = 4000000;

/// Reads |text|; the plan gets the id |plan_id|. Errors (malformed XML, a
/// root that is not Project, a task without a UID, a UID twice, a bad
/// number or date) carry the line and column.
Result<ImportedPlan> ReadMspdi(const std::string& text, const std::string& plan_id);

/// The calendar of an MSPDI project (mspdi_calendar.cc): the project
/// calendar (Project/CalendarUID) over its base calendar, week days, hours
/// from the first working day's working times, exceptions of both the 2003
/// (WeekDay DayType 0) and the 2007 form (Exceptions).
Calendar ReadMspdiCalendar(const xmlNode* project, std::vector<ImportWarning>* warnings);

/// Parses an MSPDI dateTime "YYYY-MM-DDTHH:MM:SS": the date, and the
/// minute of the day in |*minute| (may be null). False when malformed.
bool ParseMspdiDateTime(const std::string& text, Date* date, int* minute);

/// Parses "HH:MM:SS" into minutes of the day (24:00 for "00:00:00" when
/// |end| is set, as a ToTime of midnight means the end of the day).
bool ParseMspdiTime(const std::string& text, bool end, int* minute);

}  // namespace rollout
