// Helpers of the storage tests: a temporary folder, opening a store that
// must open, and the bytes of a file. Header-only, so that
// rollout_storage_tests needs nothing outside storage/ and engine/.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "storage/sqlite/sqlite_store.h"
#include "storage/store.h"

namespace rollout::storage_testing {

/// A folder under the temp dir, removed with everything in it at scope exit.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "rollout-store-XXXXXX").string();
    if (mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

/// The first error's message, or "" when |r| is ok.
template <typename T>
std::string FirstMessage(const Result<T>& r) {
  return r.ok() ? "" : r.errors().front().message;
}

inline std::unique_ptr<sqlite::SqliteStore> OpenOrDie(const std::string& path,
                                                      OpenMode mode = OpenMode::kCreate) {
  Result<std::unique_ptr<sqlite::SqliteStore>> s = sqlite::SqliteStore::Open(path, mode);
  EXPECT_TRUE(s.ok()) << FirstMessage(s);
  return s.ok() ? std::move(s.value()) : nullptr;
}

inline std::string FileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

/// Runs |body| in a write transaction that commits; fails the test on error.
template <typename Body>
void WriteOrDie(Store& store, Body body) {
  Status s = store.Write([&](StoreTx& tx) {
    body(tx);
    return Store::Outcome::kCommit;
  });
  ASSERT_TRUE(s.ok()) << FirstMessage(s);
}

template <typename Body>
void ReadOrDie(Store& store, Body body) {
  Status s = store.Read([&](StoreTx& tx) { body(tx); });
  ASSERT_TRUE(s.ok()) << FirstMessage(s);
}

}  // namespace rollout::storage_testing
