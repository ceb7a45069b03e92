// Private to compiler/sema/: how literals read and how messages describe
// them — exact decimal scaling, unit spellings, examples for help lines.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "compiler/ast/ast.h"
#include "compiler/sema/types.h"

namespace arch::sema {

// `digits` ("-1.5") times `factor`, exactly. False when too large; `inexact`
// says whether the result is not a whole number of the base unit.
bool scaleDecimal(std::string_view digits, std::int64_t factor, std::int64_t& out, bool& inexact);
// The literal as written (`512MB`, `$200`, `a.b`), or empty.
std::string exprText(const ast::Expr& e);
// "a size `512MB`", "a string", "`postgres`": how messages name what was written.
std::string describeFound(const ast::Expr& e);
// The unit a misspelt one most likely means (`sec` → `s`), or empty.
std::string_view unitFor(std::string_view written, bool duration);
// An example of the expected type for `help:` lines.
std::string exampleOf(const Type& t);

}  // namespace arch::sema
