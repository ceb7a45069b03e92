// Private to compiler/syntax/: checks on the token stream made before the
// parser runs — stray characters, unterminated comments, unmatched closing
// brackets and the nesting limit.
#pragma once

#include <antlr4-runtime.h>

#include "compiler/syntax/parse.h"
#include "compiler/syntax/syntax_context.h"

namespace arch::syntax {

// Reports what it finds into ctx. Returns false when the input must not be
// parsed at all (nesting beyond the limit would exhaust the stack).
bool prescan(antlr4::BufferedTokenStream& tokens, SyntaxContext& ctx, const ParseLimits& limits);

}  // namespace arch::syntax
