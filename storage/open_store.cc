// Picks the backend for a location: a postgresql:// or postgres:// URI is
// PostgreSQL (storage/postgres/), anything else a SQLite file path.
#include "storage/postgres/pg_store.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/store.h"

namespace rollout {

Result<std::unique_ptr<Store>> OpenStore(const std::string& location, OpenMode mode) {
  if (postgres::IsPostgresUri(location)) {
    Result<std::unique_ptr<postgres::PgStore>> store = postgres::PgStore::Open(location, mode);
    if (!store.ok()) return store.errors();
    return std::unique_ptr<Store>(std::move(store.value()));
  }
  Result<std::unique_ptr<sqlite::SqliteStore>> store = sqlite::SqliteStore::Open(location, mode);
  if (!store.ok()) return store.errors();
  return std::unique_ptr<Store>(std::move(store.value()));
}

}  // namespace rollout
