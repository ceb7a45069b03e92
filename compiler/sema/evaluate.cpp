// Expression evaluation against the type a property expects: literals,
// references, enums, lists and maps, arithmetic on quantities.
#include "compiler/sema/evaluate.h"
#include "compiler/support/overloaded.h"

#include <algorithm>

#include <fmt/format.h>

#include "compiler/sema/literals.h"
#include "compiler/support/suggest.h"

namespace arch::sema {
namespace {

using support::Overloaded;

__extension__ typedef __int128 Int128;  // exact products of 64-bit values
constexpr Int128 kMaxValue = INT64_MAX;

class Evaluator {
 public:
  Evaluator(const Scope& scope, Diagnostics& diags) : scope_(scope), diags_(diags) {}

  Value eval(const ast::Expr& e, const Type& t) {
    if (std::holds_alternative<ast::ErrorExpr>(e.node)) return {};
    if (const auto* r = std::get_if<ast::RefExpr>(&e.node); r && r->path.parts.size() == 1)
      if (const Value* bound = scope_.binding(r->path.parts[0].text)) return fromBinding(*bound, e, t);
    if (const auto* b = std::get_if<ast::BinaryExpr>(&e.node)) return arithmetic(*b, e, t);
    switch (t.kind) {
      case TypeKind::String: return string(e);
      case TypeKind::Int: return integer(e, TypeKind::Int);
      case TypeKind::Port: return port(e);
      case TypeKind::Float: return real(e);
      case TypeKind::Bool: return boolean(e);
      case TypeKind::Duration:
      case TypeKind::Size: return quantity(e, t);
      case TypeKind::Money: return scaled(e, t, ast::NumberKind::Money, 100, "cents");
      case TypeKind::Percent: return scaled(e, t, ast::NumberKind::Percent, 100, "hundredths of a percent");
      case TypeKind::Cidr: return cidr(e);
      case TypeKind::Range: return range(e, t);
      case TypeKind::List: return list(e, t);
      case TypeKind::Map: return map(e, t);
      case TypeKind::Group: return group(e, t);
      case TypeKind::Enum: return enumeration(e, t);
      case TypeKind::Ref: return reference(e, t);
      case TypeKind::Union: {
        if (const Type* alt = pick(e, t)) return eval(e, *alt);
        return mismatch(e, t);
      }
      case TypeKind::Any: return loose(e);
    }
    return {};
  }

  Value mismatch(const ast::Expr& e, const Type& t) {
    Diagnostic& d = diags_.report(DiagKind::TypeMismatch, e.span, t.describe(), describeFound(e));
    const auto* n = std::get_if<ast::NumberLit>(&e.node);
    if ((t.kind == TypeKind::Duration || t.kind == TypeKind::Size) && n && n->kind == ast::NumberKind::Int)
      d.addHelp(fmt::format("add a unit: `{}{}`", n->digits, t.kind == TypeKind::Duration ? "s" : "MB"));
    else if (t.kind == TypeKind::Enum && std::holds_alternative<ast::StringLit>(e.node))
      d.addHelp("enum values are names: write them without quotes");
    else if (t.kind == TypeKind::Bool || t.kind == TypeKind::Enum)
      d.addHelp(fmt::format("write {}", t.describe()));
    else
      d.addHelp(fmt::format("write {}, for example `{}`", t.describe(), exampleOf(t)));
    return {};
  }

 private:
  static bool compatible(TypeKind have, const Type& want) {
    if (have == want.kind) return true;
    if (want.kind == TypeKind::Union)
      return std::any_of(want.alts.begin(), want.alts.end(), [&](const Type& a) { return compatible(have, a); });
    if (want.kind == TypeKind::Float && have == TypeKind::Int) return true;
    if (want.kind == TypeKind::Port && have == TypeKind::Int) return true;
    if (want.kind == TypeKind::Int && have == TypeKind::Port) return true;
    return want.kind == TypeKind::Any;
  }

