// Unclosed brackets: the brackets of the token stream matched on their
// own (what the parser's view is compared with), the innermost bracket
// still open where the parser stopped, and the "expected `}` to close ..."
// report, which must not blame a bracket that is closed further on or
// repeat a mistake already reported.
#include <algorithm>

#include <fmt/format.h>

#include "compiler/syntax/error_strategy_internal.h"

namespace arch::syntax::errors {

Brackets matchBrackets(const SyntaxContext& ctx, antlr4::TokenStream* tokens) {
  Brackets b;
  std::vector<antlr4::Token*> open;
  auto closes = [](std::size_t closer, std::size_t opener) {
    switch (closer) {
      case P::RBRACE: return opener == P::LBRACE || opener == P::INTERP_OPEN;
      case P::RPAREN: return opener == P::LPAREN;
      case P::RBRACK: return opener == P::LBRACK;
      case P::STRING_CLOSE:
      case P::STRING_NEWLINE: return opener == P::STRING_OPEN;
      default: return false;
    }
  };
  for (std::size_t i = 0; i < tokens->size(); ++i) {
    antlr4::Token* t = tokens->get(i);
    if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
    std::size_t type = t->getType();
    if (isOpener(type)) {
      if (!open.empty()) b.parent_of[i] = open.back()->getTokenIndex();
      open.push_back(t);
      continue;
    }
    if (!isCloser(type) && type != P::STRING_NEWLINE) continue;
    std::size_t k = open.size();
    while (k > 0 && !closes(type, open[k - 1]->getType())) --k;
    if (k == 0) continue;
    antlr4::Token* o = open[k - 1];
    open.resize(k - 1);
    b.closer_of[o->getTokenIndex()] = i;
    if (o->getType() != P::LBRACE) continue;
    LinePos c = ctx.linePos(ctx.span(t));
    if (!c.first || c.indent >= ctx.linePos(ctx.span(o)).indent) continue;
    antlr4::Token* like = nullptr;
    for (std::size_t j = open.size(); j > 0 && !like; --j)
      if (open[j - 1]->getType() == P::LBRACE && ctx.linePos(ctx.span(open[j - 1])).indent == c.indent)
        like = open[j - 1];
    b.misplaced.push_back({o, t, like});
  }
  return b;
}

std::optional<OpenDelimiter> innermostOpen(const SyntaxContext& ctx, antlr4::ParserRuleContext* rule) {
  for (; rule; rule = dynamic_cast<antlr4::ParserRuleContext*>(rule->parent)) {
    // A stack: recovery may have skipped a balanced `{ ... }` into this rule.
    std::vector<antlr4::Token*> openers;
    for (antlr4::tree::ParseTree* child : rule->children) {
      auto* term = dynamic_cast<antlr4::tree::TerminalNode*>(child);
      if (!term || skippedByRecovery(term)) continue;
      std::size_t t = term->getSymbol()->getType();
      if (closerOf(t)) openers.push_back(term->getSymbol());
      else if (!openers.empty() && t == closerOf(openers.back()->getType())) openers.pop_back();
    }
    if (!openers.empty()) {
      antlr4::Token* opener = openers.back();
      return OpenDelimiter{opener, closerOf(opener->getType()), delimiterOwner(ctx, rule, opener->getType())};
    }
  }
  return std::nullopt;
}

// A missing closer where the input clearly moved on: end of file, a new
// declaration, another kind of closer, or a line indented back to where the
// bracket was opened. Compares the parser's view with the brackets of the
// token stream, so that a bracket closed further on is not called unclosed
// and a parse thrown off by an earlier error adds nothing.
Unclosed reportUnclosed(SyntaxContext& ctx, const OpenDelimiter& open, antlr4::Token* found,
                        antlr4::Parser* parser) {
  if (conjured(open.opener)) return Unclosed::Quiet;  // its absence is already reported
  std::size_t opener_index = open.opener->getTokenIndex();
  if (ctx.reported_tokens.count(opener_index)) return Unclosed::Quiet;
  std::size_t type = found->getType();
  Span opened = ctx.span(open.opener);
  if (open.closer == P::STRING_CLOSE) {
    ctx.diags()
        .report(DiagKind::UnterminatedString, opened)
        .withLabel("this string is never closed")
        .addHelp("add a closing `\"`");
    return Unclosed::Reported;
  }
  std::size_t opener_type = open.opener->getType();
  bool moved_on = type == antlr4::Token::EOF || isTopKeyword(type) || isCloser(type) ||
                  (type == P::LBRACE && (opener_type == P::LPAREN || opener_type == P::LBRACK));
  LinePos o = ctx.linePos(opened);
  LinePos f = ctx.linePos(ctx.span(found));
  bool dedented = type != antlr4::Token::EOF && f.line > o.line && f.indent <= o.indent;

  Brackets brackets;
  bool tracked = opener_type != P::LT;  // `<` is matched by the parser only
  if (tracked) {
    brackets = matchBrackets(ctx, parser->getTokenStream());
    auto closer = brackets.closer_of.find(opener_index);
    bool misplaced = std::any_of(brackets.misplaced.begin(), brackets.misplaced.end(),
                                 [&](const Brackets::Misplaced& m) { return m.open == open.opener; });
    // An earlier error at a bracket that has no closer: the parse went on
    // with that bracket's imbalance, and this is the same mistake.
    for (std::size_t index : ctx.reported_tokens)
      if (index < found->getTokenIndex() && index != opener_index && isOpener(parser->getTokenStream()->get(index)->getType()) &&
          parser->getTokenStream()->get(index)->getType() != P::STRING_OPEN && !brackets.closer_of.count(index) &&
          (moved_on || dedented))
        return Unclosed::Quiet;
    if (closer != brackets.closer_of.end() && !misplaced) {
      // Closed further on: this is not where it is missing.
      if (closer->second < found->getTokenIndex() || moved_on)
        return Unclosed::Quiet;
      return Unclosed::NotThis;
    }
  }
  if (!moved_on && !dedented) return Unclosed::NotThis;

  // An inner block closed by a `}` indented like an outer one is the
  // likely culprit: its own `}` is the one missing.
  const Brackets::Misplaced* culprit = nullptr;
  if (open.closer == P::RBRACE)
    for (const Brackets::Misplaced& m : brackets.misplaced)
      if (m.open->getTokenIndex() > opener_index && m.close->getTokenIndex() < found->getTokenIndex()) {
        culprit = &m;
        break;
      }
  // That `{` stands on a line already reported: the same mistake.
  if (culprit && lineReported(ctx, parser->getTokenStream(), culprit->open)) return Unclosed::Quiet;

  std::string closer(parser->getVocabulary().getLiteralName(open.closer));
  closer = closer.substr(1, closer.size() - 2);
  Diagnostic& d = ctx.diags()
                      .report(DiagKind::UnclosedDelimiter, ctx.span(found), closer, open.what, ctx.lineColText(opened))
                      .withLabel(fmt::format("found {}", describeFound(ctx, found)))
                      .addLabel(opened, "opened here");
  if (culprit) {
    std::string inner = headerText(ctx, culprit->open);
    if (inner.empty()) inner = fmt::format("the block opened at {}", ctx.lineColText(ctx.span(culprit->open)));
    std::string like = culprit->like ? headerText(ctx, culprit->like) : std::string();
    if (culprit->like && like.empty()) like = fmt::format("the block opened at {}", ctx.lineColText(ctx.span(culprit->like)));
    d.addLabel(ctx.span(culprit->open), "this `{` may be the one missing its `}`");
    d.addNote(fmt::format("{} is closed by the `}}` at {}, which is indented {}", inner,
                          ctx.lineColText(ctx.span(culprit->close)),
                          like.empty() ? "less than the line that opens it" : fmt::format("like {}", like)));
    d.addHelp(fmt::format("add the `}}` of {} where it ends", inner));
  } else {
    d.addHelp(fmt::format("add `{}` before this point", closer));
  }
  // The parse goes on as if it were closed; at the end of the file the
  // bracket that really lacks its closer is this same mistake.
  if (tracked) {
    std::size_t accounted = opener_index;
    while (brackets.closer_of.count(accounted)) {
      auto parent = brackets.parent_of.find(accounted);
      if (parent == brackets.parent_of.end()) break;
      accounted = parent->second;
    }
    ctx.reported_tokens.insert(accounted);
  }
  return Unclosed::Reported;
}

}  // namespace arch::syntax::errors
