// Drives the generated lexer and parser: the one file that runs ANTLR.
// Valid input takes the fast path (SLL prediction, bail on the first error);
// only input with errors is parsed again with full LL and friendly recovery.
#include "compiler/syntax/parse.h"

#include <ArchLexer.h>
#include <ArchParser.h>

#include "compiler/syntax/builder.h"
#include "compiler/syntax/error_strategy.h"
#include "compiler/syntax/prescan.h"

namespace arch::syntax {
namespace {

// Keywords are reserved only where they start a construct. Followed by `=`
// or `.` they are names (`architecture = shop`, `{ on = x }`,
// `deployment.region`), so they are retyped to IDENT before parsing — after
// lexing, not with lexer predicates, which would keep the lexer's DFA from
// caching the states every identifier passes through.
void softenKeywords(antlr4::BufferedTokenStream& tokens) {
  const std::vector<antlr4::Token*>& all = tokens.getTokens();
  for (std::size_t i = 0; i < all.size(); ++i) {
    std::size_t type = all[i]->getType();
    if (type < grammar::ArchLexer::KW_IMPORT || type > grammar::ArchLexer::KW_FALSE) continue;
    std::size_t next = i + 1;
    while (next < all.size() && all[next]->getChannel() != antlr4::Token::DEFAULT_CHANNEL) ++next;
    if (next == all.size()) continue;
    std::size_t follower = all[next]->getType();
    if (follower == grammar::ArchLexer::EQ || follower == grammar::ArchLexer::DOT)
      static_cast<antlr4::CommonToken*>(all[i])->setType(grammar::ArchLexer::IDENT);
  }
}

}  // namespace

ast::Module parse(const SourceManager& sources, FileId id, Diagnostics& diags, const ParseLimits& limits) {
  const SourceFile& file = sources.file(id);
  SyntaxContext ctx(file, id, diags);
  ast::Module empty;
  empty.file = id;
  std::size_t errors_before = diags.errorCount();

  // The input stream, lexer, token stream and parser own the characters,
  // tokens and tree between them: all four live until the AST is built.
  antlr4::ANTLRInputStream input(std::string(ctx.lexedText()));
  grammar::ArchLexer lexer(&input);
  lexer.removeErrorListeners();  // every character is some token: no lexer errors
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  if (!prescan(tokens, ctx, limits)) return empty;
  softenKeywords(tokens);

  grammar::ArchParser parser(&tokens);
  parser.removeErrorListeners();
  auto* sim = parser.getInterpreter<antlr4::atn::ParserATNSimulator>();
  sim->setPredictionMode(antlr4::atn::PredictionMode::SLL);
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  grammar::ArchParser::FileContext* tree = nullptr;
  try {
    tree = parser.file();
  } catch (const antlr4::ParseCancellationException&) {
    tokens.seek(0);
    parser.reset();
    sim->setPredictionMode(antlr4::atn::PredictionMode::LL);
    parser.setErrorHandler(std::make_shared<FriendlyErrorStrategy>(ctx));
    try {
      tree = parser.file();
    } catch (const ParseAborted&) {
      return empty;
    }
  }
  // A safety net: ANTLR saw an error that the strategy, deliberately quiet
  // to avoid cascades, did not report. A broken file must never pass.
  if (diags.errorCount() == errors_before && parser.getNumberOfSyntaxErrors() > 0) {
    diags.report(DiagKind::ExpectedToken, ctx.endOfInput(), "a well-formed file", "a syntax error")
        .addNote("archc could not say more precisely where; please report this file");
  }
  if (diags.errorCount() != errors_before) return empty;
  Builder builder(ctx, tokens);
  ast::Module module = builder.module(tree);
  if (diags.errorCount() != errors_before) return empty;
  return module;
}

}  // namespace arch::syntax