  // The alternative of a union that the expression's form selects.
  static const Type* pick(const ast::Expr& e, const Type& u) {
    auto is = [&](std::initializer_list<TypeKind> kinds) -> const Type* {
      for (TypeKind k : kinds)
        for (const Type& a : u.alts)
          if (a.kind == k) return &a;
      return nullptr;
    };
    auto member = [&](const ast::Path& p) -> const Type* {
      for (const Type& a : u.alts)
        if (a.kind == TypeKind::Enum && p.parts.size() == 1 &&
            std::find(a.names.begin(), a.names.end(), p.parts[0].text) != a.names.end())
          return &a;
      return nullptr;
    };
    return std::visit(
        Overloaded{
            [&](const ast::NumberLit& n) -> const Type* {
              switch (n.kind) {
                case ast::NumberKind::Int: return is({TypeKind::Int, TypeKind::Port, TypeKind::Float});
                case ast::NumberKind::Float: return is({TypeKind::Float});
                case ast::NumberKind::Percent: return is({TypeKind::Percent});
                case ast::NumberKind::Money: return is({TypeKind::Money});
                case ast::NumberKind::Quantity:
                  if (durationUnit(n.unit)) return is({TypeKind::Duration});
                  if (sizeUnit(n.unit)) return is({TypeKind::Size});
                  return is({TypeKind::Duration, TypeKind::Size});
              }
              return nullptr;
            },
            [&](const ast::BoolLit&) { return is({TypeKind::Bool}); },
            [&](const ast::StringLit&) { return is({TypeKind::String}); },
            [&](const ast::CallExpr&) { return is({TypeKind::String}); },
            [&](const ast::CidrLit&) { return is({TypeKind::Cidr}); },
            [&](const ast::RangeExpr&) { return is({TypeKind::Range}); },
            [&](const ast::ListExpr&) { return is({TypeKind::List}); },
            [&](const ast::ObjectExpr&) { return is({TypeKind::Group, TypeKind::Map}); },
            [&](const ast::TaggedExpr&) { return is({TypeKind::Enum}); },
            [&](const ast::RefExpr& r) -> const Type* {
              if (const Type* m = member(r.path)) return m;
              return is({TypeKind::Ref, TypeKind::Enum});
            },
            [&](const ast::BinaryExpr&) {
              return is({TypeKind::Int, TypeKind::Duration, TypeKind::Size, TypeKind::Money, TypeKind::Percent});
            },
            [&](const ast::ErrorExpr&) -> const Type* { return nullptr; },
        },
        e.node);
  }

  Value fromBinding(const Value& bound, const ast::Expr& e, const Type& t) {
    if (!bound.ok()) {
      Value none;
      none.absent = bound.absent;  // an unset optional parameter stays "not written"
      return none;
    }
    if (!compatible(bound.kind, t)) {
      diags_.report(DiagKind::TypeMismatch, e.span, t.describe(),
                    fmt::format("parameter `{}` holding `{}`", exprText(e), bound.str()));
      return {};
    }
    if (t.kind == TypeKind::Enum && std::find(t.names.begin(), t.names.end(), bound.text) == t.names.end()) {
      diags_.report(DiagKind::UnknownEnumValue, e.span, bound.text, t.describe());
      return {};
    }
    Value v = bound;
    if (t.kind == TypeKind::Float && v.kind == TypeKind::Int) v.real = static_cast<double>(v.number);
    if (t.kind != TypeKind::Any && t.kind != TypeKind::Union) v.kind = t.kind;
    // Keep the argument's span: a check on this value should point at what
    // the user wrote, not at the pattern's use of the parameter.
    if (!v.span.valid()) v.span = e.span;
    return v;
  }

  Value make(TypeKind k, Span span) {
    Value v;
    v.kind = k;
    v.span = span;
    return v;
  }

  Value string(const ast::Expr& e) {
    if (const auto* call = std::get_if<ast::CallExpr>(&e.node)) return call_(*call, e);
    const auto* s = std::get_if<ast::StringLit>(&e.node);
    if (!s) return mismatch(e, Type::of(TypeKind::String));
    Value v = make(TypeKind::String, e.span);
    for (const ast::StringPart& part : s->parts) {
      if (!part.expr) {
        v.text += part.text;
        continue;
      }
      if (!interpolate(*part.expr, v)) return {};
    }
    return v;
  }

