// Line tables, columns and UTF-8 validation.
#include <catch2/catch.hpp>

#include "compiler/source/source.h"

using namespace arch;

TEST_CASE("line and column come from byte offsets") {
  SourceFile f("a.arch", "ab\ncd\r\nef");
  CHECK(f.lineCol(0).line == 1);
  CHECK(f.lineCol(4).line == 2);
  CHECK(f.lineCol(4).column == 2);
  CHECK(f.lineCol(7).line == 3);
  CHECK(f.lineCol(7).column == 1);
  CHECK(f.lineText(2) == "cd");  // without the \r of a CRLF ending
  CHECK(f.lineText(3) == "ef");
  CHECK(f.lineText(4).empty());
}

TEST_CASE("columns count code points, not bytes") {
  SourceFile f("a.arch", "x = \"\xC3\xA9\xE2\x86\x92\" y");
  // é (2 bytes) and → (3 bytes) are one column each.
  CHECK(f.lineCol(11).column == 9);
}

TEST_CASE("an offset past the end clamps to the end") {
  SourceFile f("a.arch", "ab\n");
  CHECK(f.lineCol(100).line == 2);
}

TEST_CASE("UTF-8 validation finds the first bad byte") {
  CHECK(findInvalidUtf8("plain ascii") == std::string_view::npos);
  CHECK(findInvalidUtf8("caf\xC3\xA9") == std::string_view::npos);
  CHECK(findInvalidUtf8("\xF0\x9F\x98\x80") == std::string_view::npos);   // emoji
  CHECK(findInvalidUtf8("ab\xFF") == 2);                                  // never valid
  CHECK(findInvalidUtf8("ab\xC3") == 2);                                  // truncated
  CHECK(findInvalidUtf8("\xC0\xAF") == 0);                                // overlong '/'
  CHECK(findInvalidUtf8("\xED\xA0\x80") == 0);                            // surrogate
  CHECK(findInvalidUtf8("\xF4\x90\x80\x80") == 0);                        // past U+10FFFF
  CHECK(findInvalidUtf8("a\x80") == 1);                                   // lone continuation
}

TEST_CASE("Span::cover spans both") {
  Span a{0, 4, 2}, b{0, 10, 3};
  Span c = Span::cover(a, b);
  CHECK(c.offset == 4);
  CHECK(c.end() == 13);
}
