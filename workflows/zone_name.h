// Whether a plan's `timezone` names a zone, without loading date-tz's whole
// database: date::locate_zone first lists every file of the zoneinfo folder
// (some 600 zones, ~3 ms of CPU), which every plan with a time zone paid on
// every read (docs/performance.md, issue #19).
#pragma once

#include <string>

namespace rollout {

/// True when |name| is a zone date-tz's OS database (USE_OS_TZDB) lists: a
/// file below /usr/share/zoneinfo that date-tz's folder walk reaches (no
/// component hidden, "posix*", "right" or one of its skipped files). False
/// means "not decided here": ask date::locate_zone. Reads no file, only
/// stats the path; false as well when date-tz would use another folder
/// (/etc/localtime pointing elsewhere).
bool ListedZoneFile(const std::string& name);

}  // namespace rollout
