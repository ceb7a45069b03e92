// Prints the AST as indented lines; expressions as compact S-expressions.
#include "compiler/ast/dump.h"
#include "compiler/support/overloaded.h"

#include <cctype>

#include <fmt/format.h>

namespace arch::ast {
namespace {

using support::Overloaded;

std::string quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default: out += c;
    }
  }
  return out + "\"";
}

std::string numberKindName(NumberKind k) {
  switch (k) {
    case NumberKind::Int: return "int";
    case NumberKind::Float: return "float";
    case NumberKind::Quantity: return "quantity";
    case NumberKind::Percent: return "percent";
    case NumberKind::Money: return "money";
  }
  return "?";
}

std::string stringExpr(const StringLit& s) {
  std::string out = "(string";
  for (const StringPart& p : s.parts)
    out += p.expr ? " ${" + dumpExpr(*p.expr) + "}" : " " + quote(p.text);
  return out + ")";
}

std::string args(const std::vector<Arg>& list) {
  std::string out;
  for (const Arg& a : list) {
    out += ' ';
    if (a.name) out += a.name->text + '=';
    out += dumpExpr(*a.value);
  }
  return out;
}

// An object key as written when it is a name, quoted otherwise.
std::string key(const std::string& text) {
  bool name = !text.empty() && !std::isdigit(static_cast<unsigned char>(text[0]));
  for (char c : text) name &= std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  return name ? text : quote(text);
}

std::string object(const ObjectExpr& o) {
  std::string out = "(object";
  for (const Field& f : o.fields) out += " " + key(f.key.text) + "=" + dumpExpr(*f.value);
  return out + ")";
}

std::string typeExpr(const TypeExpr& t) {
  std::string out;
  for (const TypeAtom& a : t.alternatives) {
    if (!out.empty()) out += " | ";
    out += a.name.text;
    if (!a.args.empty()) {
      out += '<';
      for (std::size_t i = 0; i < a.args.size(); ++i) out += (i ? ", " : "") + typeExpr(a.args[i]);
      out += '>';
    }
  }
  return t.optional ? out + "?" : out;
}

class Dumper {
 public:
  explicit Dumper(const SourceManager& sources) : sources_(sources) {}

  std::string run(const Module& m) {
    line(0, "module", Span{});
    for (const Import& i : m.imports)
      line(1, fmt::format("import {}{}", i.module.str(), i.alias ? " as " + i.alias->text : ""),
           i.span);
    for (const TopDecl& d : m.decls) top(d);
    return out_;
  }

 private:
  void line(int depth, const std::string& text, Span span) {
    out_.append(static_cast<std::size_t>(depth) * 2, ' ');
    out_ += text;
    if (span.valid()) {
      LineCol lc = sources_.file(span.file).lineCol(span.offset);
      fmt::format_to(std::back_inserter(out_), " @{}:{}", lc.line, lc.column);
    }
    out_ += '\n';
  }

  void attributes(int depth, const std::vector<Attribute>& attrs) {
    for (const Attribute& a : attrs) line(depth, "@" + a.name.text + args(a.args), a.span);
  }

  void property(int depth, const PropertyDecl& p, std::string_view what) {
    line(depth, fmt::format("{} {}: {}{}", what, p.name.text, typeExpr(p.type),
                            p.default_value ? " = " + dumpExpr(*p.default_value) : ""),
         p.name.span);
    if (!p.doc.empty()) line(depth + 1, "doc " + quote(p.doc), Span{});
  }

  void top(const TopDecl& d) {
    attributes(1, d.attributes);
    line(1, fmt::format("{} {}{}", topKindKeyword(d.kind), d.name.text, d.parent ? " in " + d.parent->text : ""),
         d.span);
    if (!d.doc.empty()) line(2, "doc " + quote(d.doc), Span{});
    for (const PropertyDecl& p : d.params) property(2, p, "param");
    block(2, d.body);
  }

  void block(int depth, const Block& b) {
    for (const Statement& s : b.statements) statement(depth, s);
  }

  void statement(int depth, const Statement& s) {
    attributes(depth, s.attributes);
    std::visit(Overloaded{
                   [&](const PropertyDecl& p) { property(depth, p, "property"); },
                   [&](const Assignment& a) {
                     line(depth, fmt::format("set {} = {}", a.target.str(), dumpExpr(*a.value)), s.span);
                   },
                   [&](const Declaration& d) {
                     std::string text = "declare " + d.kind.text;
                     if (d.type_tag) text += " " + stringExpr(*d.type_tag);
                     text += " " + d.name.text;
                     if (d.placement) text += " in " + d.placement->str();
                     line(depth, text, s.span);
                     if (!d.doc.empty()) line(depth + 1, "doc " + quote(d.doc), Span{});
                     if (d.body) block(depth + 1, *d.body);
                   },
                   [&](const NestedBlock& n) {
                     line(depth, "block " + n.name.text, s.span);
                     block(depth + 1, n.body);
                   },
                   [&](const Connection& c) {
                     std::string text = fmt::format("connect {} -> {}", c.from.str(), c.to.str());
                     if (c.port) text += " : " + dumpExpr(*c.port);
                     if (c.event) text += " on " + c.event->text;
                     if (!c.access.empty()) {
                       text += " (";
                       for (std::size_t i = 0; i < c.access.size(); ++i)
                         text += (i ? ", " : "") + c.access[i].text;
                       text += ")";
                     }
                     line(depth, text, s.span);
                     if (c.body) block(depth + 1, *c.body);
                   },
                   [&](const Route& r) {
                     line(depth, fmt::format("route {} -> {}", stringExpr(r.spec), r.target.str()), s.span);
                     if (r.body) block(depth + 1, *r.body);
                   },
                   [&](const Override& o) {
                     line(depth, "override " + o.target.str(), s.span);
                     block(depth + 1, o.body);
                   },
               },
               s.node);
  }

  const SourceManager& sources_;
  std::string out_;
};

}  // namespace

std::string dumpExpr(const Expr& e) {
  return std::visit(
      Overloaded{
          [](const ErrorExpr&) -> std::string { return "(error)"; },
          [](const NumberLit& n) -> std::string {
            return "(" + numberKindName(n.kind) + " " + n.digits + (n.unit.empty() ? "" : " " + n.unit) + ")";
          },
          [](const BoolLit& b) -> std::string { return b.value ? "true" : "false"; },
          [](const CidrLit& c) -> std::string { return "(cidr " + c.text + ")"; },
          [](const StringLit& s) { return stringExpr(s); },
          [](const RefExpr& r) { return "(ref " + r.path.str() + ")"; },
          [](const CallExpr& c) { return "(call " + c.callee.str() + args(c.args) + ")"; },
          [](const ListExpr& l) {
            std::string out = "(list";
            for (const ExprPtr& item : l.items) out += " " + dumpExpr(*item);
            return out + ")";
          },
          [](const ObjectExpr& o) { return object(o); },
          [](const TaggedExpr& t) { return "(tagged " + t.tag.str() + " " + object(t.body) + ")"; },
          [](const RangeExpr& r) { return "(range " + dumpExpr(*r.low) + " " + dumpExpr(*r.high) + ")"; },
          [](const BinaryExpr& b) {
            static constexpr const char* kOps[] = {"+", "-", "*", "/"};
            return std::string("(") + kOps[static_cast<int>(b.op)] + " " + dumpExpr(*b.lhs) + " " +
                   dumpExpr(*b.rhs) + ")";
          },
      },
      e.node);
}

std::string dump(const Module& module, const SourceManager& sources) {
  return Dumper(sources).run(module);
}

}  // namespace arch::ast
