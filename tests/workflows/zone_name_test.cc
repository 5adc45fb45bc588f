// ListedZoneFile decides from the zoneinfo folder alone what date-tz's
// database would list: it must say yes to every zone date-tz lists and to
// nothing date::locate_zone refuses.
#include "workflows/zone_name.h"

#include <gtest/gtest.h>

#include <date/tz.h>

#include <string>
#include <vector>

namespace rollout {
namespace {

bool DateKnows(const std::string& name) {
  try {
    date::locate_zone(name);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

TEST(ListedZoneFile, SaysYesToEveryZoneDateTzLists) {
  int n = 0;
  for (const auto& z : date::get_tzdb().zones) {
    EXPECT_TRUE(ListedZoneFile(std::string(z.name()))) << z.name();
    ++n;
  }
  EXPECT_GT(n, 300);
  EXPECT_TRUE(ListedZoneFile("Europe/Moscow"));
  EXPECT_TRUE(ListedZoneFile("UTC"));
}

TEST(ListedZoneFile, NeverSaysYesWhereLocateZoneRefuses) {
  const std::vector<std::string> names = {
      "", "Europe", "Europe/", "/Europe/Moscow", "Europe//Moscow", "./UTC", "../zoneinfo/UTC",
      "Europe/../Europe/Moscow", "posix/Europe/Moscow", "posixrules", "right/UTC", "zone.tab",
      "zone1970.tab", "iso3166.tab", "tzdata.zi", "leapseconds", "leap-seconds.list", "Factory",
      "+VERSION", "Europe/Atlantis", "europe/moscow", "Europe/Moscow/", "Europe/Moscow\n",
      std::string(300, 'a'), "Europe/Moscow ", "Etc"};
  for (const std::string& name : names) {
    if (ListedZoneFile(name)) {
      EXPECT_TRUE(DateKnows(name)) << name;
    }
    if (!DateKnows(name)) {
      EXPECT_FALSE(ListedZoneFile(name)) << name;
    }
  }
  EXPECT_FALSE(ListedZoneFile("Europe/Atlantis"));
  EXPECT_FALSE(ListedZoneFile("posix/Europe/Moscow"));
}

}  // namespace
}  // namespace rollout
