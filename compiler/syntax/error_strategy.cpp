// Phrases syntax errors from the rule context, the token found and a
// summary of the expected set, instead of ANTLR's "mismatched input".
#include "compiler/syntax/error_strategy.h"

#include <ArchParser.h>

#include <optional>

#include <fmt/format.h>

namespace arch::syntax {
namespace {

using grammar::ArchParser;
using P = ArchParser;

// ---- what was found, what was expected -------------------------------------

bool isTopKeyword(std::size_t t) {
  return t == P::KW_ARCHITECTURE || t == P::KW_PATTERN || t == P::KW_DEPLOYMENT ||
         t == P::KW_PIPELINE || t == P::KW_KIND || t == P::KW_IMPORT;
}

bool isCloser(std::size_t t) {
  return t == P::RBRACE || t == P::RPAREN || t == P::RBRACK || t == P::STRING_CLOSE;
}

std::string describeFound(const SyntaxContext& ctx, antlr4::Token* t) {
  switch (t->getType()) {
    case antlr4::Token::EOF: return "end of file";
    case P::STRING_OPEN: return "a string";
    case P::STRING_NEWLINE: return "end of line";
    default: break;
  }
  std::string text(ctx.text(t));
  if (text.size() > 24) text = text.substr(0, 21) + "...";
  if (t->getType() >= P::KW_IMPORT && t->getType() <= P::KW_FALSE) return fmt::format("keyword `{}`", text);
  return fmt::format("`{}`", text);
}

std::string joinOr(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " or " : ", ";
    out += items[i];
  }
  return out;
}

// "a statement or `}`", "an expression", "`=`, `->` or a name".
std::string summarize(const antlr4::misc::IntervalSet& expected, const antlr4::dfa::Vocabulary& vocab) {
  std::vector<std::size_t> types;
  for (ssize_t t : expected.toList())
    if (t >= 0 || t == static_cast<ssize_t>(antlr4::Token::EOF)) types.push_back(static_cast<std::size_t>(t));
  auto has = [&](std::size_t t) { return std::find(types.begin(), types.end(), t) != types.end(); };
  auto drop = [&](std::initializer_list<std::size_t> ts) {
    for (std::size_t t : ts) types.erase(std::remove(types.begin(), types.end(), t), types.end());
  };
  std::vector<std::string> words;
  if (has(P::KW_ARCHITECTURE) && has(P::KW_PATTERN)) {
    words.push_back("a declaration");
    drop({P::KW_ARCHITECTURE, P::KW_PATTERN, P::KW_DEPLOYMENT, P::KW_PIPELINE, P::KW_KIND,
          P::KW_IMPORT, P::AT});
  }
  if (has(P::IDENT) && has(P::KW_ROUTE) && has(P::KW_OVERRIDE)) {
    words.push_back("a statement");
    drop({P::IDENT, P::KW_ROUTE, P::KW_OVERRIDE, P::AT});
  }
  if (has(P::INT) && has(P::STRING_OPEN) && has(P::LBRACK)) {
    words.push_back("an expression");
    drop({P::INT, P::FLOAT, P::QUANTITY, P::PERCENT, P::MONEY, P::CIDR, P::KW_TRUE, P::KW_FALSE,
          P::STRING_OPEN, P::LBRACK, P::LBRACE, P::LPAREN, P::MINUS, P::IDENT});
  }
  if (has(P::INT) && has(P::IDENT) && types.size() <= 3) {
    words.push_back("a port number or a name");
    drop({P::INT, P::IDENT});
  }
  for (std::size_t t : types) {
    switch (t) {
      case P::IDENT: words.push_back("a name"); break;
      case P::STRING_OPEN: words.push_back("a string"); break;
      case P::INT: words.push_back("a number"); break;
      case antlr4::Token::EOF: words.push_back("end of file"); break;
      default: {
        std::string lit = vocab.getLiteralName(t);
        if (lit.size() >= 2 && lit.front() == '\'') lit = lit.substr(1, lit.size() - 2);
        if (lit.empty()) lit = vocab.getSymbolicName(t);
        words.push_back(fmt::format("`{}`", lit));
      }
    }
  }
  if (words.size() > 6) {
    words.resize(5);
    words.push_back("...");
  }
  return words.empty() ? "something else" : joinOr(words);
}

// ---- the innermost bracket still open ---------------------------------------

struct OpenDelimiter {
  antlr4::Token* opener;
  std::size_t closer;
  std::string what;  // "`architecture shop`", "list", "string", ...
};

std::size_t closerOf(std::size_t opener) {
  switch (opener) {
    case P::LBRACE:
    case P::INTERP_OPEN: return P::RBRACE;
    case P::LPAREN: return P::RPAREN;
    case P::LBRACK: return P::RBRACK;
    case P::STRING_OPEN: return P::STRING_CLOSE;
    case P::LT: return P::GT;
    default: return 0;
  }
}

std::string nameOf(const SyntaxContext& ctx, P::NameContext* n) {
  return n && n->getStart() ? std::string(ctx.text(n->getStart())) : "?";
}

// How the owner of a `{ ... }` block is named in messages.
std::string blockOwner(const SyntaxContext& ctx, antlr4::tree::ParseTree* owner) {
  auto top = [&](std::string_view kw, P::NameContext* n) { return fmt::format("`{} {}`", kw, nameOf(ctx, n)); };
  if (auto* c = dynamic_cast<P::ArchitectureDeclContext*>(owner)) return top("architecture", c->name());
  if (auto* c = dynamic_cast<P::PatternDeclContext*>(owner)) return top("pattern", c->name());
  if (auto* c = dynamic_cast<P::DeploymentDeclContext*>(owner)) return top("deployment", c->name());
  if (auto* c = dynamic_cast<P::PipelineDeclContext*>(owner)) return top("pipeline", c->name());
  if (auto* c = dynamic_cast<P::KindDeclContext*>(owner)) return top("kind", c->name());
  if (auto* c = dynamic_cast<P::DeclarationStmtContext*>(owner))
    return fmt::format("`{} {}`", nameOf(ctx, c->kind), nameOf(ctx, c->id));
  if (auto* c = dynamic_cast<P::NestedBlockStmtContext*>(owner)) return fmt::format("`{}`", nameOf(ctx, c->name()));
  if (auto* c = dynamic_cast<P::OverrideStmtContext*>(owner)) return fmt::format("`override {}`", c->path() ? c->path()->getText() : "?");
  if (dynamic_cast<P::ConnectionStmtContext*>(owner)) return "the connection";
  return "the block";
}

std::string delimiterOwner(const SyntaxContext& ctx, antlr4::ParserRuleContext* rule, std::size_t opener) {
  if (opener == P::STRING_OPEN) return "string";
  if (opener == P::INTERP_OPEN) return "`${`";
  if (dynamic_cast<P::BlockContext*>(rule)) return blockOwner(ctx, rule->parent);
  if (dynamic_cast<P::ObjectLitContext*>(rule)) return "the object";
  if (dynamic_cast<P::ListExprContext*>(rule)) return "the list";
  if (auto* c = dynamic_cast<P::CallExprContext*>(rule))
    return fmt::format("the arguments of `{}`", c->path() ? c->path()->getText() : "?");
  if (dynamic_cast<P::AttributeContext*>(rule)) return "the attribute's arguments";
  if (auto* c = dynamic_cast<P::PatternDeclContext*>(rule))
    return fmt::format("the parameters of `pattern {}`", nameOf(ctx, c->name()));
  if (dynamic_cast<P::ConnectionAccessContext*>(rule)) return "the access list";
  if (dynamic_cast<P::TypeAtomContext*>(rule)) return "the type arguments";
  return "the parenthesis";
}

std::optional<OpenDelimiter> innermostOpen(const SyntaxContext& ctx, antlr4::ParserRuleContext* rule) {
  for (; rule; rule = dynamic_cast<antlr4::ParserRuleContext*>(rule->parent)) {
    antlr4::Token* opener = nullptr;
    std::size_t closer = 0;
    for (antlr4::tree::ParseTree* child : rule->children) {
      auto* term = dynamic_cast<antlr4::tree::TerminalNode*>(child);
      if (!term) continue;
      std::size_t t = term->getSymbol()->getType();
      if (std::size_t c = closerOf(t)) {
        opener = term->getSymbol();
        closer = c;
      } else if (opener && t == closer) {
        opener = nullptr;
      }
    }
    if (opener) return OpenDelimiter{opener, closer, delimiterOwner(ctx, rule, opener->getType())};
  }
  return std::nullopt;
}

// An unclosed string, or a missing closer where the input clearly moved on
// (end of file, a new declaration, another kind of closer). Returns false
// when the error reads better as a plain "expected ..., found ...".
bool reportUnclosed(SyntaxContext& ctx, const OpenDelimiter& open, antlr4::Token* found,
                    const antlr4::dfa::Vocabulary& vocab) {
  std::size_t type = found->getType();
  Span opened = ctx.span(open.opener);
  if (open.closer == P::STRING_CLOSE) {
    ctx.diags()
        .report(DiagKind::UnterminatedString, opened)
        .withLabel("this string is never closed")
        .addHelp("add a closing `\"`");
    return true;
  }
  if (type != antlr4::Token::EOF && !isTopKeyword(type) && !isCloser(type)) return false;
  std::string closer(vocab.getLiteralName(open.closer));
  closer = closer.substr(1, closer.size() - 2);
  LineCol lc = ctx.file().lineCol(opened.offset);
  ctx.diags()
      .report(DiagKind::UnclosedDelimiter, ctx.span(found), closer, open.what,
              fmt::format("{}:{}", lc.line, lc.column))
      .withLabel(fmt::format("found {}", describeFound(ctx, found)))
      .addLabel(opened, "opened here")
      .addHelp(fmt::format("add `{}` before this point", closer));
  return true;
}

}  // namespace

