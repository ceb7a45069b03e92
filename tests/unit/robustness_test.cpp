// Inputs that must never crash, hang or exhaust the stack: each is either
// parsed or refused with one clear diagnostic.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <random>

#include "test_support.h"

using archtest::Parsed;
using archtest::parseText;

TEST_CASE("an empty file is a valid, empty module") {
  Parsed p;
  parseText(p, "");
  CHECK(p.diags.all().empty());
  CHECK(p.module.decls.empty());
}

TEST_CASE("a file of only comments and a BOM is valid") {
  Parsed p;
  parseText(p, "\xEF\xBB\xBF// nothing here\n/* or here */\n/// nor here\n");
  CHECK(p.diags.all().empty());
}

TEST_CASE("invalid UTF-8 is refused at the first bad byte") {
  Parsed p;
  parseText(p, "architecture a {\n  x = \"\xFF\"\n}\n");
  REQUIRE(p.codes() == std::vector<std::string>{"E0003"});
  CHECK(p.diags.all()[0].span.offset == 24);
  CHECK(p.module.decls.empty());
}

TEST_CASE("random bytes never crash the parser") {
  std::mt19937 rng(12345);
  for (int round = 0; round < 300; ++round) {
    std::string text(static_cast<std::size_t>(rng() % 400), '\0');
    for (char& c : text) c = static_cast<char>(rng() % 256);
    Parsed p;
    parseText(p, text);
    if (!p.diags.hasErrors()) continue;  // rarely, the bytes form a valid program
    CHECK(p.module.decls.empty());
  }
}

TEST_CASE("random Arch-like tokens never crash the parser") {
  static const char* pieces[] = {"architecture", "pattern", "deployment", "pipeline", "kind", "import",
                                 "{", "}", "(", ")", "[", "]", "->", "..", ".", ",", ":", "=", "|", "?",
                                 "<", ">", "@", "+", "-", "*", "/", "\"", "${", "\\", "x", "db", "30s",
                                 "$5", "70%", "10.0.0.0/16", "1.5", "42", "true", "in", "on", "route",
                                 "override", "\n", " ", "//c\n", "/*", "*/", ";", "#"};
  std::mt19937 rng(777);
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    int n = static_cast<int>(rng() % 60);
    for (int i = 0; i < n; ++i) {
      text += pieces[rng() % (sizeof pieces / sizeof *pieces)];
      text += ' ';
    }
    Parsed p;
    parseText(p, text);
    SUCCEED();
  }
}

TEST_CASE("10,000 nested braces stop at the nesting limit with one diagnostic") {
  Parsed p;
  parseText(p, "architecture a { x = " + std::string(10000, '{') + std::string(10000, '}') + " }");
  CHECK(p.codes() == std::vector<std::string>{"E0105"});
}

TEST_CASE("10,000 nested brackets, parentheses and interpolations are stopped too") {
  for (std::string open : {"[", "(", "\"${"}) {
    std::string text = "architecture a { x = ";
    for (int i = 0; i < 10000; ++i) text += open;
    Parsed p;
    parseText(p, text);
    std::vector<std::string> codes = p.codes();
    CHECK(std::count(codes.begin(), codes.end(), "E0105") == 1);
  }
}

TEST_CASE("a very long operator chain is refused, not recursed into") {
  std::string text = "architecture a { x = 1";
  for (int i = 0; i < 20000; ++i) text += " + 1";
  text += " }";
  Parsed p;
  parseText(p, text);
  CHECK(p.codes() == std::vector<std::string>{"E0106"});
}

TEST_CASE("a file over the size limit is refused before it is read") {
  std::string path = "/tmp/archc_unit_huge_" + std::to_string(::getpid()) + ".arch";
  {
    std::ofstream out(path, std::ios::binary);
    std::string line = "architecture a { x = 1 }\n";
    for (std::size_t written = 0; written < 10u << 20; written += line.size()) out << line;
  }
  arch::SourceManager sources;
  arch::Diagnostics diags;
  CHECK_FALSE(arch::loadSource(path, sources, diags).has_value());
  REQUIRE(diags.all().size() == 1);
  CHECK(arch::info(diags.all()[0].kind).code == "E0002");
  CHECK(sources.size() == 0);
  std::remove(path.c_str());
}

TEST_CASE("a long line parses") {
  std::string text = "architecture a { x = \"" + std::string(1 << 20, 'a') + "\" }";
  Parsed p;
  parseText(p, text);
  CHECK(p.diags.all().empty());
}

TEST_CASE("an unterminated string at the end of the file is one error") {
  Parsed p;
  parseText(p, "architecture a { x = \"abc");
  CHECK(p.codes() == std::vector<std::string>{"E0102"});
}

TEST_CASE("an unterminated block comment at the end of the file is reported") {
  Parsed p;
  parseText(p, "architecture a { }\n/* never closed");
  CHECK(p.codes() == std::vector<std::string>{"E0103"});
}

TEST_CASE("NUL bytes are stray characters, not the end of the input") {
  Parsed p;
  parseText(p, std::string("architecture a {\0}\n", 19));
  CHECK(p.codes() == std::vector<std::string>{"E0101"});
}

TEST_CASE("the error limit stops the parse") {
  std::string text;
  for (int i = 0; i < 500; ++i) text += "architecture a { x = }\n";
  arch::SourceManager sources;
  arch::Diagnostics diags(10);
  auto id = arch::addSource("t.arch", text, sources, diags);
  arch::syntax::parse(sources, *id, diags);
  CHECK(diags.errorCount() == 10);
  CHECK(diags.finish().size() == 11);  // and one more line saying so
  CHECK(arch::info(diags.finish().back().kind).code == "E0190");
}
