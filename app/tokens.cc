#include "app/tokens.h"

#include "engine/runtime/token_secret.h"
#include "po/messages.h"

namespace rollout {
namespace {

bool HasControl(const std::string& s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return true;
  return false;
}

bool IsLead(StoreTx& tx, const Session& session) {
  return StoredActor(tx, session.project(), session.plan.version, session.actor).lead;
}

}  // namespace

Result<IssuedToken> IssueToken(const Session& session, const std::string& person, int expires_days,
                               const std::string& name) {
  if (expires_days < 0 || expires_days > kMaxTokenDays)
    return MakeError(ErrorCode::kInvalid, Tr("a token expires after 0 (never) to {0} days, not {1}",
                                              kMaxTokenDays, expires_days));
  if (name.size() > kMaxTokenNameBytes || HasControl(name))
    return MakeError(ErrorCode::kInvalid,
                     Tr("a token's name is at most {0} bytes of text without control characters",
                        kMaxTokenNameBytes));
  IssuedToken out;
  std::optional<Error> problem;
  Status st = session.store->Write([&](StoreTx& tx) {
    problem.reset();
    if (!IsLead(tx, session)) {
      problem = MakeError(ErrorCode::kNotLead,
                          Tr("only a lead may issue tokens; '{0}' is not a lead", session.actor));
      return Store::Outcome::kRollback;
    }
    if (!tx.FindPlanPerson(session.project(), session.plan.version, person)) {
      problem = MakeError(ErrorCode::kNotFound,
                          Tr("'{0}' is not a person of the plan '{1}'", person, session.project()),
                          Tr("a token is for one of the people under `people:` in the plan"), person);
      return Store::Outcome::kRollback;
    }
    out.secret = NewTokenSecret();
    out.row = TokenRow{};
    out.row.hash = TokenHash(out.secret);
    out.row.person = person;
    out.row.name = name;
    out.row.created_at = session.now;
    out.row.created_by = session.actor;
    if (expires_days > 0) out.row.expires_at = session.now + Instant{expires_days} * 86400;
    out.row.id = tx.InsertToken(out.row);
    tx.AppendLog(session.project(), {session.now, session.Format(session.now), session.actor,
                                     "token", std::nullopt,
                                     "issued token #" + std::to_string(out.row.id) + " to " + person,
                                     session.plan.version});
    return Store::Outcome::kCommit;
  });
  if (!st.ok()) return st.errors();
  if (problem) return *problem;
  return out;
}

Result<std::vector<TokenRow>> ListTokens(const Session& session) {
  std::vector<TokenRow> rows;
  Status st = session.store->Read([&](StoreTx& tx) {
    rows = tx.ListTokens(IsLead(tx, session) ? "" : session.actor);
  });
  if (!st.ok()) return st.errors();
  return rows;
}

Result<TokenRow> RevokeToken(const Session& session, int64_t id) {
  TokenRow out;
  std::optional<Error> problem;
  Status st = session.store->Write([&](StoreTx& tx) {
    problem.reset();
    std::optional<TokenRow> t = tx.FindToken(id);
    if (!t || (t->person != session.actor && !IsLead(tx, session))) {
      problem = MakeError(ErrorCode::kUnknownToken, Tr("no token #{0}", id));
      return Store::Outcome::kRollback;
    }
    if (!tx.RevokeToken(id, session.now)) {
      out = *t;
      return Store::Outcome::kRollback;
    }
    out = *t;
    out.revoked_at = session.now;
    tx.AppendLog(session.project(), {session.now, session.Format(session.now), session.actor,
                                     "token", std::nullopt,
                                     "revoked token #" + std::to_string(id) + " of " + t->person,
                                     session.plan.version});
    return Store::Outcome::kCommit;
  });
  if (!st.ok()) return st.errors();
  if (problem) return *problem;
  return out;
}

Result<TokenRow> Authenticate(Store& store, const std::string& secret, Instant now) {
  const Error refused = MakeError(ErrorCode::kBadToken, Tr("no valid token"));
  if (!LooksLikeToken(secret)) return refused;
  const std::string hash = TokenHash(secret);
  std::optional<TokenRow> found;
  Status st = store.Read([&](StoreTx& tx) { found = tx.FindTokenByHash(hash); });
  if (!st.ok()) return st.errors();
  if (!found || !SameTokenHash(found->hash, hash)) return refused;
  if (std::string(TokenState(*found, now)) != "active") return refused;
  return *found;
}

const char* TokenState(const TokenRow& token, Instant now) {
  if (token.revoked_at) return "revoked";
  if (token.expires_at && *token.expires_at <= now) return "expired";
  return "active";
}

}  // namespace rollout
