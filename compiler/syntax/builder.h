// Private to compiler/syntax/: turns a parse tree without syntax errors into
// the AST. Split by grammar area: build_decls.cpp (files, declarations,
// statements, types) and build_exprs.cpp (expressions and literals).
#pragma once

#include <ArchParser.h>

#include "compiler/ast/ast.h"
#include "compiler/syntax/syntax_context.h"

namespace arch::syntax {

using P = grammar::ArchParser;

class Builder {
 public:
  Builder(SyntaxContext& ctx, antlr4::BufferedTokenStream& tokens) : ctx_(ctx), tokens_(tokens) {}

  ast::Module module(P::FileContext* file);

  // build_decls.cpp
  ast::TopDecl topDecl(P::TopDeclContext* c);
  ast::Block block(P::BlockContext* c);
  ast::Statement statement(P::StatementContext* c);
  ast::PropertyDecl propertyDecl(P::NameContext* name, P::TypeExprContext* type, P::ExprContext* def,
                                 antlr4::ParserRuleContext* whole);
  ast::TypeExpr typeExpr(P::TypeExprContext* c);
  ast::Attribute attribute(P::AttributeContext* c);
  std::string docComment(antlr4::ParserRuleContext* c);

  // build_exprs.cpp
  ast::ExprPtr expr(P::ExprContext* c);
  ast::ExprPtr additive(P::AdditiveContext* c);
  ast::ExprPtr multiplicative(P::MultiplicativeContext* c);
  ast::ExprPtr primary(P::PrimaryContext* c);
  ast::ObjectExpr object(P::ObjectLitContext* c);
  std::vector<ast::Arg> args(P::ArgListContext* c);
  ast::StringLit string(P::StringLitContext* c);
  ast::Name name(P::NameContext* c);
  ast::Path path(P::PathContext* c);

 private:
  ast::ExprPtr number(P::NumberExprContext* c);
  ast::ExprPtr cidr(antlr4::Token* token);
  ast::ExprPtr make(Span span, auto node) {
    auto e = std::make_unique<ast::Expr>();
    e->span = span;
    e->node = std::move(node);
    return e;
  }

  SyntaxContext& ctx_;
  antlr4::BufferedTokenStream& tokens_;
};

}  // namespace arch::syntax
