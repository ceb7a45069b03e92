// Small helpers on AST nodes.
#include "compiler/ast/ast.h"

namespace arch::ast {

std::string Path::str() const {
  std::string out;
  for (const Name& part : parts) {
    if (!out.empty()) out += '.';
    out += part.text;
  }
  return out;
}

std::string StringLit::plainText() const { return parts.empty() ? std::string() : parts[0].text; }

std::string_view topKindKeyword(TopKind kind) {
  switch (kind) {
    case TopKind::Architecture: return "architecture";
    case TopKind::Pattern: return "pattern";
    case TopKind::Deployment: return "deployment";
    case TopKind::Pipeline: return "pipeline";
    case TopKind::Kind: return "kind";
  }
  return "";
}

}  // namespace arch::ast