void FriendlyErrorStrategy::describe(antlr4::Parser* parser, antlr4::Token* found,
                                     const antlr4::misc::IntervalSet& expected, How how) {
  if (!found || ctx_.reported_tokens.count(found->getTokenIndex())) return;
  ctx_.reported_tokens.insert(found->getTokenIndex());
  Span at = ctx_.span(found);
  std::size_t type = found->getType();
  const auto& vocab = parser->getVocabulary();

  std::optional<OpenDelimiter> open = innermostOpen(ctx_, parser->getContext());
  if (open && expected.contains(open->closer) && reportUnclosed(ctx_, *open, found, vocab)) {
    if (ctx_.diags().limitReached()) throw ParseAborted{};
    return;
  }

  std::string want = summarize(expected, vocab);
  if (want == "a declaration" || (expected.contains(static_cast<std::size_t>(P::KW_ARCHITECTURE)) && !expected.contains(static_cast<std::size_t>(P::IDENT)))) {
    if (type == P::KW_IMPORT) {
      ctx_.diags().report(DiagKind::ImportAfterDecl, at).addHelp("move this `import` to the top of the file");
    } else {
      Diagnostic& d = ctx_.diags().report(DiagKind::ExpectedDeclaration, at, describeFound(ctx_, found));
      d.addHelp("a file holds `import`s, then `architecture`, `pattern`, `deployment`, `pipeline` and `kind` declarations");
      if (type == P::IDENT) d.addNote("components are declared inside `architecture NAME { ... }`");
    }
  } else if (how == How::Unwanted) {
    ctx_.diags()
        .report(DiagKind::UnexpectedToken, at, describeFound(ctx_, found))
        .addHelp(fmt::format("expected {} here", want));
  } else {
    Diagnostic& d = ctx_.diags().report(DiagKind::ExpectedToken, at, want, describeFound(ctx_, found));
    antlr4::Token* prev = found->getTokenIndex() > 0
                              ? parser->getTokenStream()->get(found->getTokenIndex() - 1) : nullptr;
    bool literal = type == P::INT || type == P::FLOAT || type == P::QUANTITY || type == P::PERCENT ||
                   type == P::MONEY || type == P::CIDR || type == P::STRING_OPEN ||
                   type == P::KW_TRUE || type == P::KW_FALSE;
    if (literal && prev && prev->getType() == P::IDENT)
      d.addHelp(fmt::format("to set a property, write `{} = {}`", ctx_.text(prev),
                            type == P::STRING_OPEN ? "\"...\"" : std::string(ctx_.text(found))));
    else if (type == P::EQ && dynamic_cast<P::ParamDeclContext*>(parser->getContext()))
      d.addHelp("pattern parameters need a type: `name: type = default`");
  }
  if (ctx_.diags().limitReached()) throw ParseAborted{};
}

