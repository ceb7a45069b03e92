// The strategy class: each ANTLR report hook decides whether to speak
// (one diagnostic per mistake, never none in a file with a syntax error),
// which report fits — an unclosed bracket, a misplaced declaration, an
// expected or unexpected token — and which recovery skip follows. The
// wording, the bracket matching and the skips have files of their own
// (error_wording.cpp, error_phrases.cpp, error_brackets.cpp,
// error_recovery.cpp).
#include "compiler/syntax/error_strategy.h"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "compiler/syntax/error_strategy_internal.h"

namespace arch::syntax::errors {

bool lineReported(const SyntaxContext& ctx, antlr4::TokenStream* tokens, antlr4::Token* found) {
  if (found->getType() == antlr4::Token::EOF) return false;
  std::uint32_t line = ctx.linePos(ctx.span(found)).line;
  for (std::size_t index : ctx.reported_tokens)
    if (index < tokens->size() && tokens->get(index)->getType() != antlr4::Token::EOF &&
        ctx.linePos(ctx.span(tokens->get(index))).line == line)
      return true;
  return false;
}

}  // namespace arch::syntax::errors

namespace arch::syntax {

// The hooks below use the error_*.cpp helpers unqualified.
using namespace errors;

namespace {

// Whether an error is already reported in this file: the condition for
// staying quiet about anything, so that a file with a syntax error never
// goes through without one.
bool hasErrorsInFile(SyntaxContext& ctx) {
  const std::vector<Diagnostic>& all = ctx.diags().all();
  return std::any_of(all.begin(), all.end(), [&](const Diagnostic& d) {
    return d.severity == Severity::Error && d.span.file == ctx.id();
  });
}

P::FileContext* fileOf(antlr4::ParserRuleContext* rule) {
  for (; rule; rule = dynamic_cast<antlr4::ParserRuleContext*>(rule->parent))
    if (auto* f = dynamic_cast<P::FileContext*>(rule)) return f;
  return nullptr;
}

}  // namespace

void FriendlyErrorStrategy::describe(antlr4::Parser* parser, antlr4::Token* found,
                                     const antlr4::misc::IntervalSet& expected, How how) {
  if (!found) return;
  bool may_stay_quiet = hasErrorsInFile(ctx_);
  if (may_stay_quiet && ctx_.reported_tokens.count(found->getTokenIndex())) return;
  antlr4::Token* prev = previousToken(parser->getTokenStream(), found);
  // Something missing at the end of a line belongs to that line.
  bool continues_prev = prev && !expected.contains(static_cast<std::size_t>(P::KW_ROUTE)) &&
                        ctx_.linePos(ctx_.span(prev)).line < ctx_.linePos(ctx_.span(found)).line;
  // A statement that started on a line already reported (a string left
  // open, a `#` comment) runs on into the next: the same mistake.
  antlr4::Token* statement_start = nullptr;
  for (antlr4::ParserRuleContext* r = parser->getContext(); r; r = dynamic_cast<antlr4::ParserRuleContext*>(r->parent))
    if (is<P::StatementContext>(r)) {
      statement_start = r->getStart();
      break;
    }
  // Between statements: the last one, if it ran on into this line.
  if (auto* block = dynamic_cast<P::BlockContext*>(parser->getContext()); block && !block->statement().empty()) {
    P::StatementContext* last = block->statement().back();
    if (last->getStop() && !conjured(last->getStop()) &&
        ctx_.linePos(ctx_.span(last->getStop())).line == ctx_.linePos(ctx_.span(found)).line)
      statement_start = last->getStart();
  }
  if (may_stay_quiet && (lineReported(ctx_, parser->getTokenStream(), found) ||
      (continues_prev && lineReported(ctx_, parser->getTokenStream(), prev)) ||
      (statement_start && statement_start != found && !conjured(statement_start) &&
       lineReported(ctx_, parser->getTokenStream(), statement_start)))) {
    ctx_.reported_tokens.insert(found->getTokenIndex());
    return;
  }
  std::optional<OpenDelimiter> open = innermostOpen(ctx_, parser->getContext());
  if (open && expected.contains(open->closer)) {
    Unclosed u = reportUnclosed(ctx_, *open, found, parser);
    if (u == Unclosed::Reported || (u == Unclosed::Quiet && may_stay_quiet)) {
      ctx_.reported_tokens.insert(found->getTokenIndex());
      if (ctx_.diags().limitReached()) throw ParseAborted{};
      return;
    }
  }
  ctx_.reported_tokens.insert(found->getTokenIndex());
  Span span = ctx_.span(found);
  std::size_t type = found->getType();
  const auto& vocab = parser->getVocabulary();

  std::string want = summarize(expected, vocab);
  if (expected.contains(static_cast<std::size_t>(P::KW_ARCHITECTURE)) &&
      !expected.contains(static_cast<std::size_t>(P::IDENT))) {
    if (type == P::KW_IMPORT) {
      Diagnostic& d = ctx_.diags().report(DiagKind::ImportAfterDecl, span);
      P::FileContext* file = fileOf(parser->getContext());
      if (file && !file->topDecl().empty() && file->topDecl(0)->getStart())
        d.addLabel(ctx_.span(file->topDecl(0)->getStart()), "the first declaration is here");
      d.addHelp("move this `import` to the top of the file");
    } else {
      Diagnostic& d = ctx_.diags().report(DiagKind::ExpectedDeclaration, span, describeFound(ctx_, found));
      // Lines ended by a `}` that closes nothing: a body without its
      // declaration line (the pre-scan left that `}` to this report).
      antlr4::Token* end = nullptr;
      antlr4::TokenStream* tokens = parser->getTokenStream();
      int depth = 0;
      for (std::size_t i = found->getTokenIndex() + 1; i < tokens->size(); ++i) {
        antlr4::Token* t = tokens->get(i);
        if (t->getType() == antlr4::Token::EOF || t->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
        if (depth == 0 && isTopKeyword(t->getType()) && ctx_.linePos(ctx_.span(t)).first) break;
        if (isOpener(t->getType())) ++depth;
        else if (isCloser(t->getType()) && depth > 0) --depth;
        else if (t->getType() == P::RBRACE) end = t;
      }
      if (end && ctx_.linePos(span).first) {
        d.addLabel(ctx_.span(end), "and this `}` closes nothing");
        d.addNote("these lines look like the body of a declaration whose first line is missing");
        d.addHelp("start the body with its declaration, e.g. `architecture NAME {`");
      } else {
        d.addHelp("a file holds `import`s, then `architecture`, `pattern`, `deployment`, `pipeline` and `kind` declarations");
        if (type == P::IDENT) d.addNote("components are declared inside `architecture NAME { ... }`");
      }
    }
    if (ctx_.diags().limitReached()) throw ParseAborted{};
    return;
  }

  std::optional<Phrase> p = phrase(ctx_, parser->getContext(), expected, found, prev);
  std::string help = unexpectedHelp(ctx_, parser, found, prev, expected);
  if (how == How::Unwanted && !p) {
    ctx_.diags()
        .report(DiagKind::UnexpectedToken, span, describeUnexpected(ctx_, found))
        .addHelp(help.empty() ? fmt::format("expected {} here", want) : help);
  } else {
    // Something missing at the end of a line reads best where it is
    // missing, with what was found below it (as rustc does).
    bool missing_at_line_end = prev && type != antlr4::Token::EOF &&
                               ctx_.linePos(ctx_.span(prev)).line < ctx_.linePos(span).line;
    Span primary = span;
    if (missing_at_line_end) {
      Span after = ctx_.span(prev);
      primary = Span{after.file, prev->getType() == P::STRING_NEWLINE ? after.offset : after.end(), 0};
    }
    Diagnostic& d = ctx_.diags().report(DiagKind::ExpectedToken, primary, p ? p->want : want,
                                        describeFound(ctx_, found));
    if (missing_at_line_end) {
      ctx_.reported_tokens.insert(prev->getTokenIndex());  // the mistake is on that line
      d.withLabel(p ? p->here : fmt::format("expected {} here", want));
      d.addLabel(span, fmt::format("found {}", describeFound(ctx_, found)));
    }
    if (p && !p->help.empty()) d.addHelp(p->help);
    else if (!help.empty()) d.addHelp(help);
  }
  if (ctx_.diags().limitReached()) throw ParseAborted{};
}

void FriendlyErrorStrategy::reportNoViableAlternative(antlr4::Parser* parser,
                                                      const antlr4::NoViableAltException& e) {
  // `timeout = 30 s`: the unit, split from its number, starts a statement.
  antlr4::Token* start = e.getStartToken();
  if (start && start->getType() == P::IDENT && is<P::StatementBodyContext>(parser->getContext()) &&
      !ctx_.reported_tokens.count(start->getTokenIndex())) {
    antlr4::Token* number = previousToken(parser->getTokenStream(), start);
    if (number && (number->getType() == P::INT || number->getType() == P::FLOAT) &&
        ctx_.linePos(ctx_.span(number)).line == ctx_.linePos(ctx_.span(start)).line) {
      ctx_.reported_tokens.insert(start->getTokenIndex());
      ctx_.reported_tokens.insert(e.getOffendingToken()->getTokenIndex());
      ctx_.diags()
          .report(DiagKind::UnexpectedToken, ctx_.span(start), describeUnexpected(ctx_, start))
          .withLabel("a unit must follow its number without a space")
          .addHelp(fmt::format("write `{}{}`", ctx_.text(number), ctx_.text(start)));
      if (ctx_.diags().limitReached()) throw ParseAborted{};
      return;
    }
  }
  describe(parser, e.getOffendingToken(), e.getExpectedTokens(), How::Mismatch);
  // recover() then skips to a token that may follow; a statement that went
  // wrong goes as a whole line first (see junkLength).
  if (is<P::StatementBodyContext>(parser->getContext()))
    for (std::size_t skip = junkLength(ctx_, parser); skip > 0; --skip) parser->consume();
  else
    skipBeforeRecovery(ctx_, parser, e.getOffendingToken());
}

void FriendlyErrorStrategy::reportInputMismatch(antlr4::Parser* parser,
                                                const antlr4::InputMismatchException& e) {
  describe(parser, e.getOffendingToken(), e.getExpectedTokens(), How::Mismatch);
  skipBeforeRecovery(ctx_, parser, e.getOffendingToken());
}

void FriendlyErrorStrategy::reportFailedPredicate(antlr4::Parser* parser,
                                                  const antlr4::FailedPredicateException& e) {
  // The grammar has no semantic predicates; keep the report phrased anyway.
  describe(parser, e.getOffendingToken(), e.getExpectedTokens(), How::Mismatch);
}

void FriendlyErrorStrategy::reportUnwantedToken(antlr4::Parser* parser) {
  if (inErrorRecoveryMode(parser)) return;
  beginErrorCondition(parser);
  describe(parser, parser->getCurrentToken(), getExpectedTokens(parser), How::Unwanted);
  // Called straight from sync() at the end of a loop iteration, which then
  // skips to the next token that fits; skipping the rest of the line first
  // keeps its words from being read as statements of their own.
  auto kind = parser->getATN().states[parser->getState()]->getStateType();
  if (kind == antlr4::atn::ATNState::STAR_LOOP_BACK || kind == antlr4::atn::ATNState::PLUS_LOOP_BACK) {
    std::size_t skip = junkLength(ctx_, parser);
    if (skip == 0) skipBracketGroup(ctx_, parser, parser->getCurrentToken());
    for (; skip > 0; --skip) parser->consume();
  }
}

void FriendlyErrorStrategy::reportMissingToken(antlr4::Parser* parser) {
  if (inErrorRecoveryMode(parser)) return;
  beginErrorCondition(parser);
  describe(parser, parser->getCurrentToken(), getExpectedTokens(parser), How::Missing);
}

antlr4::Token* FriendlyErrorStrategy::singleTokenDeletion(antlr4::Parser* parser) {
  antlr4::Token* next = parser->getCurrentToken();
  std::size_t type = next->getType();
  // Deleting a closing bracket because the next token happens to fit makes
  // the enclosing block swallow the rest of the file; deleting an opening
  // one unbalances everything after it. (Closers that close nothing never
  // get here: the pre-scan reports them and takes them out of the parser's
  // way.)
  if (isCloser(type)) return nullptr;

  // Inside a rule (not at a loop or block decision, where sync() asks), a
  // missing token is the likelier mistake than an extra one: `architecture
  // {` lacks a name rather than having a stray `{`, `@` before `kind` lacks
  // a name rather than having a stray `kind`. Returning nothing here makes
  // recoverInline try the insertion next.
  const antlr4::atn::ATN& atn = parser->getATN();
  antlr4::atn::ATNState* state = atn.states[parser->getState()];
  bool decision = state->getStateType() == antlr4::atn::ATNState::BLOCK_START ||
                  state->getStateType() == antlr4::atn::ATNState::STAR_BLOCK_START ||
                  state->getStateType() == antlr4::atn::ATNState::PLUS_BLOCK_START ||
                  state->getStateType() == antlr4::atn::ATNState::STAR_LOOP_ENTRY ||
                  state->getStateType() == antlr4::atn::ATNState::PLUS_LOOP_BACK ||
                  state->getStateType() == antlr4::atn::ATNState::STAR_LOOP_BACK;
  if (isOpener(type) && (!decision || matchBrackets(ctx_, parser->getTokenStream()).closer_of.count(next->getTokenIndex())))
    return nullptr;
  if (!decision && !state->transitions.empty()) {
    antlr4::misc::IntervalSet after = atn.nextTokens(state->transitions[0]->target, parser->getContext());
    if (after.contains(type)) return nullptr;
  }
  if (decision) {
    std::size_t skip = junkLength(ctx_, parser);
    if (skip > 0) {
      reportUnwantedToken(parser);
      for (std::size_t i = 0; i < skip; ++i) parser->consume();
      endErrorCondition(parser);
      return parser->getCurrentToken();
    }
  }
  return antlr4::DefaultErrorStrategy::singleTokenDeletion(parser);
}

}  // namespace arch::syntax
