// Access tokens of the team server (docs/server.md "Tokens"). A token
// belongs to the store and names a person id; a request made with it acts
// as that person in whichever project it names, where the person must be
// one of the plan's people (the use cases check it as they check a local
// actor). The store keeps the SHA-256 of the secret only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/session.h"
#include "storage/records.h"

namespace rollout {

struct IssuedToken {
  TokenRow row;
  std::string secret;  // shown once, never stored
};

/// Limits of IssueToken's arguments.
inline constexpr int kMaxTokenDays = 3650;
inline constexpr size_t kMaxTokenNameBytes = 200;

/// A new token for |person| (a person of the session's project), valid for
/// |expires_days| days (0: until revoked). Leads only (kNotLead); kInvalid
/// for days outside 0..kMaxTokenDays or a name too long or with control
/// characters; kNotFound for someone the plan does not know.
Result<IssuedToken> IssueToken(const Session& session, const std::string& person, int expires_days,
                               const std::string& name);

/// Every token for a lead of the session's project, else the actor's own.
Result<std::vector<TokenRow>> ListTokens(const Session& session);

/// Revokes token |id| (a lead, or the token's own person). kUnknownToken for
/// an id that is not a token (or, for staff, not theirs: no probing).
/// Returns the token as it is after the act; revoking twice is a no-op.
Result<TokenRow> RevokeToken(const Session& session, int64_t id);

/// The token whose secret is |secret| when it is valid at |now|; kBadToken
/// when it is malformed, unknown, revoked or expired.
Result<TokenRow> Authenticate(Store& store, const std::string& secret, Instant now);

/// "active", "expired" or "revoked" at |now|.
const char* TokenState(const TokenRow& token, Instant now);

}  // namespace rollout