  // One `${...}`: a parameter, a deployment setting or a deploy-time input.
  bool interpolate(const ast::Expr& e, Value& into) {
    if (const auto* r = std::get_if<ast::RefExpr>(&e.node); r && r->path.parts.size() == 1) {
      const std::string& name = r->path.parts[0].text;
      if (const Value* bound = scope_.binding(name)) {
        if (!bound->ok()) return false;
        switch (bound->kind) {
          case TypeKind::List: case TypeKind::Map: case TypeKind::Group: case TypeKind::Ref:
            diags_.report(DiagKind::NotPrintable, e.span, Type::of(bound->kind).describe())
                .addHelp("interpolate strings, numbers, quantities and enum values");
            return false;
          case TypeKind::String: into.text += bound->text; into.deferred |= bound->deferred; return true;
          default: into.text += bound->str(); return true;
        }
      }
      if (const GroupSpec* settings = scope_.settings(); settings && settings->find(name)) {
        into.text += "${" + name + "}";
        into.deferred = true;
        return true;
      }
      Diagnostic& d = diags_.report(DiagKind::UndefinedName, e.span, name);
      if (const GroupSpec* settings = scope_.settings())
        d.addNote(fmt::format("a string may interpolate pattern parameters and deployment settings ({})",
                              fmt::join(settings->names(), ", ")));
      return false;
    }
    if (const auto* call = std::get_if<ast::CallExpr>(&e.node)) {
      Value v = call_(*call, e);
      if (!v.ok()) return false;
      into.text += v.text;
      into.deferred = true;
      return true;
    }
    Value v = loose(e);
    if (!v.ok()) return false;
    if (v.kind == TypeKind::List || v.kind == TypeKind::Map || v.kind == TypeKind::Group) {
      diags_.report(DiagKind::NotPrintable, e.span, Type::of(v.kind).describe());
      return false;
    }
    into.text += v.kind == TypeKind::String ? v.text : v.str();
    into.deferred |= v.deferred;
    return true;
  }

  // `param("Name")`: a value given when the template is deployed.
  Value call_(const ast::CallExpr& call, const ast::Expr& e) {
    if (call.callee.str() != "param") {
      diags_.report(DiagKind::UnknownFunction, call.callee.span, call.callee.str())
          .addHelp("the only function is `param(\"Name\")`, a value given at deploy time");
      return {};
    }
    const ast::StringLit* name = call.args.size() == 1 && !call.args[0].name
                                     ? std::get_if<ast::StringLit>(&call.args[0].value->node) : nullptr;
    if (!name || !name->isPlain() || name->plainText().empty()) {
      diags_.report(DiagKind::TypeMismatch, e.span, "`param(\"Name\")` with one plain string", describeFound(e));
      return {};
    }
    Value v = make(TypeKind::String, e.span);
    v.text = "${param:" + name->plainText() + "}";
    v.deferred = true;
    return v;
  }

  const ast::NumberLit* number(const ast::Expr& e, ast::NumberKind kind) {
    const auto* n = std::get_if<ast::NumberLit>(&e.node);
    return n && n->kind == kind ? n : nullptr;
  }

  Value integer(const ast::Expr& e, TypeKind as) {
    const ast::NumberLit* n = number(e, ast::NumberKind::Int);
    if (!n) return mismatch(e, Type::of(as));
    Value v = make(as, e.span);
    v.number = std::stoll(n->digits);  // the builder checked the range
    return v;
  }

  Value port(const ast::Expr& e) {
    Value v = integer(e, TypeKind::Port);
    if (v.ok() && (v.number < 1 || v.number > 65535)) {
      diags_.report(DiagKind::OutOfRange, e.span, fmt::format("port {}", v.number), "from 1 to 65535");
      return {};
    }
    return v;
  }

  Value real(const ast::Expr& e) {
    const auto* n = std::get_if<ast::NumberLit>(&e.node);
    if (!n || (n->kind != ast::NumberKind::Int && n->kind != ast::NumberKind::Float))
      return mismatch(e, Type::of(TypeKind::Float));
    Value v = make(TypeKind::Float, e.span);
    v.real = std::stod(n->digits);
    return v;
  }

  Value boolean(const ast::Expr& e) {
    const auto* b = std::get_if<ast::BoolLit>(&e.node);
    if (!b) return mismatch(e, Type::of(TypeKind::Bool));
    Value v = make(TypeKind::Bool, e.span);
    v.flag = b->value;
    return v;
  }

  Value quantity(const ast::Expr& e, const Type& t) {
    const ast::NumberLit* n = number(e, ast::NumberKind::Quantity);
    if (!n) return mismatch(e, t);
    bool duration = t.kind == TypeKind::Duration;
    std::int64_t factor = duration ? durationUnit(n->unit) : sizeUnit(n->unit);
    if (factor == 0) {
      if (duration ? sizeUnit(n->unit) : durationUnit(n->unit)) return mismatch(e, t);
      std::vector<std::string> units = duration ? std::vector<std::string>{"ms", "s", "min", "h", "d"}
                                                : std::vector<std::string>{"B", "KB", "MB", "GB", "TB"};
      Diagnostic& d = diags_.report(DiagKind::UnknownUnit, e.span, n->unit, t.describe());
      if (std::string_view best = unitFor(n->unit, duration); !best.empty())
        d.addHelp(fmt::format("did you mean `{}{}`?", n->digits, best));
      d.addNote(fmt::format("{} units: {}", duration ? "duration" : "size", fmt::join(units, ", ")));
      return {};
    }
    return scaledFrom(e, n->digits, factor, t.kind, duration ? "milliseconds" : "bytes");
  }

