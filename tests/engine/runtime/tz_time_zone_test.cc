// TzTimeZone::LocateFast (an offset table read through the C library) must
// give what Locate (date-tz) gives, for every instant and every local time,
// including the gaps and overlaps of daylight saving and a skipped day.
#include "engine/runtime/tz_time_zone.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace rollout {
namespace {

std::unique_ptr<TimeZone> Zone(const std::string& name, bool fast) {
  Result<std::unique_ptr<TimeZone>> z = fast ? TzTimeZone::LocateFast(name) : TzTimeZone::Locate(name);
  EXPECT_TRUE(z.ok()) << name;
  return z.ok() ? std::move(z.value()) : nullptr;
}

class TzFastTest : public ::testing::TestWithParam<const char*> {};

TEST_P(TzFastTest, AgreesWithTheTzDatabase) {
  const std::string name = GetParam();
  std::unique_ptr<TimeZone> slow = Zone(name, false), fast = Zone(name, true);
  ASSERT_TRUE(slow && fast);
  // Instants every 97 minutes from 1995 to 2065: inside the table and past
  // both of its ends.
  for (Instant t = 788918400; t < 3029529600; t += 97 * 60 + 13) {
    const LocalTime a = slow->ToLocal(t), b = fast->ToLocal(t);
    ASSERT_EQ(a.date, b.date) << name << " at " << t;
    ASSERT_EQ(a.minute, b.minute) << name << " at " << t;
  }
  // Local times every half hour of every day from 1999 to 2061: the hours
  // that do not exist (gaps) and those that happen twice (overlaps) too.
  Date first = 0, last = 0;
  ASSERT_TRUE(ParseDate("1999-06-01", &first));
  ASSERT_TRUE(ParseDate("2061-06-01", &last));
  for (Date d = first; d < last; ++d) {
    for (int minute = 0; minute < 1440; minute += 30) {
      ASSERT_EQ(slow->ToInstant(d, minute), fast->ToInstant(d, minute))
          << name << " " << FormatDate(d) << " minute " << minute;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Zones, TzFastTest,
                         ::testing::Values("Europe/Moscow", "America/New_York", "Europe/Dublin",
                                           "Australia/Lord_Howe", "Pacific/Apia",
                                           "America/Sao_Paulo", "Asia/Kolkata", "UTC"));

TEST(TzFast, UnknownZoneIsTheSameError) {
  Result<std::unique_ptr<TimeZone>> slow = TzTimeZone::Locate("Europe/Atlantis");
  Result<std::unique_ptr<TimeZone>> fast = TzTimeZone::LocateFast("Europe/Atlantis");
  ASSERT_FALSE(slow.ok());
  ASSERT_FALSE(fast.ok());
  EXPECT_EQ(slow.errors()[0].message, fast.errors()[0].message);
  EXPECT_FALSE(TzTimeZone::LocateFast("../etc/passwd").ok());
}

}  // namespace
}  // namespace rollout
