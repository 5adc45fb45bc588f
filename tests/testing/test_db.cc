#include "tests/testing/test_db.h"

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <random>

#include "storage/postgres/pg_connection.h"
#include "tests/testing/run_binary.h"

namespace rollout::testing {
namespace {

constexpr const char* kHowToStart =
    "ROLLOUT_TEST_PG is unset: the PostgreSQL instances of this test need a cluster. Run "
    "`tools/dev test`, or start one with `tools/dev pg-start` and "
    "`export ROLLOUT_TEST_PG=$(cat /tmp/rollout-pg/uri)`";

}  // namespace

std::string AdminUri() {
  const char* uri = std::getenv("ROLLOUT_TEST_PG");
  return uri ? uri : "";
}

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}

std::string PgUriOf(const std::string& base, const std::string& database) {
  const size_t scheme = base.find("://");
  const size_t slash = base.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  const size_t query = base.find('?');
  std::string head = base.substr(0, slash == std::string::npos ? query : slash);
  std::string tail = query == std::string::npos ? "" : base.substr(query);
  return head + "/" + database + tail;
}

std::string DatabaseContents(const std::string& location) {
  if (postgres::IsPostgresUri(location)) {
    RunResult dump = Run({"/usr/bin/pg_dump", "--schema=rollout", "--no-owner", location});
    EXPECT_EQ(dump.exit_code, 0) << dump.err;
    // pg_dump 15.14+ fences its output with \restrict KEY / \unrestrict KEY,
    // a key drawn at random for every dump: not part of what is stored.
    std::string out;
    size_t at = 0;
    while (at < dump.out.size()) {
      size_t end = dump.out.find('\n', at);
      end = end == std::string::npos ? dump.out.size() : end + 1;
      const std::string line = dump.out.substr(at, end - at);
      if (line.rfind("\\restrict ", 0) != 0 && line.rfind("\\unrestrict ", 0) != 0) out += line;
      at = end;
    }
    return out;
  }
  std::string all = ReadFile(location);
  if (std::filesystem::exists(location + "-wal")) all += ReadFile(location + "-wal");
  return all;
}

TestDatabase::TestDatabase(Backend backend, const std::string& file) : backend_(backend) {
  if (backend == Backend::kSqlite) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "rollout-db-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) {
      ADD_FAILURE() << "cannot make a temporary folder";
      return;
    }
    dir_ = tmpl;
    location_ = dir_ + "/" + file;
    return;
  }
  const std::string admin = AdminUri();
  if (admin.empty()) {
    ADD_FAILURE() << kHowToStart;
    return;
  }
  std::random_device rd;
  name_ = "rollout_t_" + std::to_string(getpid()) + "_" + std::to_string(rd() % 1000000000u);
  try {
    auto conn = postgres::PgConnection::Connect(admin);
    conn->Exec("CREATE DATABASE " + name_ + " TEMPLATE template0 ENCODING 'UTF8' STRATEGY FILE_COPY");
  } catch (const std::exception& e) {
    ADD_FAILURE() << "cannot create a test database on " << postgres::RedactUri(admin) << ": "
                  << e.what();
    name_.clear();
    return;
  }
  location_ = PgUriOf(admin, name_);
}

TestDatabase::~TestDatabase() {
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  if (!name_.empty()) {
    try {
      auto conn = postgres::PgConnection::Connect(AdminUri());
      conn->Exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (const std::exception& e) {
      ADD_FAILURE() << "cannot drop the test database " << name_ << ": " << e.what();
    }
  }
}

}  // namespace rollout::testing
