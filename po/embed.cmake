# cmake -DIN=ru.mo -DOUT=catalogue_ru.cc -P embed.cmake: the bytes of IN as
# the body of rollout::CatalogueRu() (po/catalogue.h).
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" len)
math(EXPR size "${len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
string(REGEX REPLACE "(('[^']*',){32})" "\\1\n" bytes "${bytes}")
file(WRITE "${OUT}.tmp"
  "// Generated from po/ru.po by po/embed.cmake: do not edit.\n"
  "#include \"po/catalogue.h\"\n\n"
  "namespace rollout {\nnamespace {\nconst char kRu[] = {\n${bytes}\n'\\0'};\n}  // namespace\n\n"
  "std::string_view CatalogueRu() { return {kRu, ${size}}; }\n\n}  // namespace rollout\n")
file(RENAME "${OUT}.tmp" "${OUT}")
