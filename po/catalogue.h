// The Russian catalogue, po/ru.po compiled by msgfmt at build time and built
// into the binary (po/embed.cmake), so that `rollout` speaks Russian wherever
// it is copied to. The bytes of a GNU .mo file.
#pragma once

#include <string_view>

namespace rollout {

std::string_view CatalogueRu();

}  // namespace rollout
