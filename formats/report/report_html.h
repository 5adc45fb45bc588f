// The HTML report (cli.md "The report"; docs/report.md): one self-contained
// HTML5 page, styles and a small script inline, the Gantt chart, the network
// graph and the load chart as inline SVG. Every name is escaped in text and
// in attributes. Pure: a value in, a string out.
#pragma once

#include <string>
#include <string_view>

#include "formats/report/report_data.h"

namespace rollout {

/// The page of |data|. The CLI writes it (`rollout export html`), the
/// server serves it at `/`.
std::string RenderReportHtml(const report::ReportData& data);

namespace report {

/// |text| safe in HTML text and in quoted attributes: & < > " ' as
/// entities, control characters (but tab and newline) as U+FFFD.
std::string Escape(std::string_view text);

/// YYYY-MM-DD of |day|.
std::string IsoDate(Day day);

}  // namespace report
}  // namespace rollout
