// Display width of UTF-8 text, so that columns of Cyrillic (or CJK) names line up.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace rollout {

/// Terminal columns that |text| occupies (wcwidth in a UTF-8 locale).
int DisplayWidth(std::string_view text);

/// |text| padded with spaces to |width| columns (never truncated).
std::string PadRight(std::string_view text, int width);
std::string PadLeft(std::string_view text, int width);

/// |text| cut to at most |width| columns, with "…" when it was cut.
std::string Truncate(std::string_view text, int width);

/// Length of the valid UTF-8 sequence starting at |p| (whose lead byte is
/// 0x80 or more), or 0 when it is not valid: the table of Unicode 3-7 that
/// nlohmann-json checks too (no overlong forms, no surrogates, <= U+10FFFF).
size_t Utf8SequenceLength(const unsigned char* p, const unsigned char* end);

/// Line |line| (1-based) of |text|, without its newline; "" if there is none.
std::string LineOf(const std::string& text, int line);

/// Whitespace that puts a caret under character |col| (1-based) of |line|:
/// tabs are kept, everything else becomes spaces of the same display width.
std::string CaretPadding(const std::string& line, int col);

}  // namespace rollout
