// Picks the backend for a location. Every location is a SQLite file path
// for now; a postgresql:// URI will choose storage/postgres/.
#include "storage/sqlite/sqlite_store.h"
#include "storage/store.h"

namespace rollout {

Result<std::unique_ptr<Store>> OpenStore(const std::string& location, OpenMode mode) {
  Result<std::unique_ptr<sqlite::SqliteStore>> store = sqlite::SqliteStore::Open(location, mode);
  if (!store.ok()) return store.errors();
  return std::unique_ptr<Store>(std::move(store.value()));
}

}  // namespace rollout
