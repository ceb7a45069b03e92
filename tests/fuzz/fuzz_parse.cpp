// libFuzzer target: the lexer, pre-scan, parser and AST builder on any bytes.
#include <cstdint>
#include <string>

#include "compiler/source/load.h"
#include "compiler/syntax/parse.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  arch::SourceManager sources;
  arch::Diagnostics diags(0);
  std::string text(reinterpret_cast<const char*>(data), size);
  if (auto id = arch::addSource("fuzz.arch", std::move(text), sources, diags))
    arch::syntax::parse(sources, *id, diags);
  return 0;
}
