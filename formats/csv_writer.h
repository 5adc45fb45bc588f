// CSV (RFC 4180, UTF-8) of a scheduled plan, one row per task and group:
// id, name, group, wbs, duration, predecessors, start, finish, total_float,
// critical, assigned, state (cli.md "Interchange").
#pragma once

#include <string>

#include "formats/export_view.h"

namespace rollout {

/// The columns, in order (the reader accepts them in any order).
inline constexpr const char* kCsvColumns[] = {"id",          "name",         "group",    "wbs",
                                              "duration",    "predecessors", "start",    "finish",
                                              "total_float", "critical",     "assigned", "state"};

/// The CSV of |view|, rows ending in CRLF. |excel|: a UTF-8 BOM and ';'
/// between fields, which a Russian-locale Excel opens as columns with
/// Cyrillic intact. Text cells that Excel would take for a formula (they
/// start with = + - @, a tab or CR) get a leading apostrophe.
std::string WriteCsv(const ExportView& view, bool excel);

/// One field, quoted when it holds |sep|, a quote, CR or LF.
std::string CsvField(const std::string& text, char sep);

/// |text| with the formula guard: a leading "'" when it starts with = + - @,
/// a tab or CR (OWASP "CSV injection").
std::string GuardFormula(const std::string& text);

/// "t3", "t3SS+2", "t3FF-1": one link as the predecessors column writes it.
std::string LinkText(const Link& link);

}  // namespace rollout
