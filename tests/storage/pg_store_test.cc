// What only the PostgreSQL backend has: the open modes on a database
// without a rollout schema, migrations of its own, a URI's password kept
// out of every message, serializable writes retried under contention,
// group commit with savepoints (WriteEach), the integrity check.
// On the cluster of $ROLLOUT_TEST_PG (tests/testing/test_db.h).
#include "storage/postgres/pg_store.h"

#include <gtest/gtest.h>

#include <poll.h>

#include <atomic>
#include <thread>

#include "storage/postgres/pg_connection.h"
#include "storage/postgres/pg_schema.h"
#include "tests/storage/store_testing.h"
#include "tests/testing/test_db.h"

namespace rollout {
namespace {

using postgres::kPgSchemaVersion;
using postgres::PgConnection;
using postgres::PgStore;
using postgres::RedactUri;
using storage_testing::FirstMessage;
using storage_testing::ReadOrDie;
using storage_testing::WriteOrDie;
using testing::Backend;
using testing::TestDatabase;

std::unique_ptr<PgStore> OpenPg(const std::string& uri, OpenMode mode = OpenMode::kCreate) {
  Result<std::unique_ptr<PgStore>> s = PgStore::Open(uri, mode);
  EXPECT_TRUE(s.ok()) << FirstMessage(s);
  return s.ok() ? std::move(s.value()) : nullptr;
}

int64_t Count(const std::string& uri, const std::string& sql) {
  return PgConnection::Connect(uri)->Exec(sql).Int64(0, 0);
}

TEST(PgStore, OnlyACreatingOpenMakesTheSchema) {
  TestDatabase db(Backend::kPostgres);
  ASSERT_FALSE(db.location().empty());
  for (OpenMode mode : {OpenMode::kExisting, OpenMode::kReadOnly}) {
    Result<std::unique_ptr<PgStore>> s = PgStore::Open(db.location(), mode);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.code(), ErrorCode::kNoDatabase);
    EXPECT_NE(s.errors()[0].message.find(db.location()), std::string::npos);
    EXPECT_EQ(Count(db.location(), "SELECT count(*) FROM pg_namespace WHERE nspname = 'rollout'"),
              0);
  }
  std::unique_ptr<PgStore> created = OpenPg(db.location());
  ASSERT_TRUE(created);
  EXPECT_EQ(created->opened_version(), 0);
  EXPECT_EQ(Count(db.location(), "SELECT max(version) FROM rollout.migrations"), kPgSchemaVersion);
  std::unique_ptr<PgStore> again = OpenPg(db.location(), OpenMode::kExisting);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->opened_version(), kPgSchemaVersion);
}

TEST(PgStore, TwoFirstOpensAtOnceMakeTheSchemaOnce) {
  TestDatabase db(Backend::kPostgres);
  ASSERT_FALSE(db.location().empty());
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] {
      if (PgStore::Open(db.location(), OpenMode::kCreate).ok()) ++ok;
    });
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), 4);
  EXPECT_EQ(Count(db.location(), "SELECT count(*) FROM rollout.migrations"), kPgSchemaVersion);
}

TEST(PgStore, ReadOnlyOpenReadsAndTheServerRefusesItsWrites) {
  TestDatabase db(Backend::kPostgres);
  ASSERT_TRUE(OpenPg(db.location()));
  std::unique_ptr<PgStore> ro = OpenPg(db.location(), OpenMode::kReadOnly);
  ASSERT_TRUE(ro);
  ReadOrDie(*ro, [](StoreTx& tx) { EXPECT_TRUE(tx.Projects().empty()); });
  Status w = ro->Write([](StoreTx& tx) {
    tx.SetEngineState("k", "v");
    return Store::Outcome::kCommit;
  });
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.code(), ErrorCode::kFailure);
  // Even a read transaction's body cannot write: the session is read-only.
  Status r = ro->Read([](StoreTx& tx) { tx.SetEngineState("k", "v"); });
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.errors()[0].message.find("read-only"), std::string::npos) << r.errors()[0].message;
  EXPECT_EQ(Count(db.location(), "SELECT count(*) FROM rollout.engine_state"), 0);
}

