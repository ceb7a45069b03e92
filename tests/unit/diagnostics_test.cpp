// The diagnostic renderers: text with carets, the short form and JSON.
#include <catch2/catch.hpp>

#include <set>

#include <nlohmann/json.hpp>

#include "compiler/diag/render.h"
#include "test_support.h"

using archtest::Parsed;
using archtest::parseText;
using namespace arch;

namespace {
std::string renderAll(const Parsed& p, DiagFormat format) {
  std::string out;
  for (const Diagnostic& d : p.diags.finish()) out += render(p.sources, d, RenderOptions{format, false});
  return out;
}
}  // namespace

TEST_CASE("text diagnostics show file:line:col, the line and a caret") {
  Parsed p;
  parseText(p, "architecture shop {\n  x = 3 ;\n}\n", "shop.arch");
  std::string text = renderAll(p, DiagFormat::Text);
  CHECK(text ==
        "shop.arch:2:9: error[E0101]: unexpected character `;`\n"
        "  |\n"
        "2 |   x = 3 ;\n"
        "  |         ^\n"
        "  = help: statements need no separator; remove the `;`\n");
}

TEST_CASE("carets line up under tabs and after multi-byte characters") {
  Parsed p;
  parseText(p, "architecture a {\n\tx = \"\xC3\xA9\" ;\n}\n");
  std::string text = renderAll(p, DiagFormat::Text);
  CHECK(text.find("2:10:") != std::string::npos);  // column in code points
  CHECK(text.find("  | \t        ^\n") != std::string::npos);  // the tab is kept in the padding
}

TEST_CASE("CRLF line endings keep lines and columns right") {
  Parsed p;
  parseText(p, "architecture a {\r\n  x = 1\r\n  y = 2 ;\r\n}\r\n");
  REQUIRE(p.diags.all().size() == 1);
  CHECK(p.sources.location(p.diags.all()[0].span) == "test.arch:3:9");
  CHECK(renderAll(p, DiagFormat::Text).find("\r") == std::string::npos);
}

TEST_CASE("the short form is one line per diagnostic") {
  Parsed p;
  parseText(p, "architecture a { x = 1 ; y = 2 # }");
  CHECK(renderAll(p, DiagFormat::Short) ==
        "test.arch:1:24: error[E0101]: unexpected character `;`\n"
        "test.arch:1:32: error[E0101]: unexpected character `#`\n");
}

TEST_CASE("JSON diagnostics round-trip through a JSON parser") {
  Parsed p;
  parseText(p, "architecture shop {\n  bucket b {\n}\n");
  std::string json = renderAll(p, DiagFormat::Json);
  REQUIRE_FALSE(json.empty());
  std::size_t lines = 0;
  std::size_t start = 0;
  while (start < json.size()) {
    std::size_t end = json.find('\n', start);
    auto j = nlohmann::json::parse(json.substr(start, end - start));
    CHECK(j["code"].get<std::string>().size() == 5);
    CHECK(j["severity"] == "error");
    CHECK(j["span"]["file"] == "test.arch");
    CHECK(j["span"]["line"].is_number());
    CHECK(j["labels"].is_array());
    ++lines;
    start = end + 1;
  }
  CHECK(lines == p.diags.finish().size());
}

TEST_CASE("JSON stays valid when the message quotes invalid UTF-8") {
  Parsed p;
  parseText(p, "x\xFF");
  std::string json = renderAll(p, DiagFormat::Json);
  CHECK_NOTHROW(nlohmann::json::parse(json));
}

TEST_CASE("diagnostics come out in source order") {
  Parsed p;
  parseText(p, "architecture a {\n  x = \n}\narchitecture b { y = 1 ; }\n");
  auto all = p.diags.finish();
  REQUIRE(all.size() == 2);
  CHECK(all[0].span.offset < all[1].span.offset);
}

TEST_CASE("every registered diagnostic has a unique, well-formed code") {
  std::set<std::string_view> codes;
  for (const DiagKindInfo& k : allDiagKinds()) {
    CHECK(k.code.size() == 5);
    CHECK((k.code[0] == 'E' || k.code[0] == 'W'));
    CHECK(codes.insert(k.code).second);
    CHECK_FALSE(k.format.empty());
    CHECK(k.format.back() != '.');  // messages have no trailing period
  }
}
