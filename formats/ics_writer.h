// iCalendar (RFC 5545) of a scheduled plan: one all-day VEVENT per task,
// milestone and gate, UID `<task>@<plan>` so that a calendar that imports
// the file again updates its events instead of duplicating them.
#pragma once

#include <string>

#include "formats/export_view.h"

namespace rollout {

/// The VCALENDAR of |view|; with |person| only the tasks assigned to that
/// person and the gates they approve. Lines end in CRLF and are folded at
/// 75 octets, never inside a UTF-8 character. REQUIRES: |person| is empty or
/// a person of the plan.
std::string WriteIcs(const ExportView& view, const std::string& person);

/// TEXT escaping of RFC 5545 §3.3.11 (backslash, ';', ',', newline as \n);
/// other control characters shown as VisibleText shows them.
std::string IcsText(const std::string& text);

/// |line| (without CRLF) folded: CRLF + space before the octet that would
/// make a line longer than 75 octets, moved back to a character boundary.
std::string FoldIcsLine(const std::string& line);

}  // namespace rollout