  Value scaled(const ast::Expr& e, const Type& t, ast::NumberKind kind, std::int64_t factor, std::string_view unit) {
    const ast::NumberLit* n = number(e, kind);
    if (!n) return mismatch(e, t);
    return scaledFrom(e, n->digits, factor, t.kind, unit);
  }

  Value scaledFrom(const ast::Expr& e, std::string_view digits, std::int64_t factor, TypeKind kind,
                   std::string_view unit) {
    Value v = make(kind, e.span);
    bool inexact = false;
    if (!scaleDecimal(digits, factor, v.number, inexact)) {
      diags_.report(DiagKind::ValueOverflow, e.span, exprText(e));
      return {};
    }
    if (inexact) {
      diags_.report(DiagKind::InexactQuantity, e.span, exprText(e), unit);
      return {};
    }
    return v;
  }

  Value cidr(const ast::Expr& e) {
    const auto* c = std::get_if<ast::CidrLit>(&e.node);
    if (!c) return mismatch(e, Type::of(TypeKind::Cidr));
    Value v = make(TypeKind::Cidr, e.span);
    v.text = c->text;
    unsigned a = 0, b = 0, cc = 0, d = 0, prefix = 0;
    std::sscanf(c->text.c_str(), "%u.%u.%u.%u/%u", &a, &b, &cc, &d, &prefix);
    v.number = static_cast<std::int64_t>((a << 24) | (b << 16) | (cc << 8) | d);
    v.number2 = prefix;
    return v;
  }

  Value range(const ast::Expr& e, const Type& t) {
    Type element = t.args.empty() ? Type::of(TypeKind::Int) : t.args[0];
    Value v = make(TypeKind::Range, e.span);
    if (const auto* r = std::get_if<ast::RangeExpr>(&e.node)) {
      Value low = eval(*r->low, element), high = eval(*r->high, element);
      if (!low.ok() || !high.ok()) return {};
      if (low.number > high.number) {
        diags_.report(DiagKind::EmptyRange, e.span, low.str() + ".." + high.str())
            .addHelp(fmt::format("write `{}..{}`", high.str(), low.str()));
        return {};
      }
      v.number = low.number;
      v.number2 = high.number;
      v.text = low.str() + ".." + high.str();
      v.items = {std::move(low), std::move(high)};
      return v;
    }
    // A single value is the range holding only it.
    Value only = eval(e, element);
    if (!only.ok()) return {};
    v.number = v.number2 = only.number;
    v.text = only.str();
    v.items = {only, only};
    return v;
  }

  Value list(const ast::Expr& e, const Type& t) {
    const auto* l = std::get_if<ast::ListExpr>(&e.node);
    if (!l) return mismatch(e, t);
    Type element = t.args.empty() ? Type{} : t.args[0];
    Value v = make(TypeKind::List, e.span);
    bool ok = true;
    for (const ast::ExprPtr& item : l->items) {
      Value iv = eval(*item, element);
      ok &= iv.ok();
      v.items.push_back(std::move(iv));
    }
    return ok ? v : Value{};
  }

  Value map(const ast::Expr& e, const Type& t) {
    const auto* o = std::get_if<ast::ObjectExpr>(&e.node);
    if (!o) return mismatch(e, t);
    Type element = t.args.empty() ? Type{} : t.args[0];
    Value v = make(TypeKind::Map, e.span);
    bool ok = true;
    std::vector<const ast::Name*> keys;
    for (const ast::Field& f : o->fields) {
      auto previous = std::find_if(keys.begin(), keys.end(), [&](const ast::Name* k) { return k->text == f.key.text; });
      if (previous != keys.end()) {
        diags_.report(DiagKind::DuplicateProperty, f.key.span, f.key.text).addLabel((*previous)->span, "first set here");
        ok = false;
        continue;
      }
      keys.push_back(&f.key);
      Value fv = eval(*f.value, element);
      ok &= fv.ok();
      v.fields.emplace_back(f.key.text, std::move(fv));
    }
    return ok ? v : Value{};
  }

