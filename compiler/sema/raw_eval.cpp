// Evaluates what raw resources and resource overrides write, in the
// backend's terms rather than the catalog's: JSON-shaped values (strings
// with parameters and settings, numbers, booleans, lists, objects, param())
// and references to generated resources (`api.service`, `uploads`, a raw
// resource, `attr(uploads, "Arn")`), each with the span it was written at.
#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>

#include "compiler/sema/elaborate.h"
#include "compiler/sema/literals.h"

namespace arch::sema {
namespace {

class RawEvaluator {
 public:
  RawEvaluator(const InstanceScope& scope, const Architecture& arch, Diagnostics& diags)
      : scope_(scope), arch_(arch), diags_(diags) {}

  // `Key = value` and `Key { ... }` statements as an object.
  RawValue body(const ast::Block& block, Span span, bool merge, std::string_view what) {
    RawValue obj = make(RawValue::Kind::Object, span);
    obj.merge = merge;
    for (const ast::Statement& s : block.statements) {
      const ast::Name* key = keyOf(s);
      const auto* a = std::get_if<ast::Assignment>(&s.node);
      if (!key || (a && a->target.parts.size() != 1)) {
        Diagnostic& d = diags_.report(DiagKind::UnknownProperty, s.span, what, "");
        d.message = fmt::format("{} holds only `Property = value` and `Property {{ ... }}`", what);
        if (a) d.addHelp("write a nested property as a block: `Outer { Inner = value }`");
        continue;
      }
      auto previous = std::find_if(obj.fields.begin(), obj.fields.end(),
                                   [&](const RawField& f) { return f.key == key->text; });
      if (previous != obj.fields.end()) {
        diags_.report(DiagKind::DuplicateProperty, key->span, key->text).addLabel(previous->key_span, "first set here");
        continue;
      }
      RawValue v = a ? expr(*a->value)
                     : body(std::get<ast::NestedBlock>(s.node).body, key->span, /*merge=*/true, what);
      obj.fields.push_back(RawField{key->text, key->span, std::move(v)});
    }
    return obj;
  }

  RawValue expr(const ast::Expr& e) {
    if (const auto* n = std::get_if<ast::NumberLit>(&e.node)) return number(*n, e);
    if (const auto* b = std::get_if<ast::BoolLit>(&e.node)) {
      RawValue v = make(RawValue::Kind::Bool, e.span);
      v.flag = b->value;
      return v;
    }
    if (const auto* c = std::get_if<ast::CidrLit>(&e.node)) return text(c->text, e.span);
    if (std::holds_alternative<ast::StringLit>(e.node)) return string(e);
    if (const auto* r = std::get_if<ast::RefExpr>(&e.node)) {
      if (r->path.parts.size() == 1)
        if (const Value* bound = scope_.binding(r->path.parts[0].text)) return fromBinding(*bound, e);
      return reference(r->path, e.span, "");
    }
    if (const auto* call = std::get_if<ast::CallExpr>(&e.node)) {
      if (call->callee.str() == "attr") return attribute(*call, e);
      if (call->callee.str() == "param") return string(e);
      diags_.report(DiagKind::UnknownFunction, call->callee.span, call->callee.str())
          .addHelp("a raw resource or override may call `param(\"Name\")` (a deploy-time input) and "
                   "`attr(component, \"Attribute\")` (an attribute of a generated resource)");
      return {};
    }
    if (const auto* l = std::get_if<ast::ListExpr>(&e.node)) {
      RawValue v = make(RawValue::Kind::List, e.span);
      for (const ast::ExprPtr& item : l->items) v.items.push_back(expr(*item));
      return v;
    }
    if (const auto* o = std::get_if<ast::ObjectExpr>(&e.node)) {
      RawValue v = make(RawValue::Kind::Object, e.span);
      for (const ast::Field& f : o->fields) {
        auto previous = std::find_if(v.fields.begin(), v.fields.end(),
                                     [&](const RawField& x) { return x.key == f.key.text; });
        if (previous != v.fields.end()) {
          diags_.report(DiagKind::DuplicateProperty, f.key.span, f.key.text).addLabel(previous->key_span, "first set here");
          continue;
        }
        v.fields.push_back(RawField{f.key.text, f.key.span, expr(*f.value)});
      }
      return v;
    }
    if (std::holds_alternative<ast::ErrorExpr>(e.node)) return {};
    Diagnostic& d = diags_.report(DiagKind::TypeMismatch, e.span, kExpected, describeFound(e));
    if (std::holds_alternative<ast::TaggedExpr>(e.node))
      d.addHelp("write the object without a name before it: `Property = { Key = value }`, or a block: `Property { Key = value }`");
    else
      d.addHelp("a raw resource's values are written as the backend takes them: arithmetic and ranges are not evaluated");
    return {};
  }

