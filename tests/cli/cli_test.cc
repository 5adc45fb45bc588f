// Words of the command line (tools/cli): --version, the plural of working
// days in what people read (issue #12, bug 5).
#include <gtest/gtest.h>

#include "tools/cli/alert_text.h"
#include "tools/cli/cli.h"
#include "tests/testing/run_binary.h"

namespace rollout {
namespace {

TEST(Cli, VersionPrintsTheProjectVersion) {
  testing::RunResult r = testing::Rollout({"--version"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, std::string("rollout ") + ROLLOUT_VERSION + "\n");
}

TEST(Cli, OneWorkingDayIsSingular) {
  EXPECT_EQ(WorkingDays(1), "1 working day");
  EXPECT_EQ(WorkingDays(2), "2 working days");
  EXPECT_EQ(WorkingDays(0), "0 working days");
  StoredAlert slip;
  slip.kind = "slip";
  slip.args = {{"forecast", "2027-07-14"}, {"baseline", "2027-07-13"}, {"late", "1"}};
  EXPECT_EQ(AlertText(slip),
            "the forecast finish 2027-07-14 is later than the baseline finish 2027-07-13 "
            "(by 1 working day)");
}

}  // namespace
}  // namespace rollout
