// Messages written for mistakes the grammar context makes recognisable —
// a name missing after `pattern`, `=` missing after a property name, a
// connection's parts out of order — with a help line that shows the right
// form. Where nothing here applies, the strategy falls back on the summary
// of the expected set (error_wording.cpp).
#include <fmt/format.h>

#include "compiler/syntax/error_strategy_internal.h"

namespace arch::syntax::errors {

std::optional<Phrase> phrase(const SyntaxContext& ctx, antlr4::ParserRuleContext* rule,
                             const antlr4::misc::IntervalSet& expected, antlr4::Token* found,
                             antlr4::Token* prev) {
  antlr4::ParserRuleContext* owner = rule;
  while (owner && (is<P::NameContext>(owner) || is<P::PathContext>(owner) || is<P::StringLitContext>(owner)))
    owner = dynamic_cast<antlr4::ParserRuleContext*>(owner->parent);
  if (!owner) return std::nullopt;
  std::size_t prev_type = prev ? prev->getType() : 0;
  std::string prev_text = prev ? std::string(ctx.text(prev)) : std::string();
  std::size_t type = found->getType();
  bool wants_name = expected.contains(static_cast<std::size_t>(P::IDENT));
  auto wants = [&](std::size_t t) { return expected.contains(t); };

  if (is<P::ImportDeclContext>(owner) && wants_name) {
    std::string help = "write `import std.patterns.three_tier`, or `import lib.network as net` to name it";
    if (prev_type == P::KW_AS) return Phrase{"a name after `as`", "expected a name here", help};
    if (prev_type == P::KW_IMPORT) return Phrase{"a module path after `import`", "expected a path here", help};
    return Phrase{"a name after `.`", "expected a name here", help};
  }
  bool top = is<P::ArchitectureDeclContext>(owner) || is<P::PatternDeclContext>(owner) ||
             is<P::DeploymentDeclContext>(owner) || is<P::PipelineDeclContext>(owner) ||
             is<P::KindDeclContext>(owner);
  if (top && wants_name && isTopKeyword(prev_type)) {
    std::string help = prev_type == P::KW_PATTERN ? "write `pattern NAME(PARAMETERS) { ... }`"
                                                  : fmt::format("write `{} NAME {{ ... }}`", prev_text);
    return Phrase{fmt::format("a name after `{}`", prev_text), "expected a name here", help};
  }
  auto* block = dynamic_cast<P::BlockContext*>(owner);
  if (((block && block->children.empty()) || top) && wants(P::LBRACE) && type != P::LBRACE) {
    std::string words = headerWords(ctx, block ? block->parent : owner);
    if (!words.empty())
      return Phrase{fmt::format("`{{` after `{}`", words), "expected `{` here",
                    fmt::format("the body of `{0}` is a block: `{0} {{ ... }}`", words)};
  }
  if (auto* p = dynamic_cast<P::PatternDeclContext*>(owner); p && wants(P::LPAREN) && !wants_name) {
    std::string name = nameOf(ctx, p->name());
    return Phrase{fmt::format("`(` after `pattern {}`", name), "expected `(` here",
                  fmt::format("a pattern lists its parameters in parentheses, even when it has none: "
                              "`pattern {}() {{ ... }}`", name)};
  }
  if (is<P::AttributeContext>(owner) && wants_name && prev_type == P::AT)
    return Phrase{"an attribute name after `@`", "expected a name here",
                  "write `@NAME` or `@NAME(ARGUMENTS)`, e.g. `@allow(single_zone, reason = \"...\")`"};
  if (is<P::DeclarationStmtContext>(owner) && wants_name && prev_type == P::KW_IN)
    return Phrase{"a tier after `in`", "expected a tier here",
                  "`in` places a component in a network tier: write `in TIER` (e.g. `in private`), or remove `in`"};
  if (is<P::KindParentContext>(owner) && wants_name)
    return Phrase{"a parent kind after `in`", "expected a kind here", "write `kind NAME in PARENT { ... }`"};
  if (is<P::ConnectionStmtContext>(owner) && wants_name && prev_type == P::ARROW)
    return Phrase{"the target of the connection after `->`", "expected the target here",
                  "a connection is written `FROM -> TO`, e.g. `api -> db`"};
  if (is<P::ConnectionEventContext>(owner) && wants_name)
    return Phrase{"an event after `on`", "expected an event here",
                  "write `on EVENT` (e.g. `on object_created`), or remove `on`"};
  if (is<P::ConnectionPortContext>(owner))
    return Phrase{"a port after `:`", "expected a port here",
                  "write the port as a number (`api -> db : 5432`) or a reference to one (`lb -> app : port`)"};
  if (is<P::ConnectionAccessContext>(owner) && wants_name && (prev_type == P::LPAREN || prev_type == P::COMMA))
    return Phrase{"an access mode", "expected an access mode here",
                  "write the access granted, e.g. `(read)` or `(read, write)`"};
  if (is<P::RouteStmtContext>(owner)) {
    std::string help = "a route is written `route \"METHOD /path\" -> TARGET`, e.g. `route \"GET /users\" -> handler`";
    if (wants(P::STRING_OPEN)) return Phrase{"a string after `route`", "expected a string here", help};
    if (wants(P::ARROW)) return Phrase{"`->` after the route", "expected `->` here", help};
    if (wants_name) return Phrase{"the target of the route after `->`", "expected the target here", help};
  }
  if (is<P::OverrideStmtContext>(owner) && wants_name && prev_type == P::KW_OVERRIDE)
    return Phrase{"a component after `override`", "expected a component here", "write `override PATH { ... }`, e.g. `override api { ... }`"};
  if (is<P::ParamDeclContext>(owner) && wants(P::COLON)) {
    return Phrase{fmt::format("`:` after `{}`", prev_text), "expected `:` here",
                  "pattern parameters need a type: `name: type = default`"};
  }
  if ((is<P::TypeAtomContext>(owner) || is<P::TypeExprContext>(owner)) && wants_name &&
      (prev_type == P::COLON || prev_type == P::LT || prev_type == P::PIPE || prev_type == P::COMMA))
    return Phrase{fmt::format("a type after `{}`", prev_text), "expected a type here",
                  "types are written like `string`, `list<string>`, `postgres | mysql` or `int?`"};
  if (is<P::PropertyDeclStmtContext>(owner) && wants_name && prev_type == P::COLON)
    return Phrase{"a type after `:`", "expected a type here",
                  "a property declaration is written `name: type = default`; to set a property, write `name = value`"};
  if (is<P::ObjectFieldContext>(owner) && wants(P::EQ) && prev_type == P::IDENT)
    return Phrase{fmt::format("`=` after `{}`", prev_text), "expected `=` here",
                  fmt::format("object fields are written `{} = {}`", prev_text,
                              type == P::STRING_OPEN ? "\"...\"" : isLiteral(type) ? std::string(ctx.text(found)) : "value")};
  bool statement = is<P::StatementBodyContext>(owner) || is<P::StatementContext>(owner) || is<P::BlockContext>(owner);
  if (statement && prev_type == P::IDENT && isLiteral(type))
    return Phrase{fmt::format("`=` after `{}`", prev_text), "expected `=` here",
                  fmt::format("to set a property, write `{} = {}`", prev_text,
                              type == P::STRING_OPEN ? "\"...\"" : std::string(ctx.text(found)))};
  if (wants(P::INT) && !wants_name && prev_type == P::MINUS)
    return Phrase{"a number after `-`", "expected a number here",
                  type == P::IDENT || type == P::LPAREN
                      ? fmt::format("`-` makes a number negative; to negate `{0}`, write `0 - {0}`", ctx.text(found))
                      : std::string()};
  if (wants(P::INT) && wants(P::STRING_OPEN) && wants(P::LBRACK) && prev_type == P::INTERP_OPEN)
    return Phrase{"an expression after `${`", "expected an expression here",
                  "interpolate a value, e.g. `\"${name}\"`; for a literal `${`, write `\\${`"};
  if (wants(P::INT) && wants(P::STRING_OPEN) && wants(P::LBRACK) && prev_type == P::EQ)
    return Phrase{"a value after `=`", "expected a value here", {}};
  if (wants(P::COMMA) && startsExpression(type)) {
    if (wants(P::RBRACK)) return Phrase{"`,` or `]`", "expected `,` here", "list items are separated by `,`"};
    if (wants(P::RPAREN) && (is<P::ArgListContext>(owner) || is<P::CallExprContext>(owner) || is<P::AttributeContext>(owner) ||
                             is<P::ArgContext>(owner)))
      return Phrase{"`,` or `)`", "expected `,` here", "arguments are separated by `,`"};
  }
  return std::nullopt;
}

// Help for a token that has no place where it stands, when its likely
// intent is recognisable.
std::string unexpectedHelp(const SyntaxContext& ctx, antlr4::Parser* parser, antlr4::Token* found,
                           antlr4::Token* prev, const antlr4::misc::IntervalSet& expected) {
  std::size_t type = found->getType();
  bool statement_start = expected.contains(static_cast<std::size_t>(P::KW_ROUTE));
  antlr4::TokenStream* tokens = parser->getTokenStream();
  antlr4::Token* next = found->getTokenIndex() + 1 < tokens->size() ? tokens->get(found->getTokenIndex() + 1) : nullptr;
  auto adjacent = [&](antlr4::Token* a, antlr4::Token* b) {
    return a && b && ctx.span(a).end() == ctx.span(b).offset;
  };
  if (type == P::MINUS && prev && prev->getType() == P::IDENT && next && next->getType() == P::IDENT &&
      adjacent(prev, found) && adjacent(found, next))
    return fmt::format("names cannot contain `-`: write `{}_{}`, or a string where AWS wants hyphens",
                       ctx.text(prev), ctx.text(next));
  if (type == P::COMMA && statement_start) return "statements need no separator; remove the `,`";
  if (type == P::DOTDOT) return "a range is a whole expression and does not chain: write `low..high`";
  if (statement_start && isTopKeyword(type) && type != P::KW_IMPORT)
    return fmt::format("declarations do not nest: `{}` belongs at the top level of the file", ctx.text(found));
  if (statement_start && (type == P::KW_ON || type == P::COLON || type == P::LPAREN)) {
    // Right after a connection: its parts were written out of order.
    if (auto* block = dynamic_cast<P::BlockContext*>(parser->getContext()); block && !block->statement().empty()) {
      P::StatementContext* last = block->statement().back();
      if (is<P::ConnectionStmtContext>(last->statementBody()))
        return "the parts of a connection come in this order: `FROM -> TO : PORT on EVENT (ACCESS) { ... }`";
    }
  }
  return {};
}

}  // namespace arch::syntax::errors
