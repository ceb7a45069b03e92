// How the error strategy names things in its messages: the token found
// ("keyword `kind`", "end of file"), the expected set summarised ("a
// statement or `}`" rather than twenty token names), and the construct
// around a mistake ("`architecture shop`", "the arguments of `f`"), as
// written in the file.
#include <algorithm>
#include <string_view>

#include <fmt/format.h>

#include "compiler/syntax/error_strategy_internal.h"

namespace arch::syntax::errors {
namespace {

std::string joinOr(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " or " : ", ";
    out += items[i];
  }
  return out;
}

std::string pathOf(const SyntaxContext& ctx, P::PathContext* p) {
  if (!p) return "?";
  std::string out;
  for (P::NameContext* n : p->name()) out += (out.empty() ? "" : ".") + nameOf(ctx, n);
  return out.empty() ? "?" : out;
}

// How the owner of a `{ ... }` block is named in messages.
std::string blockOwner(const SyntaxContext& ctx, antlr4::tree::ParseTree* owner) {
  if (std::string words = headerWords(ctx, owner); !words.empty()) return fmt::format("`{}`", words);
  if (is<P::ConnectionStmtContext>(owner)) return "the connection";
  return "the block";
}

}  // namespace

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

std::string nameOf(const SyntaxContext& ctx, P::NameContext* n) {
  return n && n->getStart() && !conjured(n->getStart()) ? std::string(ctx.text(n->getStart())) : "?";
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

}  // namespace arch::syntax::errors
