// A stable, indented text form of the AST for `archc parse --dump-ast` and
// golden tests: one node per line with its line:col.
#pragma once

#include <string>

#include "compiler/ast/ast.h"

namespace arch::ast {

std::string dump(const Module& module, const SourceManager& sources);
std::string dumpExpr(const Expr& expr);

}  // namespace arch::ast
