#include "engine/work_calendar.h"

#include <gtest/gtest.h>

namespace rollout {
namespace {

Date D(const char* s) {
  Date d = 0;
  EXPECT_TRUE(ParseDate(s, &d)) << s;
  return d;
}

// 2027-02-19 is a Friday; Saturday 02-20 is a transferred working day,
// 02-23 and 03-08..09 are holidays (the calendar of examples/constraints).
WorkCalendar ConstraintsCalendar() {
  Calendar cal;
  cal.holidays = {{D("2027-02-23"), D("2027-02-23")}, {D("2027-03-08"), D("2027-03-09")}};
  cal.working = {{D("2027-02-20"), D("2027-02-20")}};
  return WorkCalendar(cal, D("2027-02-19"));
}

TEST(WorkCalendar, OffsetsSkipWeekendsAndHolidays) {
  WorkCalendar cal = ConstraintsCalendar();
  EXPECT_EQ(FormatDate(cal.DateOf(0)), "2027-02-19");
  EXPECT_EQ(FormatDate(cal.DateOf(1)), "2027-02-20");
  EXPECT_EQ(FormatDate(cal.DateOf(2)), "2027-02-22");
  EXPECT_EQ(FormatDate(cal.DateOf(3)), "2027-02-24");
  EXPECT_EQ(FormatDate(cal.DateOf(10)), "2027-03-05");
  EXPECT_EQ(FormatDate(cal.DateOf(11)), "2027-03-10");
}

TEST(WorkCalendar, OffStartAndOffEnd) {
  WorkCalendar cal = ConstraintsCalendar();
  EXPECT_EQ(cal.OffStart(D("2027-03-01")), 6);
  EXPECT_EQ(cal.OffEnd(D("2027-03-10")), 12);
  EXPECT_EQ(cal.OffStart(D("2027-03-08")), 11);  // a holiday counts nothing
  EXPECT_EQ(cal.OffEnd(D("2027-03-08")), 11);
  EXPECT_EQ(cal.OffStart(D("2027-01-01")), 0);   // before day 0
}

TEST(WorkCalendar, DayZeroIsFirstWorkingDateOnOrAfterStart) {
  Calendar cal;
  WorkCalendar c(cal, D("2027-01-09"));  // a Saturday
  EXPECT_EQ(FormatDate(c.day0()), "2027-01-11");
  EXPECT_EQ(FormatDate(c.DateOf(-1)), "2027-01-08");
}

TEST(WorkCalendar, RejectsDatesThatDoNotExist) {
  Date d = 0;
  EXPECT_FALSE(ParseDate("2027-02-30", &d));
  EXPECT_FALSE(ParseDate("2027-13-01", &d));
  EXPECT_FALSE(ParseDate("27-01-01", &d));
  EXPECT_TRUE(ParseDate("2028-02-29", &d));
  EXPECT_EQ(Weekday(D("2027-01-11")), 0);  // Monday
}

// The fuzzer's refused-holidays-span.yaml: every day of the window a holiday
// but one working date. The walk to day 0 and CountWorking go day by day
// (2.9 million days); the holidays are a bitmap so that each day is O(1).
TEST(WorkCalendar, HolidaysOverTheWholeWindow) {
  Calendar cal;
  cal.holidays = {{D("1900-01-01"), D("9999-12-31")}};
  cal.working = {{D("9999-12-30"), D("9999-12-30")}};
  WorkCalendar wc(cal, D("2027-01-11"));
  EXPECT_EQ(FormatDate(wc.day0()), "9999-12-30");
  EXPECT_EQ(wc.CountWorking(D("1900-01-01"), D("9999-12-31")), 1);
}

// A plan built in code may name dates far apart: past the bitmap's span the
// dates are looked up in a sorted list, with the same answers.
TEST(WorkCalendar, HolidaysFarApart) {
  Calendar cal;
  const Date monday = D("2027-01-11");
  cal.holidays = {{monday, monday}, {monday + 20000001, monday + 20000001}};
  WorkCalendar wc(cal, monday);
  EXPECT_FALSE(wc.IsWorking(monday));
  EXPECT_TRUE(wc.IsWorking(monday + 1));
  EXPECT_FALSE(wc.IsWorking(monday + 20000001));
  EXPECT_TRUE(wc.IsWorking(monday + 20000001 + 7));
  EXPECT_EQ(FormatDate(wc.day0()), "2027-01-12");
}

}  // namespace
}  // namespace rollout