  Value group(const ast::Expr& e, const Type& t) {
    const auto* o = std::get_if<ast::ObjectExpr>(&e.node);
    if (!o || !t.group) return mismatch(e, t);
    std::vector<FieldInput> inputs;
    for (const ast::Field& f : o->fields) inputs.push_back({&f.key, f.value.get(), nullptr});
    return evaluateGroup(*t.group, inputs, e.span, fmt::format("`{}`", t.group->name), scope_, diags_);
  }

  Value enumeration(const ast::Expr& e, const Type& t) {
    const ast::Path* name = nullptr;
    const ast::ObjectExpr* body = nullptr;
    if (const auto* r = std::get_if<ast::RefExpr>(&e.node)) name = &r->path;
    if (const auto* tagged = std::get_if<ast::TaggedExpr>(&e.node)) {
      name = &tagged->tag;
      body = &tagged->body;
    }
    if (!name || name->parts.size() != 1) return mismatch(e, t);
    const std::string& member = name->parts[0].text;
    auto it = std::find(t.names.begin(), t.names.end(), member);
    if (it == t.names.end()) {
      Diagnostic& d = diags_.report(DiagKind::UnknownEnumValue, name->span, member, t.describe());
      if (auto best = support::closest(member, t.names)) d.addHelp(fmt::format("did you mean `{}`?", *best));
      return {};
    }
    Value v = make(TypeKind::Enum, e.span);
    v.text = member;
    const GroupSpec* fields = t.variants.empty() ? nullptr : t.variants[static_cast<std::size_t>(it - t.names.begin())];
    if (body && !fields) {
      diags_.report(DiagKind::QualifierNotAllowed, e.span, fmt::format("settings: `{}` takes none", member));
      return {};
    }
    if (fields) {
      std::vector<FieldInput> inputs;
      if (body)
        for (const ast::Field& f : body->fields) inputs.push_back({&f.key, f.value.get(), nullptr});
      Value g = evaluateGroup(*fields, inputs, e.span, fmt::format("`{}`", member), scope_, diags_);
      if (!g.ok()) return {};
      v.fields = std::move(g.fields);
    }
    return v;
  }

  Value reference(const ast::Expr& e, const Type& t) {
    const auto* r = std::get_if<ast::RefExpr>(&e.node);
    if (!r) return mismatch(e, t);
    auto top = [](const std::string& k) { return k == "architecture" || k == "deployment" || k == "pipeline"; };
    if (!t.names.empty() && std::all_of(t.names.begin(), t.names.end(), top)) return topLevel(*r, e, t);
    std::optional<ComponentId> id = scope_.component(r->path, diags_);
    if (!id) return {};
    std::string_view kind = scope_.kindOf(*id);
    if (!t.names.empty() && std::find(t.names.begin(), t.names.end(), kind) == t.names.end()) {
      diags_.report(DiagKind::TypeMismatch, e.span, t.describe(), fmt::format("`{}`, a `{}`", r->path.str(), kind));
      return {};
    }
    Value v = make(TypeKind::Ref, e.span);
    v.ref = *id;
    v.text = scope_.nameOf(*id);
    return v;
  }

  Value topLevel(const ast::RefExpr& r, const ast::Expr& e, const Type& t) {
    const std::string name = r.path.str();
    for (const std::string& kind : t.names) {
      if (!scope_.declares(kind, name)) continue;
      Value v = make(TypeKind::Ref, e.span);
      v.ref = kTopLevelRef;
      v.text = name;
      return v;
    }
    Diagnostic& d = diags_.report(DiagKind::UndefinedName, e.span, name);
    d.addNote(fmt::format("expected the name of {}", t.describe()));
    for (const std::string& kind : t.names)
      if (auto best = support::closest(name, scope_.declared(kind))) d.addHelp(fmt::format("did you mean `{}`?", *best));
    return {};
  }

