// The syntax phase: source text in, AST out. The only entry point of this
// folder; ANTLR and its parse tree stay behind it.
#pragma once

#include <cstddef>

#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"

namespace arch::syntax {

struct ParseLimits {
  // Brackets, braces, strings and interpolations opened and not yet closed.
  // Bounds the recursion of the parser and of every later phase.
  std::size_t max_nesting = 128;
};

// Parses one file already held by `sources`. Always returns a module; with
// syntax errors it is empty (and the errors are in `diags`), so later phases
// never see a half-understood file.
ast::Module parse(const SourceManager& sources, FileId file, Diagnostics& diags,
                  const ParseLimits& limits = {});

}  // namespace arch::syntax
