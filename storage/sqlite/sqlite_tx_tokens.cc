// Access tokens of the team server (schema version 6): hashes only.
#include <SQLiteCpp/Statement.h>

#include "storage/sqlite/sqlite_tx.h"

namespace rollout::sqlite {
namespace {

constexpr const char* kTokenColumns =
    "SELECT id, hash, person, name, created_at, created_by, expires_at, revoked_at FROM tokens ";

std::optional<Instant> OptionalInstant(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return static_cast<Instant>(c.getInt64());
}

TokenRow TokenFrom(SQLite::Statement& q) {
  TokenRow t;
  t.id = q.getColumn(0).getInt64();
  t.hash = q.getColumn(1).getString();
  t.person = q.getColumn(2).getString();
  t.name = q.getColumn(3).getString();
  t.created_at = static_cast<Instant>(q.getColumn(4).getInt64());
  t.created_by = q.getColumn(5).getString();
  t.expires_at = OptionalInstant(q.getColumn(6));
  t.revoked_at = OptionalInstant(q.getColumn(7));
  return t;
}

}  // namespace

int64_t SqliteTx::InsertToken(const TokenRow& token) {
  SQLite::Statement& q = Stmt("INSERT INTO tokens (hash, person, name, created_at, created_by, expires_at) "
                      "VALUES (?, ?, ?, ?, ?, ?)");
  q.bind(1, token.hash);
  q.bind(2, token.person);
  q.bind(3, token.name);
  q.bind(4, static_cast<int64_t>(token.created_at));
  q.bind(5, token.created_by);
  if (token.expires_at)
    q.bind(6, static_cast<int64_t>(*token.expires_at));
  else
    q.bind(6);
  q.exec();
  return db_.getLastInsertRowid();
}

std::optional<TokenRow> SqliteTx::FindTokenByHash(const std::string& hash) {
  SQLite::Statement& q = Stmt(std::string(kTokenColumns) + "WHERE hash = ?");
  q.bind(1, hash);
  if (!q.executeStep()) return std::nullopt;
  return TokenFrom(q);
}

std::optional<TokenRow> SqliteTx::FindToken(int64_t id) {
  SQLite::Statement& q = Stmt(std::string(kTokenColumns) + "WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return TokenFrom(q);
}

std::vector<TokenRow> SqliteTx::ListTokens(const std::string& person) {
  SQLite::Statement& q = Stmt(std::string(kTokenColumns) +
                               (person.empty() ? "ORDER BY id" : "WHERE person = ? ORDER BY id"));
  if (!person.empty()) q.bind(1, person);
  std::vector<TokenRow> out;
  while (q.executeStep()) out.push_back(TokenFrom(q));
  return out;
}

bool SqliteTx::RevokeToken(int64_t id, Instant at) {
  SQLite::Statement& q = Stmt("UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
  q.bind(1, static_cast<int64_t>(at));
  q.bind(2, id);
  return q.exec() > 0;
}

}  // namespace rollout::sqlite