TEST(PgStore, RefusesANewerSchemaAndAForeignRolloutSchema) {
  TestDatabase newer(Backend::kPostgres);
  ASSERT_TRUE(OpenPg(newer.location()));
  PgConnection::Connect(newer.location())
      ->Exec("INSERT INTO rollout.migrations (version, what) VALUES (99, 'future')");
  for (OpenMode mode : {OpenMode::kReadOnly, OpenMode::kExisting, OpenMode::kCreate}) {
    Result<std::unique_ptr<PgStore>> s = PgStore::Open(newer.location(), mode);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.code(), ErrorCode::kSchemaTooNew);
    EXPECT_NE(s.errors()[0].message.find("schema version 99, newer than this rollout knows (" +
                                         std::to_string(kPgSchemaVersion) + ")"),
              std::string::npos)
        << s.errors()[0].message;
  }
  TestDatabase foreign(Backend::kPostgres);
  PgConnection::Connect(foreign.location())
      ->ExecScript("CREATE SCHEMA rollout; CREATE TABLE rollout.things (x int)");
  Result<std::unique_ptr<PgStore>> s = PgStore::Open(foreign.location(), OpenMode::kCreate);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::kNotADatabase);
  // Nothing was added to it.
  EXPECT_EQ(Count(foreign.location(),
                  "SELECT count(*) FROM pg_tables WHERE schemaname = 'rollout'"),
            1);
}

TEST(PgStore, ThePasswordOfAUriIsInNoMessage) {
  EXPECT_EQ(RedactUri("postgresql://ann:s3cret@db.example:5432/rollout"),
            "postgresql://ann@db.example:5432/rollout");
  EXPECT_EQ(RedactUri("postgres://db/rollout?sslmode=require&password=s3cret"),
            "postgres://db/rollout?sslmode=require");
  EXPECT_EQ(RedactUri("postgres://db/rollout?password=s3cret&sslmode=require"),
            "postgres://db/rollout?sslmode=require");
  EXPECT_EQ(RedactUri("postgresql://ann@h/db"), "postgresql://ann@h/db");
  // Port 1 on the loopback: nothing listens there.
  Result<std::unique_ptr<Store>> s =
      OpenStore("postgresql://ann:s3cret@127.0.0.1:1/rollout", OpenMode::kExisting);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::kCannotOpen);
  EXPECT_EQ(s.errors()[0].message.find("s3cret"), std::string::npos) << s.errors()[0].message;
  EXPECT_NE(s.errors()[0].message.find("postgresql://ann@127.0.0.1:1/rollout"), std::string::npos);
}

TEST(PgStore, AMissingDatabaseIsNoDatabase) {
  TestDatabase db(Backend::kPostgres);
  ASSERT_FALSE(db.location().empty());
  const std::string missing = testing::PgUriOf(db.location(), "rollout_no_such_db");
  Result<std::unique_ptr<Store>> s = OpenStore(missing, OpenMode::kCreate);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::kNoDatabase) << s.errors()[0].message;
}

// 8 connections x 25 read-modify-write transactions on one row: each reads
// the value and writes it plus one. Serializable isolation turns every
// lost update into a conflict, and Write runs it again: the sum is exact.
TEST(PgStore, ConflictingWritersAreRunAgainAndLoseNothing) {
  TestDatabase db(Backend::kPostgres);
  ASSERT_TRUE(OpenPg(db.location()));
  constexpr int kThreads = 8, kEach = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&] {
      std::unique_ptr<PgStore> s = OpenPg(db.location(), OpenMode::kExisting);
      if (!s) return (void)++failures;
      for (int n = 0; n < kEach; ++n) {
        Status st = s->Write([](StoreTx& tx) {
          std::optional<std::string> v = tx.EngineState("n");
          tx.SetEngineState("n", std::to_string(v ? std::stoi(*v) + 1 : 1));
          return Store::Outcome::kCommit;
        });
        if (!st.ok()) ++failures;
      }
    });
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  std::unique_ptr<PgStore> s = OpenPg(db.location(), OpenMode::kExisting);
  ReadOrDie(*s, [](StoreTx& tx) { EXPECT_EQ(tx.EngineState("n"), std::to_string(kThreads * kEach)); });
}

