// What a process maps at start: the libraries only some commands need
// (libxml2 for MS Project XML, libpq for PostgreSQL, libcurl for e-mail,
// Boost.Locale for Russian) are loaded with dlopen on first use, so
// `rollout --help` and every SQLite command pay nothing for them
// (docs/performance.md "Start-up"). The dynamic loader says what it loads:
// LD_DEBUG=files writes one "file=NAME" line per library to stderr.
#include <gtest/gtest.h>

#include <string>

#include "tests/testing/run_binary.h"

namespace rollout::testing {
namespace {

bool Loads(const RunResult& r, const std::string& library) {
  return r.err.find("file=" + library) != std::string::npos;
}

TEST(Startup, HelpLoadsNoneOfTheLibrariesLoadedOnDemand) {
  const RunResult r = Rollout({"--help"}, {"LD_DEBUG=files"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(Loads(r, "libstdc++.so.6")) << "LD_DEBUG=files had no effect:\n" << r.err;
  EXPECT_FALSE(Loads(r, "libxml2.so.2")) << r.err;
  EXPECT_FALSE(Loads(r, "libpq.so.5")) << r.err;
  EXPECT_FALSE(Loads(r, "libcurl.so.4")) << r.err;
  EXPECT_FALSE(Loads(r, "libicuuc.so")) << r.err;
}

TEST(Startup, MsProjectXmlLoadsLibxml2WhenItIsNeededAndWorks) {
  ScopedTempDir dir;
  const RunResult out =
      Rollout({"export", "mspdi", "builtin:distribution-transition"}, {"LD_DEBUG=files"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_TRUE(Loads(out, "libxml2.so.2")) << out.err;
  EXPECT_NE(out.out.find("<Project xmlns=\"http://schemas.microsoft.com/project\">"),
            std::string::npos);

  // Read back through the importer: the same tasks come out.
  const std::string xml = dir.Write("plan.xml", out.out);
  const RunResult in = Rollout({"import", "mspdi", xml});
  ASSERT_EQ(in.exit_code, 0) << in.err;
  EXPECT_NE(in.out.find("tasks:"), std::string::npos) << in.out;

  // A plan that never touches XML does not load it.
  const RunResult csv = Rollout({"export", "csv", "builtin:distribution-transition"},
                                {"LD_DEBUG=files"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_FALSE(Loads(csv, "libxml2.so.2")) << csv.err;
}

}  // namespace
}  // namespace rollout::testing
