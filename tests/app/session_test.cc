// ParseNow: the one reader of --now / $ROLLOUT_NOW (app/session.cc).
#include <gtest/gtest.h>

#include "app/session.h"

namespace rollout {
namespace {

Result<Instant> Parse(const std::string& text) { return ParseNow(text, FixedOffsetZone(180), 7); }

TEST(ParseNow, ReadsLocalTimesOffsetsAndTheClock) {
  EXPECT_EQ(Parse("").value(), 7);
  // 2027-01-11T10:00 at +03:00 is 07:00Z.
  EXPECT_EQ(Parse("2027-01-11T10:00").value(), 1799650800);
  EXPECT_EQ(Parse("2027-01-11 10:00").value(), 1799650800);
  EXPECT_EQ(Parse("2027-01-11T07:00Z").value(), 1799650800);
  EXPECT_EQ(Parse("2027-01-11T12:00+05:00").value(), 1799650800);
  EXPECT_EQ(Parse("2027-01-10T21:00-10:00").value(), 1799650800);
  EXPECT_EQ(Parse("2027-01-11T10:00:30").value(), 1799650830);
  EXPECT_EQ(Parse("2027-01-11").value(), 1799650800 - 10 * 3600);
}

TEST(ParseNow, RefusesWhatIsNotATime) {
  for (const char* bad :
       {"2027-01-11T10:00-99:99", "2027-01-11T10:00+15:00", "2027-01-11T10:00+03:60",
        "0000-01-11T10:00", "1899-12-31T10:00", "-001-01-11T10:00", "+2027-01-11T10:00",
        "99999-01-11T10:00", "2027-13-01T10:00", "2027-02-30T10:00", "2027-01-11T24:00",
        "2027-01-11T10:60", "2027-01-11T10", "2027-01-11T10:00:61", "2027-01-11T10:00X",
        "2027-01-11T10:00+0300", "tomorrow"}) {
    Result<Instant> r = Parse(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.code(), ErrorCode::kBadTime) << bad;
    EXPECT_EQ(r.errors()[0].subject, bad);
  }
}

}  // namespace
}  // namespace rollout
