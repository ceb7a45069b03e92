// Documentation that must stay in step with the code.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "compiler/diag/diagnostic.h"

namespace {
std::string readDoc(const std::string& rel) {
  std::ifstream in(std::string(ARCHC_SOURCE_DIR) + "/" + rel);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

TEST_CASE("every diagnostic code has a section in docs/diagnostics.md") {
  std::string doc = readDoc("docs/diagnostics.md");
  REQUIRE_FALSE(doc.empty());
  for (const arch::DiagKindInfo& k : arch::allDiagKinds()) {
    INFO(k.code);
    CHECK(doc.find("\n## " + std::string(k.code) + "\n") != std::string::npos);
  }
}