// Ends every other session on the test's database, as a restart of the
// server or an administrator's pg_terminate_backend would.
void EndOtherSessions(const std::string& uri) {
  PgConnection::Connect(uri)->Exec(
      "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
      "WHERE datname = current_database() AND pid <> pg_backend_pid()");
}

// Whether |fd| is readable within |ms| (0: now).
bool Readable(int fd, int ms) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, ms) == 1 && (p.revents & (POLLIN | POLLHUP | POLLERR)) != 0;
}

// The LISTEN connection's socket is what a watcher waits on: readable when
// another session committed, quiet again once ChangeCounter read the news.
// The store's own writes reach the socket too (NOTIFY goes to every
// listener) but the count skips them by the writing connection's pid.
TEST(PgStore, TheWaitSocketBecomesReadableWhenAnotherSessionCommits) {
  TestDatabase db(Backend::kPostgres);
  std::unique_ptr<PgStore> s = OpenPg(db.location());
  ASSERT_TRUE(s);
  EXPECT_EQ(s->WaitSocket().fd, -1);  // no LISTEN before the first count
  const int64_t before = s->ChangeCounter();
  ASSERT_GE(before, 0);
  const Store::ChangeSocket cs = s->WaitSocket();
  ASSERT_GE(cs.fd, 0);
  EXPECT_FALSE(Readable(cs.fd, 0));
  std::unique_ptr<PgStore> other = OpenPg(db.location(), OpenMode::kExisting);
  WriteOrDie(*other, [](StoreTx& tx) { tx.SetEngineState("k", "1"); });
  EXPECT_TRUE(Readable(cs.fd, 10000)) << "no notification arrived on the socket";
  const int64_t after = s->ChangeCounter();
  EXPECT_GT(after, before);
  EXPECT_FALSE(Readable(cs.fd, 0)) << "the count left the news unread";
  WriteOrDie(*s, [](StoreTx& tx) { tx.SetEngineState("k", "2"); });
  EXPECT_TRUE(Readable(cs.fd, 10000));
  EXPECT_EQ(s->ChangeCounter(), after);  // its own write does not count
  EXPECT_EQ(s->WaitSocket().generation, cs.generation);
  // A lost connection: the socket ends (readable), the count connects
  // again and moves on, and the socket is a new one (a new generation).
  EndOtherSessions(db.location());
  EXPECT_TRUE(Readable(cs.fd, 10000));
  EXPECT_GT(s->ChangeCounter(), after);
  EXPECT_NE(s->WaitSocket().generation, cs.generation);
  EXPECT_GE(s->WaitSocket().fd, 0);
}

TEST(PgStore, ALostConnectionIsMadeAgainBeforeTheNextTransaction) {
  TestDatabase db(Backend::kPostgres);
  std::unique_ptr<PgStore> s = OpenPg(db.location());
  ASSERT_TRUE(s);
  WriteOrDie(*s, [](StoreTx& tx) { tx.SetEngineState("n", "1"); });
  const int64_t before = s->ChangeCounter();
  ASSERT_GE(before, 0);
  EndOtherSessions(db.location());
  // Reads and writes go on, on the schema of the first connection.
  ReadOrDie(*s, [](StoreTx& tx) { EXPECT_EQ(tx.EngineState("n"), "1"); });
  EndOtherSessions(db.location());
  WriteOrDie(*s, [](StoreTx& tx) { tx.SetEngineState("n", "2"); });
  EndOtherSessions(db.location());
  // What others sent while the connection was away is lost: the counter
  // moves on so that a watcher looks again.
  const int64_t after = s->ChangeCounter();
  EXPECT_GT(after, before);
  std::unique_ptr<PgStore> other = OpenPg(db.location(), OpenMode::kExisting);
  WriteOrDie(*other, [](StoreTx& tx) { tx.SetEngineState("m", "1"); });
  int64_t seen = after;
  for (int i = 0; i < 200 && seen == after; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    seen = s->ChangeCounter();
  }
  EXPECT_GT(seen, after) << "LISTEN was not issued again";
  ReadOrDie(*s, [](StoreTx& tx) { EXPECT_EQ(tx.EngineState("n"), "2"); });
}

