// Private to the error strategy (error_*.cpp in compiler/syntax/): what its
// files share — the token classes every heuristic asks about, the bracket
// matching on the token stream, and one entry per file for the wording, the
// unclosed-bracket report, the context phrases and the recovery skips.
// FriendlyErrorStrategy itself is declared in error_strategy.h.
#pragma once

#include <ArchParser.h>

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/syntax/syntax_context.h"

namespace arch::syntax::errors {

using grammar::ArchParser;
using P = ArchParser;

template <typename T>
bool is(antlr4::tree::ParseTree* node) {
  return dynamic_cast<T*>(node) != nullptr;
}

// ---- token classes -------------------------------------------------------------

inline bool isTopKeyword(std::size_t t) {
  return t == P::KW_ARCHITECTURE || t == P::KW_PATTERN || t == P::KW_DEPLOYMENT ||
         t == P::KW_PIPELINE || t == P::KW_KIND || t == P::KW_IMPORT;
}

inline bool isCloser(std::size_t t) {
  return t == P::RBRACE || t == P::RPAREN || t == P::RBRACK || t == P::STRING_CLOSE;
}

inline bool isOpener(std::size_t t) {
  return t == P::LBRACE || t == P::LPAREN || t == P::LBRACK || t == P::STRING_OPEN || t == P::INTERP_OPEN;
}

inline bool isLiteral(std::size_t t) {
  return t == P::INT || t == P::FLOAT || t == P::QUANTITY || t == P::PERCENT || t == P::MONEY ||
         t == P::CIDR || t == P::STRING_OPEN || t == P::KW_TRUE || t == P::KW_FALSE;
}

inline bool startsExpression(std::size_t t) {
  return isLiteral(t) || t == P::IDENT || t == P::LBRACK || t == P::LBRACE || t == P::LPAREN || t == P::MINUS;
}

// A token ANTLR made up during recovery (it has no place in the file).
inline bool conjured(const antlr4::Token* t) { return t->getTokenIndex() == INVALID_INDEX; }

// A token recovery consumed without matching it (kept in the tree as an
// error node), unlike one it made up (also an error node, see conjured).
inline bool skippedByRecovery(antlr4::tree::TerminalNode* node) {
  return dynamic_cast<antlr4::tree::ErrorNode*>(node) && !conjured(node->getSymbol());
}

// The token before `t` on the parser's channel, if any.
inline antlr4::Token* previousToken(antlr4::TokenStream* tokens, antlr4::Token* t) {
  for (std::size_t i = t->getTokenIndex(); i > 0; --i) {
    antlr4::Token* p = tokens->get(i - 1);
    if (p->getChannel() == antlr4::Token::DEFAULT_CHANNEL) return p;
  }
  return nullptr;
}

// The closer that matches an opener type (`{` -> `}`), 0 for any other token.
inline std::size_t closerOf(std::size_t opener) {
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

// ---- bracket matching (error_brackets.cpp) ------------------------------------

// Brackets matched on the token stream alone, the way the pre-scan matches
// them: what the parser's view can be compared with. Computed only on the
// error path.
struct Brackets {
  std::unordered_map<std::size_t, std::size_t> closer_of;  // opener index -> closer index
  std::unordered_map<std::size_t, std::size_t> parent_of;  // opener index -> enclosing opener index
  // `{ ... }` pairs whose `}` starts a line indented less than the line of
  // the `{`, in file order of the `}`; `like` is the enclosing `{` whose
  // line has the indentation of that `}`, if any.
  struct Misplaced {
    antlr4::Token* open;
    antlr4::Token* close;
    antlr4::Token* like;
  };
  std::vector<Misplaced> misplaced;
};

Brackets matchBrackets(const SyntaxContext& ctx, antlr4::TokenStream* tokens);

// The innermost bracket still open around the rule being parsed.
struct OpenDelimiter {
  antlr4::Token* opener;
  std::size_t closer;
  std::string what;  // "`architecture shop`", "the list", "string", ...
};

std::optional<OpenDelimiter> innermostOpen(const SyntaxContext& ctx, antlr4::ParserRuleContext* rule);

enum class Unclosed { Reported, Quiet, NotThis };

// A missing closer where the input clearly moved on: end of file, a new
// declaration, another kind of closer, or a line indented back to where the
// bracket was opened. Compares the parser's view with the brackets of the
// token stream, so that a bracket closed further on is not called unclosed
// and a parse thrown off by an earlier error adds nothing.
Unclosed reportUnclosed(SyntaxContext& ctx, const OpenDelimiter& open, antlr4::Token* found,
                        antlr4::Parser* parser);

// ---- when to stay quiet (error_strategy.cpp) -----------------------------------

// Whether a mistake was already reported on the line of `found`: the first
// report of a line is about its cause, later ones mostly about how the
// parser read on after it.
bool lineReported(const SyntaxContext& ctx, antlr4::TokenStream* tokens, antlr4::Token* found);

// ---- wording (error_wording.cpp) ----------------------------------------------

// How a token is named in a message: "end of file", "keyword `kind`", "`=`".
std::string describeFound(const SyntaxContext& ctx, antlr4::Token* t);
// The same, after "unexpected": "unexpected string", not "unexpected a string".
std::string describeUnexpected(const SyntaxContext& ctx, antlr4::Token* t);

// "a statement or `}`", "an expression", "`=`, `->` or a name".
std::string summarize(const antlr4::misc::IntervalSet& expected, const antlr4::dfa::Vocabulary& vocab);

// How a `{` is named from the text before it on its line: `bucket uploads`
// for `  bucket uploads {`. Empty when that text is missing or too long.
std::string headerText(const SyntaxContext& ctx, antlr4::Token* brace);

std::string nameOf(const SyntaxContext& ctx, P::NameContext* n);
// The words that open a declaration, as written: "architecture shop".
std::string headerWords(const SyntaxContext& ctx, antlr4::tree::ParseTree* owner);

// How the bracket an opener of type `opener` in `rule` opened is named:
// "`architecture shop`", "the list", "string", ...
std::string delimiterOwner(const SyntaxContext& ctx, antlr4::ParserRuleContext* rule, std::size_t opener);

// ---- phrasing by context (error_phrases.cpp) ----------------------------------

struct Phrase {
  std::string want;  // "the target of the connection after `->`"
  std::string here;  // the label where it is missing: "expected the target here"
  std::string help;
};

// The message for a recognisable mistake in the rule being parsed, if any.
std::optional<Phrase> phrase(const SyntaxContext& ctx, antlr4::ParserRuleContext* rule,
                             const antlr4::misc::IntervalSet& expected, antlr4::Token* found,
                             antlr4::Token* prev);

// Help for a token that has no place where it stands, when its likely
// intent is recognisable.
std::string unexpectedHelp(const SyntaxContext& ctx, antlr4::Parser* parser, antlr4::Token* found,
                           antlr4::Token* prev, const antlr4::misc::IntervalSet& expected);

// ---- recovery (error_recovery.cpp) --------------------------------------------

// How many tokens to drop where a statement or a declaration should start
// and the current token does not fit (0: drop none).
std::size_t junkLength(const SyntaxContext& ctx, antlr4::Parser* parser);

// Consumes a bracket that does not fit together with its contents.
void skipBracketGroup(SyntaxContext& ctx, antlr4::Parser* parser, antlr4::Token* offending);

// Called after a report and before recover(), to keep brackets paired.
void skipBeforeRecovery(SyntaxContext& ctx, antlr4::Parser* parser, antlr4::Token* offending);

}  // namespace arch::syntax::errors
