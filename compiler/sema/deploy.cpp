// Deployments: which architecture, its settings (the `deployment` kind of
// the catalog), overrides of component settings and of generated resources,
// and whether the recovery strategy can meet the RTO and RPO asked of it.
#include <algorithm>

#include <fmt/format.h>

#include "compiler/sema/checks.h"
#include "compiler/sema/elaborate.h"
#include "compiler/support/suggest.h"

namespace arch::sema {
namespace {

// What each recovery strategy can achieve at best (the guide's DR table).
struct Strategy {
  std::string_view name;
  std::int64_t best_rto_ms, best_rpo_ms;
  std::string_view rto_text, rpo_text;
};
constexpr std::int64_t kMinute = 60'000, kHour = 60 * kMinute;
constexpr Strategy kStrategies[] = {
    {"backup_restore", kHour, kHour, "hours", "hours"},
    {"pilot_light", 10 * kMinute, kMinute, "10-30 min", "minutes"},
    {"warm_standby", 5 * kMinute, 1000, "5-10 min", "seconds"},
    {"active_active", 0, 0, "near zero", "near zero"},
};

void checkRecovery(const Value& recovery, Diagnostics& diags) {
  const Strategy* s = nullptr;
  for (const Strategy& candidate : kStrategies)
    if (candidate.name == recovery.text) s = &candidate;
  if (!s) return;
  const Value* rto = recovery.field("rto");
  const Value* rpo = recovery.field("rpo");
  auto cheapest = [&](std::int64_t want_rto, std::int64_t want_rpo) -> std::string_view {
    for (const Strategy& c : kStrategies)
      if (c.best_rto_ms <= want_rto && c.best_rpo_ms <= want_rpo) return c.name;
    return "active_active";
  };
  std::int64_t want_rto = rto && rto->ok() ? rto->number : INT64_MAX;
  std::int64_t want_rpo = rpo && rpo->ok() ? rpo->number : INT64_MAX;
  auto report = [&](const Value& asked, std::string_view objective, std::string_view can) {
    diags.report(DiagKind::RecoveryObjective, asked.span, fmt::format("`{}`", s->name), objective, asked.str())
        .addNote(fmt::format("`{}` achieves an {} of {}", s->name, objective, can))
        .addHelp(fmt::format("use `{}`, or relax the objective", cheapest(want_rto, want_rpo)));
  };
  if (rto && rto->ok() && rto->number < s->best_rto_ms) report(*rto, "RTO", s->rto_text);
  if (rpo && rpo->ok() && rpo->number < s->best_rpo_ms) report(*rpo, "RPO", s->rpo_text);
}

// Settings with no components to refer to.
class SettingsScope : public Scope {
 public:
  const Value* binding(std::string_view) const override { return nullptr; }
  std::optional<ComponentId> component(const ast::Path& p, Diagnostics& diags) const override {
    diags.report(DiagKind::UndefinedName, p.span, p.str());
    return std::nullopt;
  }
  std::string_view kindOf(ComponentId) const override { return {}; }
  std::string nameOf(ComponentId) const override { return {}; }
};

}  // namespace

Deployment buildDeployment(const ast::TopDecl& decl, const TopSymbols& symbols, const std::vector<Architecture>& archs,
                           const std::vector<std::unique_ptr<InstanceScope>>& roots, const Catalog& catalog,
                           Diagnostics& diags) {
  Deployment dep;
  dep.name = decl.name.text;
  dep.span = decl.name.span;
  std::string what = fmt::format("`deployment {}`", decl.name.text);

  const ast::Assignment* target = nullptr;
  std::vector<const ast::Statement*> overrides;
  std::vector<FieldInput> inputs;
  for (const ast::Statement& s : decl.body.statements) {
    if (const auto* a = std::get_if<ast::Assignment>(&s.node); a && a->target.str() == "architecture") {
      target = a;
    } else if (std::holds_alternative<ast::Override>(s.node)) {
      overrides.push_back(&s);
    } else if (const auto* asg = std::get_if<ast::Assignment>(&s.node); asg && asg->target.parts.size() == 1) {
      inputs.push_back({&asg->target.parts[0], asg->value.get(), nullptr});
    } else if (const auto* n = std::get_if<ast::NestedBlock>(&s.node)) {
      inputs.push_back({&n->name, nullptr, &n->body});
    } else {
      diags.report(DiagKind::UnknownProperty, s.span, what, "").message =
          "a deployment holds `architecture = NAME`, its settings and `override` blocks";
    }
  }

  const InstanceScope* root = nullptr;
  if (!target) {
    diags.report(DiagKind::DeploymentTarget, decl.name.span, decl.name.text)
        .addHelp("add `architecture = NAME` to its body");
  } else {
    const auto* ref = std::get_if<ast::RefExpr>(&target->value->node);
    std::string name = ref ? ref->path.str() : "";
    auto sym = symbols.find(name);
    auto it = std::find_if(archs.begin(), archs.end(), [&](const Architecture& a) { return a.name == name; });
    if (!ref || sym == symbols.end() || sym->second.decl->kind != ast::TopKind::Architecture || it == archs.end()) {
      bool quoted = std::holds_alternative<ast::StringLit>(target->value->node);
      Diagnostic& d = ref ? diags.report(DiagKind::UndefinedName, target->value->span, name)
                          : diags.report(DiagKind::TypeMismatch, target->value->span, "the name of an architecture",
                                         quoted ? "a string" : "something else");
      if (quoted) d.addHelp("write the architecture's name without quotes");
      if (sym != symbols.end() && sym->second.decl->kind != ast::TopKind::Architecture)
        d.message = fmt::format("`{}` is a {}, not an architecture", name, ast::topKindKeyword(sym->second.decl->kind));
      std::vector<std::string> names;
      for (const auto& [n, s] : symbols)
        if (s.decl->kind == ast::TopKind::Architecture) names.push_back(n);
      if (auto best = support::closest(name, names)) d.addHelp(fmt::format("did you mean `{}`?", *best));
      else if (!names.empty()) d.addNote(fmt::format("architectures here: {}", fmt::join(names, ", ")));
    } else {
      dep.architecture = static_cast<std::size_t>(it - archs.begin());
      root = roots[dep.architecture].get();
    }
  }

  // Settings may name the deployed architecture's components (alarms to
  // roll back on).
  SettingsScope settings_scope;
  const Scope& scope = root ? static_cast<const Scope&>(*root) : settings_scope;
  if (const KindSpec* kind = catalog.find("deployment")) {
    dep.settings = evaluateGroup(kind->props, inputs, decl.name.span, what, scope, diags);
    if (const Value* recovery = dep.settings.ok() ? dep.settings.field("recovery") : nullptr) checkRecovery(*recovery, diags);
  }

  if (!root) return dep;
  const Architecture& arch = archs[dep.architecture];
  for (const ast::Statement* stmt : overrides) {
    const auto* o = &std::get<ast::Override>(stmt->node);
    // `override api.service { HealthCheckGracePeriodSeconds = 60 }` changes a
    // generated resource (raw.cpp); `override api.scale { min = 4 }` settings.
    OverrideKind meaning = classifyOverride(*o, diags);
    if (meaning == OverrideKind::Invalid) continue;
    if (meaning == OverrideKind::Resource) {
      if (auto r = resourceOverride(*stmt, arch, *root, diags)) dep.resource_overrides.push_back(std::move(*r));
      continue;
    }
    // `override api.scale { ... }`: the longest prefix naming a component,
    // then the groups inside it.
    std::optional<ComponentId> id;
    std::size_t parts = o->target.parts.size();
    for (; parts > 0 && !id; --parts) {
      ast::Path prefix{std::vector<ast::Name>(o->target.parts.begin(), o->target.parts.begin() + static_cast<std::ptrdiff_t>(parts)), o->target.span};
      id = root->lookup(prefix, 0, nullptr);
      if (id) break;
    }
    if (!id) {
      root->component(o->target, diags);  // reports what is missing
      continue;
    }
    const Component& c = arch.components[*id];
    const GroupSpec* spec = &c.kind->props;
    std::vector<std::string> group_path;
    for (std::size_t i = parts; i < o->target.parts.size() && spec; ++i) {
      const ast::Name& part = o->target.parts[i];
      const PropSpec* prop = spec->find(part.text);
      if (!prop || prop->type.kind != TypeKind::Group || !prop->type.group) {
        Diagnostic& d = diags.report(DiagKind::UnknownProperty, part.span, fmt::format("`{}`", c.name), part.text);
        if (prop) d.message = fmt::format("`{}` of `{}` is not a group of settings", part.text, c.name);
        spec = nullptr;
        break;
      }
      spec = prop->type.group;
      group_path.push_back(part.text);
    }
    if (!spec) continue;
    std::vector<FieldInput> fields;
    for (const ast::Statement& s : o->body.statements) {
      if (const auto* a = std::get_if<ast::Assignment>(&s.node); a && a->target.parts.size() == 1)
        fields.push_back({&a->target.parts[0], a->value.get(), nullptr});
      else if (const auto* n = std::get_if<ast::NestedBlock>(&s.node))
        fields.push_back({&n->name, nullptr, &n->body});
      else
        diags.report(DiagKind::UnknownProperty, s.span, "an override", "").message = "an override holds only settings";
    }
    Value v = evaluateGroup(*spec, fields, o->target.span, fmt::format("`{}`", o->target.str()), *root, diags,
                            /*partial=*/true);
    // Wrap the settings of a nested group back into the component's shape.
    for (auto it = group_path.rbegin(); it != group_path.rend() && v.ok(); ++it) {
      Value outer;
      outer.kind = TypeKind::Group;
      outer.span = v.span;
      outer.fields.emplace_back(*it, std::move(v));
      v = std::move(outer);
    }
    if (!v.ok()) continue;
    // The settings this deployment gives the component must pass the same
    // checks, with the allowances of the component and of the override.
    std::vector<Allowance> allows = c.allowances;
    for (Allowance& a : allowances(stmt->attributes, diags)) allows.push_back(std::move(a));
    Value merged = c.props;
    overlay(merged, v);
    checkComponent(c, merged, allows, diags);
    dep.overrides.emplace_back(*id, std::move(v));
  }
  return dep;
}

}  // namespace arch::sema
