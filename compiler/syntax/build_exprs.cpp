// AST building for expressions, strings and literals. Checks that need only
// the literal itself (integer range, CIDR form, string escapes) are made
// here; units and types are the checker's business.
#include <ArchLexer.h>

#include <charconv>

#include <fmt/format.h>

#include "compiler/syntax/builder.h"

namespace arch::syntax {
namespace {

// Operators chained in one expression; beyond this the AST would be deep
// enough to threaten the stack of every later phase.
constexpr std::size_t kMaxOperatorChain = 256;

std::optional<char> decodeEscape(char c) {
  switch (c) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case '"': return '"';
    case '\\': return '\\';
    case '$': return '$';
    default: return std::nullopt;
  }
}

}  // namespace

ast::Name Builder::name(P::NameContext* c) {
  if (!c || !c->getStart()) return {};
  return ast::Name{std::string(ctx_.text(c->getStart())), ctx_.span(c->getStart())};
}

ast::Path Builder::path(P::PathContext* c) {
  ast::Path p;
  if (!c) return p;
  p.span = ctx_.span(c);
  for (P::NameContext* n : c->name()) p.parts.push_back(name(n));
  return p;
}

ast::ExprPtr Builder::expr(P::ExprContext* c) {
  if (!c) return make(Span{}, ast::ErrorExpr{});
  std::vector<P::AdditiveContext*> sides = c->additive();
  if (sides.size() == 2) return make(ctx_.span(c), ast::RangeExpr{additive(sides[0]), additive(sides[1])});
  return additive(sides.empty() ? nullptr : sides[0]);
}

// Left-recursive rules make left-deep trees; walk the spine iteratively so
// a long `a + b + c ...` costs no recursion here.
ast::ExprPtr Builder::additive(P::AdditiveContext* c) {
  std::vector<P::AdditiveContext*> spine;
  for (P::AdditiveContext* a = c; a && a->op; a = a->additive()) spine.push_back(a);
  if (spine.size() > kMaxOperatorChain) {
    ctx_.diags().report(DiagKind::ExpressionTooLong, ctx_.span(c), kMaxOperatorChain);
    return make(ctx_.span(c), ast::ErrorExpr{});
  }
  P::AdditiveContext* leftmost = spine.empty() ? c : spine.back()->additive();
  ast::ExprPtr result = multiplicative(leftmost ? leftmost->multiplicative() : nullptr);
  for (auto it = spine.rbegin(); it != spine.rend(); ++it) {
    ast::BinaryOp op = (*it)->op->getType() == P::PLUS ? ast::BinaryOp::Add : ast::BinaryOp::Sub;
    result = make(ctx_.span(*it), ast::BinaryExpr{op, std::move(result), multiplicative((*it)->multiplicative())});
  }
  return result;
}

ast::ExprPtr Builder::multiplicative(P::MultiplicativeContext* c) {
  std::vector<P::MultiplicativeContext*> spine;
  for (P::MultiplicativeContext* m = c; m && m->op; m = m->multiplicative()) spine.push_back(m);
  if (spine.size() > kMaxOperatorChain) {
    ctx_.diags().report(DiagKind::ExpressionTooLong, ctx_.span(c), kMaxOperatorChain);
    return make(ctx_.span(c), ast::ErrorExpr{});
  }
  P::MultiplicativeContext* leftmost = spine.empty() ? c : spine.back()->multiplicative();
  ast::ExprPtr result = primary(leftmost ? leftmost->primary() : nullptr);
  for (auto it = spine.rbegin(); it != spine.rend(); ++it) {
    ast::BinaryOp op = (*it)->op->getType() == P::STAR ? ast::BinaryOp::Mul : ast::BinaryOp::Div;
    result = make(ctx_.span(*it), ast::BinaryExpr{op, std::move(result), primary((*it)->primary())});
  }
  return result;
}

ast::ExprPtr Builder::primary(P::PrimaryContext* c) {
  if (!c) return make(Span{}, ast::ErrorExpr{});
  Span span = ctx_.span(c);
  if (auto* n = dynamic_cast<P::NumberExprContext*>(c)) return number(n);
  if (auto* k = dynamic_cast<P::CidrExprContext*>(c)) return cidr(k->CIDR()->getSymbol());
  if (auto* b = dynamic_cast<P::BoolExprContext*>(c)) return make(span, ast::BoolLit{b->KW_TRUE() != nullptr});
  if (auto* s = dynamic_cast<P::StringExprContext*>(c)) return make(span, string(s->stringLit()));
  if (auto* call = dynamic_cast<P::CallExprContext*>(c)) {
    ast::CallExpr e{path(call->path()), {}};
    if (call->argList()) e.args = args(call->argList());
    return make(span, std::move(e));
  }
  if (auto* t = dynamic_cast<P::TaggedExprContext*>(c))
    return make(span, ast::TaggedExpr{path(t->path()), object(t->objectLit())});
  if (auto* r = dynamic_cast<P::RefExprContext*>(c)) return make(span, ast::RefExpr{path(r->path())});
  if (auto* l = dynamic_cast<P::ListExprContext*>(c)) {
    ast::ListExpr list;
    for (P::ExprContext* item : l->expr()) list.items.push_back(expr(item));
    return make(span, std::move(list));
  }
  if (auto* o = dynamic_cast<P::ObjectExprContext*>(c)) return make(span, object(o->objectLit()));
  if (auto* p = dynamic_cast<P::ParenExprContext*>(c)) {
    ast::ExprPtr inner = expr(p->expr());
    inner->span = span;  // the parentheses belong to the expression's extent
    return inner;
  }
  return make(span, ast::ErrorExpr{});
}

