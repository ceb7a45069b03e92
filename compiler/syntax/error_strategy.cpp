// Phrases syntax errors from the rule context, the token found and a
// summary of the expected set, instead of ANTLR's "mismatched input", and
// steers recovery so that one mistake makes one diagnostic.
#include "compiler/syntax/error_strategy.h"

#include <ArchParser.h>

#include <optional>
#include <unordered_map>

#include <fmt/format.h>

namespace arch::syntax {
namespace {

using grammar::ArchParser;
using P = ArchParser;

template <typename T>
bool is(antlr4::tree::ParseTree* node) {
  return dynamic_cast<T*>(node) != nullptr;
}

// ---- what was found, what was expected -------------------------------------

bool isTopKeyword(std::size_t t) {
  return t == P::KW_ARCHITECTURE || t == P::KW_PATTERN || t == P::KW_DEPLOYMENT ||
         t == P::KW_PIPELINE || t == P::KW_KIND || t == P::KW_IMPORT;
}

bool isCloser(std::size_t t) {
  return t == P::RBRACE || t == P::RPAREN || t == P::RBRACK || t == P::STRING_CLOSE;
}

bool isOpener(std::size_t t) {
  return t == P::LBRACE || t == P::LPAREN || t == P::LBRACK || t == P::STRING_OPEN || t == P::INTERP_OPEN;
}

bool isLiteral(std::size_t t) {
  return t == P::INT || t == P::FLOAT || t == P::QUANTITY || t == P::PERCENT || t == P::MONEY ||
         t == P::CIDR || t == P::STRING_OPEN || t == P::KW_TRUE || t == P::KW_FALSE;
}

bool startsExpression(std::size_t t) {
  return isLiteral(t) || t == P::IDENT || t == P::LBRACK || t == P::LBRACE || t == P::LPAREN || t == P::MINUS;
}

// A token ANTLR made up during recovery (it has no place in the file).
bool conjured(const antlr4::Token* t) { return t->getTokenIndex() == INVALID_INDEX; }

// A token recovery consumed without matching it (kept in the tree as an
// error node), unlike one it made up (also an error node, see conjured).
bool skippedByRecovery(antlr4::tree::TerminalNode* node) {
  return dynamic_cast<antlr4::tree::ErrorNode*>(node) && !conjured(node->getSymbol());
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

// The same, after "unexpected": "unexpected string", not "unexpected a string".
std::string describeUnexpected(const SyntaxContext& ctx, antlr4::Token* t) {
  std::string found = describeFound(ctx, t);
  return found.starts_with("a ") ? found.substr(2) : found;
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
  if (has(P::KW_ARCHITECTURE) && has(P::KW_PATTERN) && !has(P::IDENT)) {
    words.push_back("a declaration");
    drop({P::KW_ARCHITECTURE, P::KW_PATTERN, P::KW_DEPLOYMENT, P::KW_PIPELINE, P::KW_KIND,
          P::KW_IMPORT, P::AT});
  }
  if (has(P::IDENT) && has(P::KW_ROUTE) && has(P::KW_OVERRIDE)) {
    words.push_back("a statement");
    drop({P::IDENT, P::KW_ROUTE, P::KW_OVERRIDE, P::AT, P::KW_ARCHITECTURE});
  }
  if (has(P::INT) && has(P::STRING_OPEN) && has(P::LBRACK)) {
    words.push_back("an expression");
    drop({P::INT, P::FLOAT, P::QUANTITY, P::PERCENT, P::MONEY, P::CIDR, P::KW_TRUE, P::KW_FALSE,
          P::STRING_OPEN, P::LBRACK, P::LBRACE, P::LPAREN, P::MINUS, P::IDENT});
  }
  if (has(P::INT) && has(P::QUANTITY) && has(P::MONEY) && !has(P::IDENT)) {
    words.push_back("a number");
    drop({P::INT, P::FLOAT, P::QUANTITY, P::PERCENT, P::MONEY});
  }
  if (has(P::INT) && has(P::IDENT) && types.size() <= 3) {
    words.push_back("a port number or a name");
    drop({P::INT, P::IDENT});
  }
  if (has(P::IDENT)) drop({P::KW_ARCHITECTURE, P::KW_DEPLOYMENT, P::KW_PIPELINE, P::KW_PATTERN});
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

// ---- the layout of the file ---------------------------------------------------

// How a `{` is named from the text before it on its line: `bucket uploads`
// for `  bucket uploads {`. Empty when that text is missing or too long.
std::string headerText(const SyntaxContext& ctx, antlr4::Token* brace) {
  Span s = ctx.span(brace);
  std::string_view before = ctx.file().text().substr(0, s.offset);
  std::size_t line_start = before.find_last_of("\r\n");
  before = line_start == std::string_view::npos ? before : before.substr(line_start + 1);
  while (!before.empty() && (before.front() == ' ' || before.front() == '\t')) before.remove_prefix(1);
  while (!before.empty() && (before.back() == ' ' || before.back() == '\t')) before.remove_suffix(1);
  if (before.empty() || before.size() > 40 || before.find('{') != std::string_view::npos) return {};
  if (before.back() == '=') {  // `tags = {`: an object
    before.remove_suffix(1);
    while (!before.empty() && (before.back() == ' ' || before.back() == '\t')) before.remove_suffix(1);
    return before.empty() ? std::string() : fmt::format("the object assigned to `{}`", before);
  }
  return fmt::format("`{}`", before);
}

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

// ---- the innermost bracket still open ---------------------------------------

struct OpenDelimiter {
  antlr4::Token* opener;
  std::size_t closer;
  std::string what;  // "`architecture shop`", "the list", "string", ...
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
  return n && n->getStart() && !conjured(n->getStart()) ? std::string(ctx.text(n->getStart())) : "?";
}

std::string pathOf(const SyntaxContext& ctx, P::PathContext* p) {
  if (!p) return "?";
  std::string out;
  for (P::NameContext* n : p->name()) out += (out.empty() ? "" : ".") + nameOf(ctx, n);
  return out.empty() ? "?" : out;
}

// The words that open a declaration, as written: "architecture shop".
std::string headerWords(const SyntaxContext& ctx, antlr4::tree::ParseTree* owner) {
  auto top = [&](std::string_view kw, P::NameContext* n) { return fmt::format("{} {}", kw, nameOf(ctx, n)); };
  if (auto* c = dynamic_cast<P::ArchitectureDeclContext*>(owner)) return top("architecture", c->name());
  if (auto* c = dynamic_cast<P::PatternDeclContext*>(owner)) return top("pattern", c->name());
  if (auto* c = dynamic_cast<P::DeploymentDeclContext*>(owner)) return top("deployment", c->name());
  if (auto* c = dynamic_cast<P::PipelineDeclContext*>(owner)) return top("pipeline", c->name());
  if (auto* c = dynamic_cast<P::KindDeclContext*>(owner)) {
    if (c->keywordName() && c->keywordName()->getStart())
      return fmt::format("kind {}", ctx.text(c->keywordName()->getStart()));
    return top("kind", c->name());
  }
  if (auto* c = dynamic_cast<P::DeclarationStmtContext*>(owner))
    return fmt::format("{} {}", nameOf(ctx, c->kind), nameOf(ctx, c->id));
  if (auto* c = dynamic_cast<P::NestedBlockStmtContext*>(owner)) return nameOf(ctx, c->name());
  if (auto* c = dynamic_cast<P::OverrideStmtContext*>(owner)) return fmt::format("override {}", pathOf(ctx, c->path()));
  return {};
}

// How the owner of a `{ ... }` block is named in messages.
std::string blockOwner(const SyntaxContext& ctx, antlr4::tree::ParseTree* owner) {
  if (std::string words = headerWords(ctx, owner); !words.empty()) return fmt::format("`{}`", words);
  if (is<P::ConnectionStmtContext>(owner)) return "the connection";
  return "the block";
}

std::string delimiterOwner(const SyntaxContext& ctx, antlr4::ParserRuleContext* rule, std::size_t opener) {
  if (opener == P::STRING_OPEN) return "string";
  if (opener == P::INTERP_OPEN) return "`${`";
  if (is<P::BlockContext>(rule)) return blockOwner(ctx, rule->parent);
  if (is<P::ObjectLitContext>(rule)) return "the object";
  if (is<P::ListExprContext>(rule)) return "the list";
  if (auto* c = dynamic_cast<P::CallExprContext*>(rule))
    return fmt::format("the arguments of `{}`", pathOf(ctx, c->path()));
  if (is<P::AttributeContext>(rule)) return "the attribute's arguments";
  if (auto* c = dynamic_cast<P::PatternDeclContext*>(rule))
    return fmt::format("the parameters of `pattern {}`", nameOf(ctx, c->name()));
  if (is<P::ConnectionAccessContext>(rule)) return "the access list";
  if (is<P::TypeAtomContext>(rule)) return "the type arguments";
  return "the parenthesis";
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

// Whether an error is already reported in this file: the condition for
// staying quiet about anything, so that a file with a syntax error never
// goes through without one.
bool hasErrorsInFile(SyntaxContext& ctx) {
  const std::vector<Diagnostic>& all = ctx.diags().all();
  return std::any_of(all.begin(), all.end(), [&](const Diagnostic& d) {
    return d.severity == Severity::Error && d.span.file == ctx.id();
  });
}

// Whether a mistake was already reported on the line of `found`: the first
// report of a line is about its cause, later ones mostly about how the
// parser read on after it.
bool lineReported(const SyntaxContext& ctx, antlr4::TokenStream* tokens, antlr4::Token* found) {
  if (found->getType() == antlr4::Token::EOF) return false;
  std::uint32_t line = ctx.linePos(ctx.span(found)).line;
  for (std::size_t index : ctx.reported_tokens)
    if (index < tokens->size() && tokens->get(index)->getType() != antlr4::Token::EOF &&
        ctx.linePos(ctx.span(tokens->get(index))).line == line)
      return true;
  return false;
}

enum class Unclosed { Reported, Quiet, NotThis };

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

// ---- phrasing by context -----------------------------------------------------

struct Phrase {
  std::string want;  // "the target of the connection after `->`"
  std::string here;  // the label where it is missing: "expected the target here"
  std::string help;
};

antlr4::Token* previousToken(antlr4::TokenStream* tokens, antlr4::Token* t) {
  for (std::size_t i = t->getTokenIndex(); i > 0; --i) {
    antlr4::Token* p = tokens->get(i - 1);
    if (p->getChannel() == antlr4::Token::DEFAULT_CHANNEL) return p;
  }
  return nullptr;
}

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
