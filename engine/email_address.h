// The one syntax check of an e-mail address, shared by the plan reader (a
// person's `email:`) and the e-mail sink (the sender, --mail-from). Pure.
//
// Accepted: one bare addr-spec LOCAL@DOMAIN (RFC 5321 "Mailbox" without
// quoted local parts, comments or a display name), at most 254 bytes, the
// local part at most 64 bytes of atext and dots (no leading, trailing or
// double dot), the domain two or more labels of letters, digits and inner
// hyphens, each at most 63 bytes. Everything else is refused: spaces,
// commas and angle brackets (a second address), CR, LF and every other
// control character (header injection), and non-ASCII (SMTPUTF8, which the
// sink does not negotiate). docs/engine.md "E-mail".
#pragma once

#include <string>
#include <string_view>

namespace rollout {

/// "" when |address| is acceptable, else what is wrong with it (English,
/// no command words; the caller renders the address itself, escaped).
std::string EmailAddressProblem(std::string_view address);

}  // namespace rollout