void FriendlyErrorStrategy::reportNoViableAlternative(antlr4::Parser* parser,
                                                      const antlr4::NoViableAltException& e) {
  describe(parser, e.getOffendingToken(), e.getExpectedTokens(), How::Mismatch);
}

void FriendlyErrorStrategy::reportInputMismatch(antlr4::Parser* parser,
                                                const antlr4::InputMismatchException& e) {
  describe(parser, e.getOffendingToken(), e.getExpectedTokens(), How::Mismatch);
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
}

void FriendlyErrorStrategy::reportMissingToken(antlr4::Parser* parser) {
  if (inErrorRecoveryMode(parser)) return;
  beginErrorCondition(parser);
  describe(parser, parser->getCurrentToken(), getExpectedTokens(parser), How::Missing);
}

antlr4::Token* FriendlyErrorStrategy::singleTokenDeletion(antlr4::Parser* parser) {
  // Deleting a closing bracket because the next token happens to fit makes
  // the enclosing block swallow the rest of the file. Only closers the
  // pre-scan already reported as unmatched may go.
  antlr4::Token* next = parser->getCurrentToken();
  if (isCloser(next->getType()) && !ctx_.reported_tokens.count(next->getTokenIndex())) return nullptr;
  return antlr4::DefaultErrorStrategy::singleTokenDeletion(parser);
}

}  // namespace arch::syntax