  // A value by its literal form, where no type is expected (attribute
  // arguments, interpolations).
  Value loose(const ast::Expr& e) {
    if (const auto* n = std::get_if<ast::NumberLit>(&e.node)) {
      switch (n->kind) {
        case ast::NumberKind::Int: return integer(e, TypeKind::Int);
        case ast::NumberKind::Float: return real(e);
        case ast::NumberKind::Money: return eval(e, Type::of(TypeKind::Money));
        case ast::NumberKind::Percent: return eval(e, Type::of(TypeKind::Percent));
        case ast::NumberKind::Quantity:
          return eval(e, Type::of(sizeUnit(n->unit) ? TypeKind::Size : TypeKind::Duration));
      }
    }
    if (std::holds_alternative<ast::StringLit>(e.node) || std::holds_alternative<ast::CallExpr>(e.node))
      return string(e);
    if (std::holds_alternative<ast::BoolLit>(e.node)) return boolean(e);
    if (std::holds_alternative<ast::CidrLit>(e.node)) return cidr(e);
    if (const auto* r = std::get_if<ast::RefExpr>(&e.node)) {  // a bare name: its text
      Value v = make(TypeKind::Enum, e.span);
      v.text = r->path.str();
      return v;
    }
    if (std::holds_alternative<ast::ListExpr>(e.node)) return list(e, Type::of(TypeKind::List));
    if (std::holds_alternative<ast::ObjectExpr>(e.node)) return map(e, Type::of(TypeKind::Map));
    return mismatch(e, Type::of(TypeKind::String));
  }

  Value arithmetic(const ast::BinaryExpr& b, const ast::Expr& e, const Type& t) {
    bool additive = b.op == ast::BinaryOp::Add || b.op == ast::BinaryOp::Sub;
    bool numeric = t.kind == TypeKind::Int || t.kind == TypeKind::Duration || t.kind == TypeKind::Size ||
                   t.kind == TypeKind::Money || t.kind == TypeKind::Percent || t.kind == TypeKind::Port;
    if (!numeric) {
      diags_.report(DiagKind::TypeMismatch, e.span, t.describe(), "an arithmetic expression")
          .addHelp("arithmetic works on integers, durations, sizes, money and percentages");
      return {};
    }
    Type scalar = Type::of(TypeKind::Int);
    // `2 * 512MB` and `512MB * 2` alike: the plain integer is the factor.
    auto isPlainInt = [](const ast::Expr& x) {
      const auto* n = std::get_if<ast::NumberLit>(&x.node);
      return n && n->kind == ast::NumberKind::Int;
    };
    auto isIntParam = [&](const ast::Expr& x) {
      const auto* r = std::get_if<ast::RefExpr>(&x.node);
      const Value* bound = r && r->path.parts.size() == 1 ? scope_.binding(r->path.parts[0].text) : nullptr;
      return bound && bound->kind == TypeKind::Int;
    };
    auto isScalar = [&](const ast::Expr& x) { return isPlainInt(x) || isIntParam(x); };
    bool swapped = b.op == ast::BinaryOp::Mul && t.kind != TypeKind::Int && isScalar(*b.lhs) && !isScalar(*b.rhs);
    Value lhs = eval(swapped ? *b.rhs : *b.lhs, t);
    Value rhs = eval(swapped ? *b.lhs : *b.rhs, additive ? t : scalar);
    if (!lhs.ok() || !rhs.ok()) return {};
    Int128 result = 0;
    switch (b.op) {
      case ast::BinaryOp::Add: result = Int128{lhs.number} + rhs.number; break;
      case ast::BinaryOp::Sub: result = Int128{lhs.number} - rhs.number; break;
      case ast::BinaryOp::Mul: result = Int128{lhs.number} * rhs.number; break;
      case ast::BinaryOp::Div:
        if (rhs.number == 0) {
          diags_.report(DiagKind::InvalidOperands, e.span, "/", lhs.str(), "zero").addHelp("divide by a non-zero integer");
          return {};
        }
        if (lhs.number % rhs.number != 0) {
          diags_.report(DiagKind::InexactQuantity, e.span, fmt::format("{} / {}", lhs.str(), rhs.str()),
                        t.kind == TypeKind::Int ? "units" : "its base unit");
          return {};
        }
        result = Int128{lhs.number} / rhs.number;
        break;
    }
    if (result > kMaxValue || result < -kMaxValue) {
      diags_.report(DiagKind::ValueOverflow, e.span, "the result");
      return {};
    }
    Value v = make(t.kind, e.span);
    v.number = static_cast<std::int64_t>(result);
    return v;
  }

  const Scope& scope_;
  Diagnostics& diags_;
};

}  // namespace

std::optional<ComponentId> EmptyScope::component(const ast::Path& path, Diagnostics& diags) const {
  diags.report(DiagKind::UndefinedName, path.span, path.str());
  return std::nullopt;
}

Value evaluate(const ast::Expr& expr, const Type& expected, const Scope& scope, Diagnostics& diags) {
  return Evaluator(scope, diags).eval(expr, expected);
}

}  // namespace arch::sema
