// The escape hatches: raw resources (`cloudformation "AWS::SSM::Parameter"
// flags { ... }`) and resource overrides (`override api.service { ... }`),
// declared and resolved. Their bodies are in the backend's terms, not the
// catalog's (raw_eval.cpp evaluates them), and the backend checks them
// against its own schema. Both are deliberate departures from what archc
// checks, so each is a warning unless `@allow`ed with a reason.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "compiler/sema/elaborate.h"
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
  RawValue target = resolveRawReference(o.target, o.target.span, scope, arch, diags);
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
  out.props = evaluateRawBody(o.body, o.target.span, /*merge=*/true, "a resource override", scope, arch, diags);
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
  if (pending.decl->body)
    raw.props = evaluateRawBody(*pending.decl->body, raw.span, /*merge=*/false, fmt::format("raw resource `{}`", raw.name),
                                *pending.scope, arch_, diags_);
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
