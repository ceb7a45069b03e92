// Recovery heuristics: which tokens to skip after a syntax error, before
// ANTLR's own recover() runs, so that one mistake makes one diagnostic —
// the rest of a bad statement's line goes with it, a bracket that does not
// fit goes with its contents, and a rule that owns an open bracket consumes
// through its closer rather than leaving it to the rule it returns to.
#include <optional>

#include "compiler/syntax/error_strategy_internal.h"

namespace arch::syntax::errors {

// Where a statement or a declaration should start and the current token
// does not fit: how many tokens to drop so that the whole mistake goes at
// once. In a block that is the rest of the line (with any brackets opened
// on it): statements are mostly one a line, and the words after a stray
// token would otherwise be read as statements of their own (`lb api : port`
// would go on as a statement `port ...`). At the top level it is everything
// up to the next declaration. 0 when what follows would not fit either.
std::size_t junkLength(const SyntaxContext& ctx, antlr4::Parser* parser) {
  antlr4::misc::IntervalSet expecting = parser->getExpectedTokens();
  antlr4::TokenStream* tokens = parser->getTokenStream();
  antlr4::Token* first = tokens->LT(1);
  std::size_t first_type = first->getType();
  bool top_level = expecting.contains(static_cast<std::size_t>(P::KW_ARCHITECTURE)) &&
                   !expecting.contains(static_cast<std::size_t>(P::IDENT));
  bool statement = expecting.contains(static_cast<std::size_t>(P::KW_ROUTE));
  if (first_type == antlr4::Token::EOF || (!top_level && !statement)) return 0;
  LinePos where = ctx.linePos(ctx.span(first));
  if (statement && isTopKeyword(first_type) && where.first) return 0;  // a declaration after an unclosed block
  std::size_t skip = 1;
  int depth = isOpener(first_type) ? 1 : 0;
  for (;; ++skip) {
    antlr4::Token* t = tokens->LT(static_cast<ssize_t>(skip) + 1);
    std::size_t type = t->getType();
    if (type == antlr4::Token::EOF) break;
    if (depth == 0) {
      if (top_level && isTopKeyword(type) && ctx.linePos(ctx.span(t)).first) break;
      if (statement && (isCloser(type) || ctx.linePos(ctx.span(t)).line != where.line)) break;
    }
    if (isOpener(type)) ++depth;
    else if (isCloser(type) && depth > 0) --depth;
  }
  std::size_t resume = tokens->LT(static_cast<ssize_t>(skip) + 1)->getType();
  return expecting.contains(resume) || resume == P::RBRACE || resume == antlr4::Token::EOF ? skip : 0;
}

// A bracket that does not fit goes with its contents, through its own
// closer or (when it has none) through the rest of its line, so that the
// recovery after it does not stop inside it and pair later brackets wrongly.
void skipBracketGroup(SyntaxContext& ctx, antlr4::Parser* parser, antlr4::Token* offending) {
  antlr4::Token* found = parser->getTokenStream()->LT(1);
  if (found != offending || !isOpener(found->getType()) || found->getType() == P::STRING_OPEN) return;
  Brackets brackets = matchBrackets(ctx, parser->getTokenStream());
  auto closer = brackets.closer_of.find(found->getTokenIndex());
  if (closer != brackets.closer_of.end()) {
    while (parser->getCurrentToken()->getTokenIndex() <= closer->second &&
           parser->getCurrentToken()->getType() != antlr4::Token::EOF)
      parser->consume();
    return;
  }
  std::uint32_t line = ctx.linePos(ctx.span(found)).line;
  parser->consume();
  int depth = 0;
  for (antlr4::Token* t = parser->getCurrentToken(); t->getType() != antlr4::Token::EOF; t = parser->getCurrentToken()) {
    if (depth == 0 && (isCloser(t->getType()) || ctx.linePos(ctx.span(t)).line != line)) break;
    if (isOpener(t->getType())) ++depth;
    else if (isCloser(t->getType())) --depth;
    parser->consume();
  }
}

// Called after a report and before recover(), which skips to a token that
// may follow and leaves the rule. Two skips of its own keep brackets paired:
// - a bracket that does not fit goes with its contents, through its own
//   closer or (when it has none) through the rest of its line, so that
//   recovery does not stop inside it;
// - a rule that owns an open bracket (a block, an object, a list, the
//   arguments of a call, `${`) consumes through that bracket's closer, so
//   that the rule it returns to does not take that closer for its own.
void skipBeforeRecovery(SyntaxContext& ctx, antlr4::Parser* parser, antlr4::Token* offending) {
  antlr4::TokenStream* tokens = parser->getTokenStream();
  std::optional<Brackets> brackets;
  auto matched = [&]() -> Brackets& {
    if (!brackets) brackets = matchBrackets(ctx, tokens);
    return *brackets;
  };
  auto consumeThrough = [&](std::size_t index) {
    while (parser->getCurrentToken()->getTokenIndex() <= index &&
           parser->getCurrentToken()->getType() != antlr4::Token::EOF)
      parser->consume();
  };
  skipBracketGroup(ctx, parser, offending);
  // The innermost bracket this very rule opened and has not closed.
  antlr4::ParserRuleContext* rule = parser->getContext();
  std::vector<antlr4::Token*> openers;
  for (antlr4::tree::ParseTree* child : rule->children) {
    auto* term = dynamic_cast<antlr4::tree::TerminalNode*>(child);
    if (!term || conjured(term->getSymbol()) || skippedByRecovery(term)) continue;
    std::size_t t = term->getSymbol()->getType();
    if (t == P::LT) continue;
    if (closerOf(t)) openers.push_back(term->getSymbol());
    else if (!openers.empty() && t == closerOf(openers.back()->getType())) openers.pop_back();
  }
  if (openers.empty()) return;
  auto closer = matched().closer_of.find(openers.back()->getTokenIndex());
  if (closer == matched().closer_of.end()) return;
  if (parser->getCurrentToken()->getTokenIndex() > closer->second) return;
  // Only when nothing between here and that closer is left unbalanced.
  for (std::size_t i = parser->getCurrentToken()->getTokenIndex(); i < closer->second; ++i) {
    antlr4::Token* t = tokens->get(i);
    if (t->getChannel() == antlr4::Token::DEFAULT_CHANNEL && isOpener(t->getType()) &&
        !matched().closer_of.count(i))
      return;
  }
  consumeThrough(closer->second);
}

}  // namespace arch::syntax::errors
