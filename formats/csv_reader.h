// CSV (RFC 4180) read back into a plan: the columns of csv_writer.h in any
// order, at least name (or id) and duration; predecessors as
// `id[FS|SS|FF|SF][+-lag]` separated by ';'. The separator (',' or ';')
// and a UTF-8 BOM are recognised, so an Excel file reads as it was written.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "engine/result.h"
#include "formats/plan_yaml.h"

namespace rollout {

inline constexpr size_t kMaxCsvBytes = size_t{64} << 20;
inline constexpr size_t kMaxCsvRows = 1000000;

/// One record of a CSV file, each field with where it starts.
struct CsvRecord {
  std::vector<std::string> fields;
  std::vector<Loc> locs;
};

/// Splits |text| into records (RFC 4180: quoted fields with "" inside,
/// CRLF or LF between records). |*sep| is set from the first record when
/// it is 0 (';' if it has more ';' than ','). Errors: an unterminated
/// quote, a quote inside an unquoted field, more than kMaxCsvRows records.
Result<std::vector<CsvRecord>> ParseCsv(const std::string& text, char* sep);

/// The plan of |text|, with id |plan_id|. |base| (may be null) gives the
/// calendar, start, people, roles and title (`import csv --calendar PLAN`);
/// without it the calendar is Monday..Friday and the start is the earliest
/// `start` cell, or |default_start| (with a warning) when there is none. Rows of `group` ids become
/// groups; a row whose state is a gate state (closed, ready, passed, rejected) becomes a gate;
/// people of `assigned` that |base| does not know are added.
Result<ImportedPlan> ReadCsv(const std::string& text, const std::string& plan_id, const Plan* base,
                             Date default_start);

/// A plan's `not_before` dates recovered from the `start` cells: each task
/// that the links, its constraints and the calendar would start earlier
/// than |starts| says gets not_before = that date, so that the schedule
/// keeps the file's dates (an exported plan keeps its constraints this
/// way). Returns the tasks that got one. REQUIRES: |plan| is valid.
std::vector<int> RecoverNotBefore(Plan* plan, const std::vector<std::optional<Date>>& starts);

}  // namespace rollout