 private:
  static constexpr std::string_view kExpected = "a string, number, boolean, list, object or reference";

  RawValue make(RawValue::Kind kind, Span span) {
    RawValue v;
    v.kind = kind;
    v.span = span;
    return v;
  }

  RawValue text(std::string s, Span span) {
    RawValue v = make(RawValue::Kind::String, span);
    v.text = std::move(s);
    return v;
  }

  // Strings and `param(...)`, with `${...}` of parameters and settings.
  RawValue string(const ast::Expr& e) {
    Value s = evaluate(e, Type::of(TypeKind::String), scope_, diags_);
    if (!s.ok()) return {};
    RawValue v = text(s.text, e.span);
    v.deferred = s.deferred;
    return v;
  }

  // Numbers are written as the backend takes them: units mean nothing to it.
  RawValue number(const ast::NumberLit& n, const ast::Expr& e) {
    if (n.kind == ast::NumberKind::Int) {
      RawValue v = make(RawValue::Kind::Integer, e.span);
      v.integer = std::stoll(n.digits);  // the builder checked the range
      return v;
    }
    if (n.kind == ast::NumberKind::Float) {
      RawValue v = make(RawValue::Kind::Number, e.span);
      v.number = std::strtod(n.digits.c_str(), nullptr);  // never throws, unlike std::stod
      return v;
    }
    unitless(e.span, describeFound(e));
    return {};
  }

  void unitless(Span span, const std::string& found) {
    diags_.report(DiagKind::TypeMismatch, span, kExpected, found)
        .addHelp("a backend's properties have no units: write the number in the unit the property documents "
                 "(`60` for seconds)");
  }

  // A pattern parameter used as a value.
  RawValue fromBinding(const Value& bound, const ast::Expr& e) { return fromValue(bound, e.span, exprText(e)); }

  RawValue fromValue(const Value& bound, Span span, const std::string& name) {
    switch (bound.kind) {
      case TypeKind::Any: return {};
      case TypeKind::String: {
        RawValue v = text(bound.text, span);
        v.deferred = bound.deferred;
        return v;
      }
      case TypeKind::Int:
      case TypeKind::Port: {
        RawValue v = make(RawValue::Kind::Integer, span);
        v.integer = bound.number;
        return v;
      }
      case TypeKind::Float: {
        RawValue v = make(RawValue::Kind::Number, span);
        v.number = bound.real;
        return v;
      }
      case TypeKind::Bool: {
        RawValue v = make(RawValue::Kind::Bool, span);
        v.flag = bound.flag;
        return v;
      }
      case TypeKind::Enum:
      case TypeKind::Cidr:
        if (bound.fields.empty()) return text(bound.text, span);
        break;
      case TypeKind::List: {
        RawValue v = make(RawValue::Kind::List, span);
        for (const Value& item : bound.items) v.items.push_back(fromValue(item, span, name));
        return v;
      }
      case TypeKind::Map:
      case TypeKind::Group: {
        RawValue v = make(RawValue::Kind::Object, span);
        for (const Field& f : bound.fields) v.fields.push_back(RawField{f.name, span, fromValue(f.value, span, name)});
        return v;
      }
      case TypeKind::Ref:
        if (bound.ref != kTopLevelRef) {
          RawValue v = make(RawValue::Kind::Ref, span);
          v.index = bound.ref;
          v.text = bound.text;
          return v;
        }
        break;
      default: break;
    }
    unitless(span, fmt::format("parameter `{}` holding `{}`", name, bound.str()));
    return {};
  }

  static std::string exprTextOf(const ast::Path& path, std::size_t parts) {
    std::string out;
    for (std::size_t i = 0; i < parts; ++i) out += (i ? "." : "") + path.parts[i].text;
    return out;
  }

