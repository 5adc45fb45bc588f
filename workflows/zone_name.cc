#include "workflows/zone_name.h"

#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstring>
#include <string_view>

namespace rollout {
namespace {

constexpr char kZoneDir[] = "/usr/share/zoneinfo";

// The names date-tz's init_tzdb skips in every folder it walks.
bool Skipped(std::string_view part) {
  static constexpr std::array<std::string_view, 10> kFiles = {
      "Factory",  "iso3166.tab",  "right",     "+VERSION",    "version",
      "zone.tab", "zone1970.tab", "tzdata.zi", "leapseconds", "leap-seconds.list"};
  if (part.empty() || part[0] == '.' || part.substr(0, 5) == "posix") return true;
  for (std::string_view f : kFiles)
    if (part == f) return true;
  return false;
}

// date-tz takes its folder from /etc/localtime's link target (up to
// "zoneinfo"), else /usr/share/zoneinfo.
bool DateUsesZoneDir() {
  char target[512];
  const ssize_t n = readlink("/etc/localtime", target, sizeof target - 1);
  if (n < 0) return true;
  const std::string_view t(target, static_cast<size_t>(n));
  const size_t at = t.find("zoneinfo");
  return at == std::string_view::npos || t.substr(0, at + 8) == kZoneDir;
}

}  // namespace

bool ListedZoneFile(const std::string& name) {
  if (name.empty() || name.size() > 255) return false;
  std::string path = kZoneDir;
  struct stat st;
  for (size_t begin = 0;;) {
    const size_t slash = name.find('/', begin);
    const std::string_view part =
        std::string_view(name).substr(begin, slash == std::string::npos ? slash : slash - begin);
    if (Skipped(part)) return false;
    path += '/';
    path += part;
    if (stat(path.c_str(), &st) != 0) return false;
    if (slash == std::string::npos) break;
    if (!S_ISDIR(st.st_mode)) return false;
    begin = slash + 1;
  }
  return !S_ISDIR(st.st_mode) && DateUsesZoneDir();
}

}  // namespace rollout
