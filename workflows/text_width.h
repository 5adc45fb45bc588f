// Text as the terminal shows it: control characters made visible, and the
// display width of UTF-8 text, so that columns of Cyrillic (or CJK) names
// line up.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace rollout {

/// |text| as every text output shows it (tables, messages, the engine's
/// plain log, plan-check echoes; JSON output keeps the exact string):
///  - ASCII control characters (0x00-0x1F, TAB, CR and LF included) and DEL
///    as `\xNN` in lower-case hex: ESC is `\x1b`, LF `\x0a`;
///  - the C1 controls U+0080-U+009F, the bidi controls (U+061C, U+200E,
///    U+200F, U+202A-U+202E, U+2066-U+2069) and the line and paragraph
///    separators U+2028, U+2029 as `\u{NNNN}`: U+202E is `\u{202e}`;
///  - a byte that is not part of valid UTF-8 as `\xNN`: 0xFF is `\xff`.
/// Everything else (Cyrillic, CJK, symbols, a backslash) is unchanged. The
/// result holds no control character, so VisibleText(VisibleText(s)) ==
/// VisibleText(s): text already shown is never escaped twice.
std::string VisibleText(std::string_view text);

/// Terminal columns that VisibleText(|text|) occupies (wcwidth in a UTF-8
/// locale; an escape is as wide as its characters).
int DisplayWidth(std::string_view text);

/// VisibleText(|text|) padded with spaces to |width| columns (never truncated).
std::string PadRight(std::string_view text, int width);
std::string PadLeft(std::string_view text, int width);

/// VisibleText(|text|) cut to at most |width| columns, with "…" when it was
/// cut; an escape is kept whole or left out.
std::string Truncate(std::string_view text, int width);

/// Length of the valid UTF-8 sequence starting at |p| (whose lead byte is
/// 0x80 or more), or 0 when it is not valid: the table of Unicode 3-7 that
/// nlohmann-json checks too (no overlong forms, no surrogates, <= U+10FFFF).
size_t Utf8SequenceLength(const unsigned char* p, const unsigned char* end);

/// Line |line| (1-based) of |text|, without its newline; "" if there is none.
std::string LineOf(const std::string& text, int line);

/// Spaces that put a caret under character |col| (1-based) of |line| as
/// VisibleText shows it (a tab is shown as `\x09`: four spaces).
std::string CaretPadding(const std::string& line, int col);

}  // namespace rollout