 public:
  // A path to a generated resource (`api`, `api.service`, `app.db`) or to a
  // raw resource (`flags`).
  RawValue reference(const ast::Path& path, Span span, std::string attribute) {
    // A pattern parameter holding a reference (`store: ref<bucket>`), maybe
    // followed by a role.
    if (const Value* bound = scope_.binding(path.parts[0].text); bound && path.parts.size() <= 2) {
      RawValue v = fromValue(*bound, span, path.parts[0].text);
      if (v.kind == RawValue::Kind::Ref) {
        if (path.parts.size() == 2) v.role = path.parts[1].text;
        v.attribute = std::move(attribute);
      } else if (v.ok()) {
        diags_.report(DiagKind::TypeMismatch, span, "a component", fmt::format("parameter `{}` holding `{}`",
                                                                              path.parts[0].text, bound->str()));
        return {};
      }
      return v;
    }
    std::size_t parts = path.parts.size();
    std::optional<ComponentId> id;
    for (; parts > 0 && !id; --parts) {
      ast::Path prefix{{path.parts.begin(), path.parts.begin() + static_cast<std::ptrdiff_t>(parts)}, path.span};
      if ((id = scope_.lookup(prefix, 0, nullptr))) break;
    }
    RawValue v = make(RawValue::Kind::Ref, span);
    v.attribute = std::move(attribute);
    if (id && path.parts.size() - parts <= 1) {
      v.index = *id;
      v.text = arch_.components[*id].name;
      if (parts < path.parts.size()) v.role = path.parts[parts].text;
      return v;
    }
    if (const ScopeEntry* e = scope_.entry(path); e && e->what == ScopeEntry::What::Raw) {
      v.target = RawValue::Target::Raw;
      v.index = e->component;
      v.text = arch_.raw[e->component].name;
      return v;
    }
    if (const ScopeEntry* e = scope_.entry(path); e && e->what == ScopeEntry::What::Poisoned) return {};
    if (id) {
      const ast::Name& extra = path.parts[parts + 1];
      diags_.report(DiagKind::UndefinedName, extra.span, extra.text)
          .addHelp(fmt::format("a path names a component, then at most one resource generated for it, as in `{}.{}`",
                               exprTextOf(path, parts), path.parts[parts].text));
      return {};
    }
    scope_.component(path, diags_);  // says what is missing, with a suggestion
    return {};
  }

 private:
  // `attr(component, "Attribute")`: an attribute of a generated or raw resource.
  RawValue attribute(const ast::CallExpr& call, const ast::Expr& e) {
    const ast::RefExpr* target = call.args.size() == 2 && !call.args[0].name && !call.args[1].name
                                     ? std::get_if<ast::RefExpr>(&call.args[0].value->node) : nullptr;
    const ast::StringLit* name = target ? std::get_if<ast::StringLit>(&call.args[1].value->node) : nullptr;
    if (!name || !name->isPlain() || name->plainText().empty()) {
      diags_.report(DiagKind::TypeMismatch, e.span, "`attr(component, \"Attribute\")`", describeFound(e))
          .addHelp("name a component (or a raw resource) and one attribute, as in `attr(uploads, \"Arn\")`");
      return {};
    }
    return reference(target->path, e.span, name->plainText());
  }

  const InstanceScope& scope_;
  const Architecture& arch_;
  Diagnostics& diags_;
};

}  // namespace

const ast::Name* keyOf(const ast::Statement& s) {
  if (const auto* a = std::get_if<ast::Assignment>(&s.node)) return &a->target.parts.front();
  if (const auto* n = std::get_if<ast::NestedBlock>(&s.node)) return &n->name;
  return nullptr;
}

RawValue evaluateRawBody(const ast::Block& body, Span span, bool merge, std::string_view what,
                         const InstanceScope& scope, const Architecture& arch, Diagnostics& diags) {
  return RawEvaluator(scope, arch, diags).body(body, span, merge, what);
}

RawValue resolveRawReference(const ast::Path& path, Span span, const InstanceScope& scope, const Architecture& arch,
                             Diagnostics& diags) {
  return RawEvaluator(scope, arch, diags).reference(path, span, "");
}

}  // namespace arch::sema
