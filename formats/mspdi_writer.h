// MS Project XML (MSPDI, the Project 2007 schema mspdi_pj12.xsd) written
// with libxml2's xmlTextWriter. Elements follow the schema's sequence order
// (transcribed in tests/formats/mspdi_schema_order.h, which checks it), as
// MS Project insists on. The mapping is in
// docs/interchange.md.
#pragma once

#include <string>

#include "engine/result.h"
#include "formats/export_view.h"

namespace rollout {

/// The MSPDI document of |view|: project header, the plan calendar (week,
/// hours, holidays and transferred working days as exceptions), one
/// calendar per person with days off, tasks with links, resources and
/// assignments; from the database also baseline 0, actuals and percent
/// complete. kFailure when libxml2 cannot write (out of memory).
Result<std::string> WriteMspdi(const ExportView& view);

/// Text libxml2 may put in an element: characters XML 1.0 forbids (C0
/// controls other than tab, LF, CR) and bytes that are not UTF-8 shown as
/// VisibleText shows them (`\x01`).
std::string XmlSafe(const std::string& text);

}  // namespace rollout
