// The escape hatches: raw resources (`cloudformation "AWS::SSM::Parameter"
// flags { ... }`) and resource overrides (`override api.service { ... }`).
// Their bodies are in the backend's terms, not the catalog's: here they are
// evaluated to JSON-shaped values with references resolved, and the backend
// checks them against its own schema. Both are deliberate departures from
// what archc checks, so each is a warning unless `@allow`ed with a reason.
#include <algorithm>
#include <cctype>
#include <cstdlib>

#include <fmt/format.h>

#include "compiler/sema/elaborate.h"
#include "compiler/sema/literals.h"
#include "compiler/support/suggest.h"

namespace arch::sema {
namespace {

// The backends a raw resource may be written for: the CloudFormation one,
// and the Terraform one to come (its raw resources are refused by
// `archc build` until it exists, never dropped).
const std::vector<std::string> kBackends = {"cloudformation", "terraform"};

// How messages name a backend.
std::string_view displayName(std::string_view backend) {
  return backend == "cloudformation" ? "CloudFormation" : backend == "terraform" ? "Terraform" : backend;
}

bool startsUpper(std::string_view name) {
  return !name.empty() && std::isupper(static_cast<unsigned char>(name[0]));
}

bool allowedBy(const std::vector<Allowance>& allows, std::string_view check) {
  return std::any_of(allows.begin(), allows.end(), [&](const Allowance& a) { return a.check == check; });
}

// The key a statement of a body sets, if it sets one.
const ast::Name* keyOf(const ast::Statement& s) {
  if (const auto* a = std::get_if<ast::Assignment>(&s.node)) return &a->target.parts.front();
  if (const auto* n = std::get_if<ast::NestedBlock>(&s.node)) return &n->name;
  return nullptr;
}

// Evaluates a body written in a backend's terms.
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

void traceExpansion(Diagnostic& d, const std::vector<Span>& expansion, const std::string& name) {
  if (!expansion.empty()) d.addLabel(expansion.front(), fmt::format("`{}` comes from this pattern instance", name));
}

}  // namespace

OverrideKind classifyOverride(const ast::Override& o, Diagnostics& diags) {
  const ast::Name* first = nullptr;
  for (const ast::Statement& s : o.body.statements) {
    const ast::Name* key = keyOf(s);
    if (!key) continue;
    if (!first) {
      first = key;
    } else if (startsUpper(key->text) != startsUpper(first->text)) {
      const ast::Name& setting = startsUpper(key->text) ? *first : *key;
      const ast::Name& property = startsUpper(key->text) ? *key : *first;
      diags.report(DiagKind::MixedOverride, key->span, o.target.str())
          .addLabel(setting.span, "a setting of the component")
          .addLabel(property.span, "a property of the generated resource")
          .addHelp("write two overrides: settings in a deployment, resource properties (PascalCase) in another");
      return OverrideKind::Invalid;
    }
  }
  return first && startsUpper(first->text) ? OverrideKind::Resource : OverrideKind::Settings;
}

std::optional<ResourceOverride> resourceOverride(const ast::Statement& s, const Architecture& arch,
                                                 const InstanceScope& scope, Diagnostics& diags) {
  const auto& o = std::get<ast::Override>(s.node);
  RawEvaluator eval(scope, arch, diags);
  RawValue target = eval.reference(o.target, o.target.span, "");
  if (!target.ok()) return std::nullopt;
  if (target.target == RawValue::Target::Raw) {
    diags.report(DiagKind::NotAComponent, o.target.span, o.target.str(), "a raw resource")
        .addHelp("a raw resource is emitted as written: change its own body");
    return std::nullopt;
  }
  ResourceOverride out;
  out.component = target.index;
  out.role = target.role;
  out.span = o.target.span;
  out.props = eval.body(o.body, o.target.span, /*merge=*/true, "a resource override");
  out.allowances = allowances(s.attributes, diags);
  if (!allowedBy(out.allowances, "resource_override")) {
    Diagnostic& d = diags.report(DiagKind::ResourceOverride, o.target.span, o.target.str());
    d.addNote("the properties are checked against the backend's schema when built; what they change is yours to keep secure");
    d.addHelp("if this is deliberate, say so: `@allow(resource_override, reason = \"...\")`");
  }
  return out;
}

void ArchitectureBuilder::declareRaw(const ast::Statement& s, const ast::Declaration& d, InstanceScope& scope,
                                     std::optional<ComponentId> parent) {
  if (parent) {
    diags_.report(DiagKind::WrongParent, d.kind.span, "raw resource", arch_.components[*parent].kind->name).message =
        fmt::format("a raw resource cannot be declared inside a `{}`", arch_.components[*parent].kind->name);
    poison(scope, d.name);
    return;
  }
  if (std::find(kBackends.begin(), kBackends.end(), d.kind.text) == kBackends.end()) {
    Diagnostic& diag = diags_.report(DiagKind::UnknownBackend, d.kind.span, d.kind.text);
    if (auto best = support::closest(d.kind.text, kBackends)) diag.addHelp(fmt::format("did you mean `{}`?", *best));
    diag.addNote(fmt::format("a declaration with a type string is a raw resource for a backend ({}), as in "
                             "`cloudformation \"AWS::SSM::Parameter\" NAME {{ ... }}`",
                             fmt::join(kBackends, ", ")));
    poison(scope, d.name);
    return;
  }
  if (!d.type_tag->isPlain() || d.type_tag->plainText().empty()) {
    diags_.report(DiagKind::TypeMismatch, d.type_tag->span, "a resource type as a plain string",
                  d.type_tag->isPlain() ? "an empty string" : "an interpolated string")
        .addHelp("write the type as the backend names it, as in `\"AWS::SSM::Parameter\"`");
    poison(scope, d.name);
    return;
  }
  if (d.placement)
    diags_.report(DiagKind::PlacementNotAllowed, d.placement->span, "raw resource").message =
        "a raw resource is not placed in a tier: set its network properties (`SubnetIds`) in its body";
  RawResource raw;
  raw.backend = d.kind.text;
  raw.type = d.type_tag->plainText();
  raw.name = scope.prefix + d.name.text;
  raw.span = d.name.span;
  raw.type_span = d.type_tag->span;
  raw.expansion = scope.expansion;
  std::size_t index = arch_.raw.size();
  arch_.raw.push_back(std::move(raw));
  if (!addName(scope, d.name.text, ScopeEntry{ScopeEntry::What::Raw, static_cast<ComponentId>(index), nullptr, d.name.span}))
    return;
  raws_.push_back({index, &d, &s.attributes, &scope});
}

void ArchitectureBuilder::defineRaw(const PendingRaw& pending) {
  RawResource& raw = arch_.raw[pending.index];
  raw.allowances = allowances(*pending.attributes, diags_);
  RawEvaluator eval(*pending.scope, arch_, diags_);
  if (pending.decl->body)
    raw.props = eval.body(*pending.decl->body, raw.span, /*merge=*/false, fmt::format("raw resource `{}`", raw.name));
  else
    raw.props.kind = RawValue::Kind::Object;
  raw.props.span = raw.span;
  if (!allowedBy(raw.allowances, "raw_resource")) {
    Diagnostic& d = diags_.report(DiagKind::RawResource, raw.span, raw.name);
    d.addNote(fmt::format("its type and properties are checked against the {} schema when built; what it does is "
                          "yours to keep secure",
                          displayName(raw.backend)));
    d.addHelp("if this is deliberate, say so: `@allow(raw_resource, reason = \"...\")`");
    traceExpansion(d, raw.expansion, raw.name);
  }
}

void ArchitectureBuilder::defineEscapes() {
  for (const PendingRaw& r : raws_) defineRaw(r);
  for (const PendingOverride& o : overrides_)
    if (auto out = resourceOverride(*o.stmt, arch_, *o.scope, diags_)) arch_.resource_overrides.push_back(std::move(*out));
}

}  // namespace arch::sema
