// VisibleText and the width helpers that measure text as it is shown:
// control characters, bidi overrides and bad bytes become visible escapes,
// everything else (Cyrillic, CJK, symbols) passes unchanged.
#include "workflows/text_width.h"

#include <gtest/gtest.h>

namespace rollout {
namespace {

TEST(VisibleText, PrintableTextIsUnchanged) {
  for (const std::string s :
       {"", "a", "audit.sales", "Аудит; \"продаж\" 'x' -- DROP TABLE", "Оценка «партнёров»",
        "漢字 テスト", "◆ gate ─ float █", "C:\\path\\x1b", "emoji 🚀", "ß ü é"})
    EXPECT_EQ(VisibleText(s), s) << s;
}

TEST(VisibleText, AsciiControlsAsHexEscapes) {
  EXPECT_EQ(VisibleText("\x1b]0;pwned\x07"), "\\x1b]0;pwned\\x07");
  EXPECT_EQ(VisibleText("\x1b[2J"), "\\x1b[2J");
  EXPECT_EQ(VisibleText("a\r\nFAKE LOG LINE"), "a\\x0d\\x0aFAKE LOG LINE");
  EXPECT_EQ(VisibleText("a\tb"), "a\\x09b");
  EXPECT_EQ(VisibleText(std::string("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(VisibleText("\x7f"), "\\x7f");
  EXPECT_EQ(VisibleText("\x1f"), "\\x1f");
}

TEST(VisibleText, C1ControlsAndBidiOverridesAsCodePoints) {
  EXPECT_EQ(VisibleText("\u0085"), "\\u{0085}");  // NEL
  EXPECT_EQ(VisibleText("\u009b" "2J"), "\\u{009b}2J");  // CSI
  EXPECT_EQ(VisibleText("\u0080\u009f"), "\\u{0080}\\u{009f}");
  EXPECT_EQ(VisibleText("\u00a0"), "\u00a0");  // no-break space is text
  EXPECT_EQ(VisibleText("x\u202eevil"), "x\\u{202e}evil");
  for (const char* s : {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
                        "\u2068", "\u2069", "\u200e", "\u200f", "\u061c", "\u2028", "\u2029"}) {
    const std::string v = VisibleText(s);
    EXPECT_EQ(v.rfind("\\u{", 0), 0u) << v;
    EXPECT_EQ(v.size(), 8u) << v;
  }
  EXPECT_EQ(VisibleText("\u2065"), "\u2065");  // not a bidi control
}

TEST(VisibleText, InvalidUtf8BytesAsHexEscapes) {
  EXPECT_EQ(VisibleText("a\xff" "b"), "a\\xffb");
  EXPECT_EQ(VisibleText("\xd0"), "\\xd0");                   // cut sequence
  EXPECT_EQ(VisibleText("\xd0\xb0\xd0"), "а\\xd0");          // one good, one cut
  EXPECT_EQ(VisibleText("\xc0\xaf"), "\\xc0\\xaf");          // overlong '/'
  EXPECT_EQ(VisibleText("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // a surrogate
  EXPECT_EQ(VisibleText("\xc2\x9b"), "\\u{009b}");           // C1 CSI, valid UTF-8
}

TEST(VisibleText, IsIdempotent) {
  for (const std::string s : {"\x1b]0;pwned\x07", "a\r\nFAKE", "\u202e", "\xff", "Аудит\t"})
    EXPECT_EQ(VisibleText(VisibleText(s)), VisibleText(s)) << s;
}

TEST(VisibleText, OutputHoldsNoControlCharacter) {
  std::string all;
  for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
  const std::string v = VisibleText(all + "\u202e\u2066\u0085");
  for (unsigned char c : v) {
    EXPECT_GE(c, 0x20) << static_cast<int>(c);
    EXPECT_NE(c, 0x7f);
  }
  EXPECT_EQ(v.find("\xe2\x80\xae"), std::string::npos);
  EXPECT_EQ(v.find("\xc2\x85"), std::string::npos);
}

TEST(TextWidth, CyrillicAndCjkWidths) {
  EXPECT_EQ(DisplayWidth("Аудит"), 5);
  EXPECT_EQ(DisplayWidth("漢字"), 4);
  EXPECT_EQ(DisplayWidth(""), 0);
  EXPECT_EQ(PadRight("Аудит", 7), "Аудит  ");
  EXPECT_EQ(PadLeft("Аудит", 7), "  Аудит");
  EXPECT_EQ(Truncate("Оценка партнёров", 7), "Оценка…");
  EXPECT_EQ(Truncate("Аудит", 5), "Аудит");
}

TEST(TextWidth, WidthsMeasureTheVisibleForm) {
  EXPECT_EQ(DisplayWidth("\x1b"), 4);  // \x1b
  EXPECT_EQ(DisplayWidth("a\r\nb"), 10);
  EXPECT_EQ(DisplayWidth("\u202e"), 8);  // \u{202e}
  EXPECT_EQ(DisplayWidth("\xff"), 4);
  EXPECT_EQ(DisplayWidth("Аудит\x07"), 9);
  for (const std::string s : {"\x1b]0;pwned\x07", "a\r\nFAKE LOG LINE", "x\u202e", "Аудит\x1b[2J"})
    EXPECT_EQ(DisplayWidth(s), DisplayWidth(VisibleText(s))) << s;
}

TEST(TextWidth, PaddingShowsControlsAndKeepsColumns) {
  EXPECT_EQ(PadRight("a\x1b", 7), "a\\x1b  ");
  EXPECT_EQ(PadLeft("\x07", 6), "  \\x07");
  EXPECT_EQ(PadRight("\u202e", 9), "\\u{202e} ");
  // Padded cells of hostile and plain text are of one width.
  for (const std::string s : {"\x1b]0;pwned\x07", "a\r\nFAKE", "Аудит", "x\u202e", "\xff"})
    EXPECT_EQ(DisplayWidth(PadRight(s, 30)), 30) << s;
  // Padding text already shown does not escape it twice.
  EXPECT_EQ(PadRight(PadRight("a\x1b", 7), 8), "a\\x1b   ");
}

TEST(TextWidth, TruncateNeverCutsAnEscape) {
  EXPECT_EQ(Truncate("\x1b]0;pwned\x07", 8), "\\x1b]0;…");
  EXPECT_EQ(Truncate("ab\x1b[2J", 5), "ab…");  // "\x1b" does not fit before the "…"
  EXPECT_EQ(Truncate("a\x1b", 5), "a\\x1b");   // fits whole
  EXPECT_EQ(Truncate("\u202eevil", 10), "\\u{202e}e…");
  EXPECT_EQ(Truncate(Truncate("\x1b[2J", 6), 6), Truncate("\x1b[2J", 6));
  for (int w = 1; w < 20; ++w) EXPECT_LE(DisplayWidth(Truncate("Аудит\x1b]0;pwned\x07", w)), w);
}

TEST(TextWidth, CaretPaddingMeasuresTheShownLine) {
  // The caret goes under character |col| of the line as VisibleText shows it.
  EXPECT_EQ(CaretPadding("  - {id: a}", 5), "    ");
  EXPECT_EQ(CaretPadding("Аудит: x", 8), "       ");
  const std::string line = "  - {name: \"\x1b]0;pwned\x07\", duration: -3}";
  const std::string shown = VisibleText(line);
  const int col = static_cast<int>(line.find("-3")) + 1 - 0;  // bytes = characters (ASCII+C0)
  const std::string pad = CaretPadding(line, col);
  EXPECT_EQ(pad.size(), shown.find("-3"));
  EXPECT_EQ(pad.find_first_not_of(' '), std::string::npos);
  EXPECT_EQ(CaretPadding("\tx", 2), "    ");  // a tab is shown as \x09
}

}  // namespace
}  // namespace rollout