ast::ExprPtr Builder::number(P::NumberExprContext* c) {
  Span span = ctx_.span(c);
  antlr4::Token* t = c->getStop();
  std::string_view text = ctx_.text(t);
  std::string sign = c->MINUS() ? "-" : "";
  ast::NumberLit n;
  switch (t->getType()) {
    case P::INT: {
      n.kind = ast::NumberKind::Int;
      std::int64_t value = 0;
      std::string digits = sign + std::string(text);
      auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
      if (ec != std::errc() || ptr != digits.data() + digits.size()) {
        ctx_.diags()
            .report(DiagKind::IntegerTooLarge, span, digits)
            .addNote("integers are 64-bit: from -9223372036854775808 to 9223372036854775807");
        return make(span, ast::ErrorExpr{});
      }
      n.digits = std::move(digits);
      break;
    }
    case P::FLOAT: n.kind = ast::NumberKind::Float; n.digits = sign + std::string(text); break;
    case P::PERCENT:
      n.kind = ast::NumberKind::Percent;
      n.digits = sign + std::string(text.substr(0, text.size() - 1));
      break;
    case P::MONEY: n.kind = ast::NumberKind::Money; n.digits = sign + std::string(text.substr(1)); break;
    default: {  // QUANTITY: the number, then the unit as written
      n.kind = ast::NumberKind::Quantity;
      std::size_t i = 0;
      while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
      n.digits = sign + std::string(text.substr(0, i));
      n.unit = std::string(text.substr(i));
    }
  }
  return make(span, std::move(n));
}

ast::ExprPtr Builder::cidr(antlr4::Token* token) {
  Span span = ctx_.span(token);
  std::string_view text = ctx_.text(token);
  std::uint32_t octets[4] = {};
  std::uint32_t prefix = 0;
  const char* p = text.data();
  const char* end = text.data() + text.size();
  std::string problem;
  for (int i = 0; i < 4 && problem.empty(); ++i) {
    auto [next, ec] = std::from_chars(p, end, octets[i]);
    if (ec != std::errc() || octets[i] > 255) problem = fmt::format("octet {} is greater than 255", i + 1);
    p = next + 1;  // past '.' or '/'
  }
  if (problem.empty()) {
    auto [next, ec] = std::from_chars(p, end, prefix);
    if (ec != std::errc() || next != end || prefix > 32) problem = "the prefix length must be 0 to 32";
  }
  if (problem.empty()) {
    std::uint32_t address = octets[0] << 24 | octets[1] << 16 | octets[2] << 8 | octets[3];
    std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
    if (address & ~mask) {
      std::uint32_t net = address & mask;
      ctx_.diags()
          .report(DiagKind::InvalidCidr, span, text, "host bits are set")
          .addHelp(fmt::format("the network address is `{}.{}.{}.{}/{}`", net >> 24, (net >> 16) & 255,
                               (net >> 8) & 255, net & 255, prefix));
      return make(span, ast::ErrorExpr{});
    }
  } else {
    ctx_.diags().report(DiagKind::InvalidCidr, span, text, problem);
    return make(span, ast::ErrorExpr{});
  }
  return make(span, ast::CidrLit{std::string(text)});
}

ast::ObjectExpr Builder::object(P::ObjectLitContext* c) {
  ast::ObjectExpr o;
  if (!c) return o;
  for (P::ObjectFieldContext* f : c->objectField()) {
    ast::Field field;
    if (f->name()) {
      field.key = name(f->name());
    } else {
      ast::StringLit key = string(f->stringLit());
      field.key = ast::Name{key.plainText(), key.span};
    }
    field.value = expr(f->expr());
    field.span = ctx_.span(f);
    o.fields.push_back(std::move(field));
  }
  return o;
}

std::vector<ast::Arg> Builder::args(P::ArgListContext* c) {
  std::vector<ast::Arg> out;
  if (!c) return out;
  for (P::ArgContext* a : c->arg()) {
    ast::Arg arg;
    if (a->name()) arg.name = name(a->name());
    arg.value = expr(a->expr());
    arg.span = ctx_.span(a);
    out.push_back(std::move(arg));
  }
  return out;
}

ast::StringLit Builder::string(P::StringLitContext* c) {
  ast::StringLit s;
  if (!c) return s;
  s.span = ctx_.span(c);
  auto appendText = [&](std::string_view text, Span span) {
    if (!s.parts.empty() && !s.parts.back().expr) {
      s.parts.back().text += text;
      s.parts.back().span = Span::cover(s.parts.back().span, span);
    } else {
      s.parts.push_back(ast::StringPart{std::string(text), nullptr, span});
    }
  };
  for (P::StringPartContext* part : c->stringPart()) {
    antlr4::Token* t = part->getStart();
    Span span = ctx_.span(part);
    switch (t->getType()) {
      case P::STRING_ESCAPE: {
        std::string_view text = ctx_.text(t);
        if (std::optional<char> ch = decodeEscape(text[1])) {
          appendText(std::string_view(&*ch, 1), span);
        } else {
          ctx_.diags()
              .report(DiagKind::InvalidEscape, span, text)
              .addHelp("the escapes are \\n \\t \\r \\\" \\\\ and \\$; write \\\\ for a backslash");
        }
        break;
      }
      case P::INTERP_OPEN:
        s.parts.push_back(ast::StringPart{{}, expr(part->expr()), span});
        break;
      default: appendText(ctx_.text(t), span);
    }
  }
  // A STRING_NEWLINE end was reported by the pre-scan as unterminated.
  return s;
}

}  // namespace arch::syntax