TEST(PgStore, ATransactionItsConnectionLostRunsAgainOnceOnANewOne) {
  TestDatabase db(Backend::kPostgres);
  std::unique_ptr<PgStore> s = OpenPg(db.location());
  ASSERT_TRUE(s);
  WriteOrDie(*s, [](StoreTx& tx) { tx.SetEngineState("n", "1"); });
  int attempts = 0;
  Status st = s->Write([&](StoreTx& tx) {
    ++attempts;
    std::optional<std::string> v = tx.EngineState("n");
    if (attempts == 1) EndOtherSessions(db.location());
    tx.SetEngineState("n", std::to_string(v ? std::stoi(*v) + 1 : 1));
    return Store::Outcome::kCommit;
  });
  ASSERT_TRUE(st.ok()) << st.errors().front().message;
  EXPECT_EQ(attempts, 2);
  ReadOrDie(*s, [](StoreTx& tx) { EXPECT_EQ(tx.EngineState("n"), "2"); });
}

TEST(PgStore, ADatabaseThatStaysAwayFailsTheWriteWithItsReasonAndComesBack) {
  TestDatabase db(Backend::kPostgres);
  std::unique_ptr<PgStore> s = OpenPg(db.location());
  ASSERT_TRUE(s);
  const std::string name = PgConnection::Connect(db.location())->Exec("SELECT current_database()").Text(0, 0);
  // The database refuses every new session while its old ones are ended.
  auto admin = PgConnection::Connect(testing::AdminUri());
  admin->Exec("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
  admin->Exec("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1",
              {postgres::P(name)});
  Status st = s->Write([](StoreTx& tx) {
    tx.SetEngineState("n", "1");
    return Store::Outcome::kCommit;
  });
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.errors().front().message.find("cannot reach the database"), std::string::npos)
      << st.errors().front().message;
  EXPECT_FALSE(s->Read([](StoreTx&) {}).ok());
  // Back again: the same store reads and writes.
  admin->Exec("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
  WriteOrDie(*s, [](StoreTx& tx) { tx.SetEngineState("n", "2"); });
  ReadOrDie(*s, [](StoreTx& tx) { EXPECT_EQ(tx.EngineState("n"), "2"); });
}

TEST(PgStore, WriteEachRollsBackOneBodyAloneAndCommitsTheRest) {
  TestDatabase db(Backend::kPostgres);
  std::unique_ptr<PgStore> s = OpenPg(db.location());
  ASSERT_TRUE(s);
  using Body = std::function<Store::Outcome(StoreTx&)>;
  std::vector<Body> bodies = {
      [](StoreTx& tx) {
        tx.SetEngineState("one", "1");
        return Store::Outcome::kCommit;
      },
      [](StoreTx& tx) -> Store::Outcome {
        tx.SetEngineState("two", "2");
        throw StoreError(MakeError(ErrorCode::kNotLead, "not a lead"));
      },
      [](StoreTx& tx) {
        tx.SetEngineState("three", "3");
        return Store::Outcome::kRollback;
      },
      [](StoreTx& tx) {
        tx.SetEngineState("four", "4");
        tx.MarkLevelled("nobody", 1);  // throws: no such version
        return Store::Outcome::kCommit;
      },
      [](StoreTx& tx) {
        // Sees what the first body wrote: one transaction.
        tx.SetEngineState("five", tx.EngineState("one").value_or("missing"));
        return Store::Outcome::kCommit;
      },
  };
  std::vector<Status> st = s->WriteEach(bodies);
  ASSERT_EQ(st.size(), 5u);
  EXPECT_TRUE(st[0].ok());
  ASSERT_FALSE(st[1].ok());
  EXPECT_EQ(st[1].code(), ErrorCode::kNotLead);
  EXPECT_TRUE(st[2].ok());
  ASSERT_FALSE(st[3].ok());
  EXPECT_EQ(st[3].code(), ErrorCode::kFailure);
  EXPECT_TRUE(st[4].ok());
  ReadOrDie(*s, [](StoreTx& tx) {
    EXPECT_EQ(tx.EngineState("one"), "1");
    EXPECT_FALSE(tx.EngineState("two"));
    EXPECT_FALSE(tx.EngineState("three"));
    EXPECT_FALSE(tx.EngineState("four"));
    EXPECT_EQ(tx.EngineState("five"), "1");
  });
  // A batch where nothing commits writes nothing.
  std::vector<Status> none = s->WriteEach({[](StoreTx& tx) {
    tx.SetEngineState("six", "6");
    return Store::Outcome::kRollback;
  }});
  EXPECT_TRUE(none[0].ok());
  ReadOrDie(*s, [](StoreTx& tx) { EXPECT_FALSE(tx.EngineState("six")); });
}

// A batch that keeps conflicting is split in halves (PgStore::WriteEach):
// a body that conflicts with another server again and again no longer
// makes the others of its batch run again with it. Here body 1 conflicts
// on its first K + 1 runs (K = kBatchConflicts; another store commits the
// key it read before it writes it): the batch of two is tried K times,
// then each body goes alone; body 0 commits on its run K + 1, not with
// body 1's run K + 2 as a batch retried whole would.
TEST(PgStore, ABatchThatKeepsConflictingIsSplitAndTheRestCommits) {
  TestDatabase db(Backend::kPostgres);
  std::unique_ptr<PgStore> a = OpenPg(db.location());
  std::unique_ptr<PgStore> b = OpenPg(db.location(), OpenMode::kExisting);
  ASSERT_TRUE(a && b);
  WriteOrDie(*b, [](StoreTx& tx) { tx.SetEngineState("hot", "b"); });
  int zero_runs = 0, one_runs = 0;
  using Body = std::function<Store::Outcome(StoreTx&)>;
  std::vector<Body> bodies = {
      [&](StoreTx& tx) {
        ++zero_runs;
        tx.SetEngineState("zero", "0");
        return Store::Outcome::kCommit;
      },
      [&](StoreTx& tx) {
        const std::string seen = tx.EngineState("hot").value_or("");
        if (++one_runs <= PgStore::kBatchConflicts + 1)
          WriteOrDie(*b, [&](StoreTx& other) { other.SetEngineState("hot", "b" + seen); });
        tx.SetEngineState("hot", "a");
        return Store::Outcome::kCommit;
      },
  };
  std::vector<Status> st = a->WriteEach(bodies);
  ASSERT_EQ(st.size(), 2u);
  EXPECT_TRUE(st[0].ok()) << st[0].errors()[0].message;
  EXPECT_TRUE(st[1].ok()) << st[1].errors()[0].message;
  EXPECT_EQ(one_runs, PgStore::kBatchConflicts + 2);
  EXPECT_EQ(zero_runs, PgStore::kBatchConflicts + 1);
  ReadOrDie(*a, [](StoreTx& tx) {
    EXPECT_EQ(tx.EngineState("zero"), "0");
    EXPECT_EQ(tx.EngineState("hot"), "a");
  });
}

TEST(PgStore, IntegrityCheckFindsOrphans) {
  TestDatabase db(Backend::kPostgres);
  std::unique_ptr<PgStore> s = OpenPg(db.location());
  ASSERT_TRUE(s);
  Status fresh = s->CheckIntegrity();
  EXPECT_TRUE(fresh.ok()) << FirstMessage(fresh);
  PgConnection::Connect(db.location())
      ->Exec(
          "INSERT INTO rollout.progress (project, task, state, started_on, started_at, "
          "updated_by) VALUES ('ghost', 'a', 'started', '2027-01-11', 1, 'x')");
  Status bad = s->CheckIntegrity();
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.code(), ErrorCode::kFailure);
  EXPECT_NE(bad.errors()[0].message.find("1 progress of a project without a plan"),
            std::string::npos)
      << bad.errors()[0].message;
}

}  // namespace
}  // namespace rollout
