// The language of a response: the client's Accept-Language (RFC 9110
// §12.5.4) against the two we speak (docs/server.md "Languages").
#pragma once

#include <string_view>

#include "po/messages.h"

namespace rollout::server {

/// The language an `Accept-Language` header asks for: of its ranges with a
/// q-value above 0, the one with the highest q whose primary tag is `en` or
/// `ru` (`ru`, `ru-RU`, `RU`; `*` stands for |fallback|), the first of
/// equals; |fallback| (the server's language) when none is, when the header
/// is empty or malformed, or when it is over 1024 bytes.
Lang LangOfAcceptLanguage(std::string_view header, Lang fallback);

}  // namespace rollout::server
