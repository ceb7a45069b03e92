// Elaborates an architecture: declares every component (expanding pattern
// instances hygienically into their own scopes), then evaluates each one's
// properties and placement, then its connections.
#include "compiler/sema/elaborate.h"

#include "compiler/sema/checks.h"

#include <filesystem>

#include <algorithm>

#include <fmt/format.h>

#include "compiler/support/suggest.h"

namespace arch::sema {

// ---- scopes -------------------------------------------------------------------

const Value* InstanceScope::binding(std::string_view name) const {
  auto it = params.find(name);
  return it == params.end() ? nullptr : &it->second;
}

std::string_view InstanceScope::kindOf(ComponentId id) const { return arch->components[id].kind->name; }
std::string InstanceScope::nameOf(ComponentId id) const { return arch->components[id].name; }

std::vector<std::string> InstanceScope::visibleNames() const {
  std::vector<std::string> out;
  for (const auto& [name, entry] : names) out.push_back(name);
  return out;
}

std::optional<ComponentId> InstanceScope::lookup(const ast::Path& path, std::size_t first, std::string* missing) const {
  const ast::Name& head = path.parts[first];
  auto it = names.find(head.text);
  if (it == names.end() || it->second.what == ScopeEntry::What::Ambiguous ||
      it->second.what == ScopeEntry::What::Poisoned || it->second.what == ScopeEntry::What::Raw) {
    if (missing) *missing = head.text;
    return std::nullopt;
  }
  const ScopeEntry& e = it->second;
  if (e.what == ScopeEntry::What::Instance) {
    if (first + 1 == path.parts.size()) {
      if (missing) *missing = "";
      return std::nullopt;
    }
    return e.instance->lookup(path, first + 1, missing);
  }
  // A component; further parts name its children (`main.public`).
  std::string full = arch->components[e.component].name;
  ComponentId found = e.component;
  for (std::size_t i = first + 1; i < path.parts.size(); ++i) {
    full += "." + path.parts[i].text;
    auto child = std::find_if(arch->components.begin(), arch->components.end(),
                              [&](const Component& c) { return c.name == full; });
    if (child == arch->components.end()) {
      if (missing) *missing = path.parts[i].text;
      return std::nullopt;
    }
    found = static_cast<ComponentId>(child - arch->components.begin());
  }
  return found;
}

const ScopeEntry* InstanceScope::entry(const ast::Path& path, std::size_t first) const {
  auto it = names.find(path.parts[first].text);
  if (it == names.end()) return nullptr;
  if (first + 1 == path.parts.size()) return &it->second;
  if (it->second.what != ScopeEntry::What::Instance) return nullptr;
  return it->second.instance->entry(path, first + 1);
}

std::optional<ComponentId> InstanceScope::component(const ast::Path& path, Diagnostics& diags) const {
  std::string missing;
  if (std::optional<ComponentId> id = lookup(path, 0, &missing)) return id;
  if (const ScopeEntry* e = entry(path); e && e->what == ScopeEntry::What::Raw) {
    diags.report(DiagKind::NotAComponent, path.span, path.str(), "a raw resource")
        .addLabel(e->span, "declared here")
        .addHelp("connections cannot name a raw resource: write what it needs (a policy, a grant) in raw resources "
                 "or resource overrides");
    return std::nullopt;
  }
  auto it = names.find(path.parts[0].text);
  if (it != names.end() && it->second.what == ScopeEntry::What::Poisoned) return std::nullopt;
  if (it != names.end() && it->second.what == ScopeEntry::What::Ambiguous) {
    diags.report(DiagKind::AmbiguousName, path.span, path.parts[0].text)
        .addHelp("more than one network declares it: qualify it, as in `NETWORK.TIER`");
    return std::nullopt;
  }
  if (missing.empty()) {
    diags.report(DiagKind::NotAComponent, path.span, path.str(), "a pattern instance")
        .addHelp(fmt::format("name one of its components, as in `{}.NAME`", path.str()));
    return std::nullopt;
  }
  Span at = path.span;
  for (const ast::Name& n : path.parts)
    if (n.text == missing) at = n.span;
  Diagnostic& d = diags.report(DiagKind::UndefinedName, at, missing);
  if (missing == path.parts[0].text) {
    if (auto best = support::closest(missing, visibleNames())) d.addHelp(fmt::format("did you mean `{}`?", *best));
    if (binding(missing)) d.addNote(fmt::format("`{}` is a parameter, not a component", missing));
  } else {
    // A later part: suggest among what the part before it contains.
    std::string outer = prefix;
    for (const ast::Name& n : path.parts) {
      if (n.text == missing) break;
      outer += n.text + ".";
    }
    std::vector<std::string> inside;
    for (const Component& c : arch->components)
      if (c.name.rfind(outer, 0) == 0 && c.name.find('.', outer.size()) == std::string::npos)
        inside.push_back(c.name.substr(outer.size()));
    if (auto best = support::closest(missing, inside))
      d.addHelp(fmt::format("did you mean `{}{}`?", outer.substr(prefix.size()), *best));
  }
  return std::nullopt;
}

void repoint(InstanceScope& scope, const Architecture* arch) {
  scope.arch = arch;
  for (auto& child : scope.children) repoint(*child, arch);
}

// ---- @allow --------------------------------------------------------------------

std::vector<Allowance> allowances(const std::vector<ast::Attribute>& attributes, Diagnostics& diags) {
  std::vector<Allowance> out;
  for (const ast::Attribute& a : attributes) {
    if (a.name.text != "allow") {
      diags.report(DiagKind::UnknownAttribute, a.name.span, a.name.text)
          .addHelp("the attribute a program may use is `@allow(check, reason = \"...\")`");
      continue;
    }
    Allowance allow;
    allow.span = a.span;
    for (const ast::Arg& arg : a.args) {
      if (arg.name && arg.name->text == "reason") {
        if (const auto* s = std::get_if<ast::StringLit>(&arg.value->node); s && s->isPlain()) allow.reason = s->plainText();
      } else if (const auto* r = std::get_if<ast::RefExpr>(&arg.value->node); r && !arg.name) {
        allow.check = r->path.str();
      }
    }
    if (allow.check.empty()) {
      diags.report(DiagKind::UnknownAllowRule, a.span, "").message = "`@allow` needs the name of a check";
      continue;
    }
    // A rejected @allow is reported, and still silences the check it meant:
    // one mistake, one error.
    if (!allowableCheck(allow.check)) {
      Diagnostic& d = diags.report(DiagKind::UnknownAllowRule, a.args.empty() ? a.span : a.args[0].span, allow.check);
      if (auto best = support::closest(allow.check, allowableChecks())) {
        d.addHelp(fmt::format("did you mean `{}`?", *best));
        allow.check = *best;
      } else {
        d.addNote(fmt::format("checks that can be allowed: {}", fmt::join(allowableChecks(), ", ")));
      }
    } else if (allow.reason.empty()) {
      diags.report(DiagKind::AllowNeedsReason, a.span, allow.check)
          .addHelp(fmt::format("write `@allow({}, reason = \"why this is right here\")`", allow.check));
    }
    out.push_back(std::move(allow));
  }
  return out;
}

// ---- declaring ------------------------------------------------------------------

Architecture ArchitectureBuilder::build(const ast::TopDecl& decl, std::size_t module) {
  arch_ = Architecture{};
  arch_.name = decl.name.text;
  arch_.span = decl.name.span;
  arch_.components.reserve(64);
  pending_.clear();
  connections_.clear();
  too_large_ = false;
  root_ = std::make_unique<InstanceScope>();
  root_->module = module;
  root_->arch = &arch_;
  if (const KindSpec* dep = catalog_.find("deployment")) root_->deployment_settings = &dep->props;

  raws_.clear();
  overrides_.clear();
  declareBlock(decl.body, *root_, std::nullopt);
  if (too_large_) return std::move(arch_);
  for (const PendingComponent& p : pending_) defineComponent(p);
  defineEscapes();
  for (const PendingConnection& c : connections_) connect(arch_, c, catalog_, diags_);
  return std::move(arch_);
}

void ArchitectureBuilder::poison(InstanceScope& scope, const ast::Name& name) {
  scope.names.emplace(name.text, ScopeEntry{ScopeEntry::What::Poisoned, 0, nullptr, name.span});
}

bool ArchitectureBuilder::addName(InstanceScope& scope, const std::string& name, ScopeEntry entry) {
  auto [it, inserted] = scope.names.emplace(name, entry);
  if (inserted) return true;
  diags_.report(DiagKind::DuplicateDefinition, entry.span, name)
      .withLabel("defined again here")
      .addLabel(it->second.span, "first defined here")
      .addHelp("give each component of a scope its own name");
  return false;
}

std::vector<std::string> ArchitectureBuilder::kindCandidates(std::size_t module) const {
  std::vector<std::string> out = modules::catalogKinds(paths_);
  for (const auto& [name, k] : catalog_.all()) out.push_back(name);
  for (const auto& [name, sym] : symbols_[module])
    if (sym.decl->kind == ast::TopKind::Pattern) out.push_back(name);
  return out;
}

void ArchitectureBuilder::declareBlock(const ast::Block& block, InstanceScope& scope,
                                       std::optional<ComponentId> parent) {
  for (const ast::Statement& s : block.statements) {
    if (too_large_ || diags_.limitReached()) return;
    if (const auto* d = std::get_if<ast::Declaration>(&s.node)) {
      if (d->type_tag) {
        declareRaw(s, *d, scope, parent);
        continue;
      }
      if (const KindSpec* kind = catalog_.find(d->kind.text)) {
        declareComponent(s, *d, *kind, scope, parent);
        continue;
      }
      const TopSymbols& visible = symbols_[scope.module];
      if (auto it = visible.find(d->kind.text); it != visible.end() && it->second.decl->kind == ast::TopKind::Pattern) {
        if (parent) {
          diags_.report(DiagKind::WrongParent, d->kind.span, d->kind.text, arch_.components[*parent].kind->name)
              .message = fmt::format("pattern `{}` cannot be used inside a component", d->kind.text);
          continue;
        }
        instantiate(*d, it->second, scope);
        continue;
      }
      poison(scope, d->name);
      Diagnostic& diag = diags_.report(DiagKind::UnknownKind, d->kind.span, d->kind.text);
      std::vector<std::string> candidates = kindCandidates(scope.module);
      if (auto best = support::closest(d->kind.text, candidates)) diag.addHelp(fmt::format("did you mean `{}`?", *best));
      bool found = false;
      for (const modules::Module& m : modules_.modules)
        for (const ast::TopDecl& top : m.ast.decls)
          if (!found && top.kind == ast::TopKind::Pattern && top.name.text == d->kind.text) {
            diag.addHelp(fmt::format("pattern `{}` is declared in `{}`: add `import {}`", d->kind.text, m.name, m.name));
            found = true;
          }
      std::error_code ec;
      for (const std::string& dir : paths_.stdlib_dirs)
        if (!found && std::filesystem::is_regular_file(std::filesystem::path(dir) / "patterns" / (d->kind.text + ".arch"), ec)) {
          diag.addHelp(fmt::format("the standard library has a pattern `{0}`: add `import std.patterns.{0}`", d->kind.text));
          found = true;
        }
    } else if (std::holds_alternative<ast::Connection>(s.node)) {
      if (parent) {
        diags_.report(DiagKind::UnknownProperty, s.span, "a component", "->").message =
            "connections are written at the level of the architecture or pattern, not inside a component";
        continue;
      }
      connections_.push_back({&std::get<ast::Connection>(s.node), nullptr, 0, s.span, &scope});
    } else if (const auto* o = std::get_if<ast::Override>(&s.node); o && !parent) {
      // In an architecture, an override changes a generated resource; the
      // settings of a component are overridden per deployment.
      switch (classifyOverride(*o, diags_)) {
        case OverrideKind::Resource: overrides_.push_back({&s, &scope}); break;
        case OverrideKind::Invalid: break;
        case OverrideKind::Settings: {
          Diagnostic& diag = diags_.report(DiagKind::UnknownProperty, s.span, "an architecture", "");
          diag.message = "an override of settings cannot stand in an architecture or pattern";
          diag.addHelp("overrides of settings belong in a `deployment`; in an architecture, "
                       "`override api.service { Property = ... }` changes a generated resource");
          break;
        }
      }
    } else if (!parent) {
      // Settings belong to components; an architecture holds declarations.
      std::string what = std::holds_alternative<ast::Route>(s.node) ? "a route" : "a setting";
      Diagnostic& diag = diags_.report(DiagKind::UnknownProperty, s.span, "an architecture", "");
      diag.message = fmt::format("{} cannot stand directly in an architecture or pattern", what);
      diag.addHelp("put it inside the component it configures, as in `bucket b { versioning = true }`");
    }
  }
}

void ArchitectureBuilder::declareComponent(const ast::Statement& s, const ast::Declaration& d, const KindSpec& kind,
                                           InstanceScope& scope, std::optional<ComponentId> parent) {
  if (arch_.components.size() >= limits_.max_components) {
    diags_.report(DiagKind::ExpansionTooLarge, d.name.span, limits_.max_components)
        .addNote(fmt::format("while expanding {}", pattern_stack_.empty() ? "the architecture"
                                                                         : "pattern `" + pattern_stack_.back() + "`"));
    too_large_ = true;
    return;
  }
  // Where it may stand: a kind with a parent only inside a component of it.
  std::string parent_kind = parent ? arch_.components[*parent].kind->name : "";
  if (kind.parent != parent_kind) {
    Diagnostic& diag = kind.parent.empty()
        ? diags_.report(DiagKind::WrongParent, d.kind.span, kind.name, parent_kind)
        : diags_.report(DiagKind::WrongParent, d.kind.span, kind.name, kind.parent);
    if (kind.parent.empty()) {
      diag.message = fmt::format("a `{}` cannot be declared inside a `{}`", kind.name, parent_kind);
      diag.addHelp("declare it at the level of the architecture");
    } else {
      diag.addHelp(fmt::format("declare it inside a `{} NAME {{ ... }}`", kind.parent));
    }
    poison(scope, d.name);
    return;
  }
  auto id = static_cast<ComponentId>(arch_.components.size());
  Component c;
  c.kind = &kind;
  c.name = parent ? arch_.components[*parent].name + "." + d.name.text : scope.prefix + d.name.text;
  c.span = d.name.span;
  c.parent = parent;
  c.expansion = scope.expansion;
  arch_.components.push_back(std::move(c));
  if (!parent) {
    addName(scope, d.name.text, ScopeEntry{ScopeEntry::What::Component, id, nullptr, d.name.span});
  } else {
    // Children (tiers) are also visible by their own name, unless two
    // parents have a child of that name.
    auto [it, inserted] = scope.names.emplace(d.name.text, ScopeEntry{ScopeEntry::What::Component, id, nullptr, d.name.span});
    if (!inserted && it->second.what == ScopeEntry::What::Component && it->second.component != id) {
      const Component& other = arch_.components[it->second.component];
      if (other.parent && *other.parent == *parent) {
        diags_.report(DiagKind::DuplicateDefinition, d.name.span, d.name.text)
            .withLabel("defined again here")
            .addLabel(it->second.span, "first defined here");
      } else {
        it->second.what = ScopeEntry::What::Ambiguous;
      }
    }
  }
  pending_.push_back({id, &d, &s.attributes, &scope});
  if (d.body) declareBlock(*d.body, scope, id);
}

void ArchitectureBuilder::instantiate(const ast::Declaration& d, const TopSymbol& pattern,
                                      InstanceScope& scope) {
  const ast::TopDecl& p = *pattern.decl;
  if (std::find(pattern_stack_.begin(), pattern_stack_.end(), p.name.text) != pattern_stack_.end()) {
    std::string chain;
    for (auto it = std::find(pattern_stack_.begin(), pattern_stack_.end(), p.name.text); it != pattern_stack_.end(); ++it)
      chain += *it + " -> ";
    diags_.report(DiagKind::RecursivePattern, d.kind.span, p.name.text, chain + p.name.text)
        .addHelp("a pattern may use other patterns, but not itself");
    poison(scope, d.name);
    return;
  }
  if (pattern_stack_.size() >= limits_.max_expansion_depth) {
    diags_.report(DiagKind::ExpansionTooLarge, d.kind.span, limits_.max_components).message =
        fmt::format("patterns are nested more than {} deep", limits_.max_expansion_depth);
    too_large_ = true;
    return;
  }
  if (d.placement) {
    diags_.report(DiagKind::PlacementNotAllowed, d.placement->span, p.name.text).message =
        fmt::format("pattern `{}` is not placed in a tier: its components are", p.name.text);
  }
  const GroupSpec& params = patternParams(p);
  std::vector<FieldInput> inputs;
  if (d.body) {
    for (const ast::Statement& arg : d.body->statements) {
      const auto* a = std::get_if<ast::Assignment>(&arg.node);
      if (a && a->target.parts.size() == 1) {
        const ast::Name& key = a->target.parts[0];
        if (!params.find(key.text)) {
          Diagnostic& diag = diags_.report(DiagKind::UnknownParameter, key.span, p.name.text, key.text);
          if (auto best = support::closest(key.text, params.names())) diag.addHelp(fmt::format("did you mean `{}`?", *best));
          else diag.addNote(fmt::format("its parameters: {}", fmt::join(params.names(), ", ")));
          continue;
        }
        inputs.push_back({&key, a->value.get(), nullptr});
      } else {
        diags_.report(DiagKind::UnknownParameter, arg.span, p.name.text, "").message =
            fmt::format("an instance of pattern `{}` takes only `parameter = value` arguments", p.name.text);
      }
    }
  }
  // Arguments are evaluated in the caller's scope. Wrong or missing ones
  // leave their parameter erroneous, and the body stays quiet where it uses
  // them.
  Value args = evaluateGroup(params, inputs, d.name.span, fmt::format("pattern `{}`", p.name.text), scope, diags_,
                             /*partial=*/false, DiagKind::MissingArgument);
  expand(pattern, d.name, args, scope);
}

const GroupSpec& ArchitectureBuilder::patternParams(const ast::TopDecl& p) {
  auto [it, inserted] = pattern_params_.try_emplace(&p);
  if (!inserted) return it->second;
  GroupSpec& params = it->second;
  params.name = p.name.text;
  EmptyScope none;
  for (const ast::PropertyDecl& decl : p.params) {
    PropSpec prop;
    prop.name = decl.name.text;
    prop.span = decl.name.span;
    prop.doc = decl.doc;
    prop.type = resolveType(decl.type, nullptr, diags_);
    if (decl.default_value) prop.default_value = evaluate(*decl.default_value, prop.type, none, diags_);
    params.props.push_back(std::move(prop));
  }
  return params;
}

InstanceScope* ArchitectureBuilder::expand(const TopSymbol& pattern, const ast::Name& name, const Value& args,
                                           InstanceScope& scope) {
  const ast::TopDecl& p = *pattern.decl;
  used_.insert(&p);
  auto inst = std::make_unique<InstanceScope>();
  inst->prefix = scope.prefix + name.text + ".";
  inst->module = pattern.module;
  inst->arch = &arch_;
  inst->deployment_settings = scope.deployment_settings;
  inst->expansion = scope.expansion;
  inst->expansion.insert(inst->expansion.begin(), name.span);
  InstanceScope* child = inst.get();
  scope.children.push_back(std::move(inst));
  addName(scope, name.text, ScopeEntry{ScopeEntry::What::Instance, 0, child, name.span});
  for (const PropSpec& prop : patternParams(p).props) {
    const Value* v = args.field(prop.name);
    Value unset;
    unset.absent = prop.type.optional;
    child->params[prop.name] = v ? *v : unset;
  }
  pattern_stack_.push_back(p.name.text);
  declareBlock(p.body, *child, std::nullopt);
  pattern_stack_.pop_back();
  return child;
}

Architecture ArchitectureBuilder::buildUnused(const TopSymbol& pattern) {
  const ast::TopDecl& p = *pattern.decl;
  arch_ = Architecture{};
  arch_.name = p.name.text;
  arch_.span = p.name.span;
  pending_.clear();
  connections_.clear();
  too_large_ = false;
  root_ = std::make_unique<InstanceScope>();
  root_->module = pattern.module;
  root_->arch = &arch_;
  if (const KindSpec* dep = catalog_.find("deployment")) root_->deployment_settings = &dep->props;
  Value args;  // defaults only; required parameters stay unknown
  for (const PropSpec& prop : patternParams(p).props)
    args.fields.emplace_back(prop.name, prop.default_value ? *prop.default_value : Value{});
  raws_.clear();
  overrides_.clear();
  expand(pattern, p.name, args, *root_);
  if (too_large_) return std::move(arch_);
  for (const PendingComponent& pc : pending_) defineComponent(pc);
  defineEscapes();
  for (const PendingConnection& c : connections_) connect(arch_, c, catalog_, diags_);
  return std::move(arch_);
}

// ---- defining -----------------------------------------------------------------------

void ArchitectureBuilder::defineComponent(const PendingComponent& pending) {
  Component& c = arch_.components[pending.id];
  const ast::Declaration& d = *pending.decl;
  InstanceScope& scope = *pending.scope;
  std::string what = fmt::format("`{} {}`", d.kind.text, d.name.text);

  c.allowances = allowances(*pending.attributes, diags_);

  // Placement.
  if (d.placement) {
    if (c.kind->placement == Placement::None) {
      diags_.report(DiagKind::PlacementNotAllowed, d.placement->span, c.kind->name)
          .addHelp("remove `in ...`: its place follows from what it connects to");
    } else if (std::optional<ComponentId> tier = scope.component(*d.placement, diags_)) {
      if (arch_.components[*tier].kind->name != "tier") {
        diags_.report(DiagKind::NotATier, d.placement->span, d.placement->str())
            .addLabel(arch_.components[*tier].span, fmt::format("`{}` is a `{}`", d.placement->str(),
                                                                 arch_.components[*tier].kind->name));
      } else {
        c.placement = tier;
      }
    }
  } else if (c.kind->placement == Placement::Required) {
    diags_.report(DiagKind::PlacementRequired, d.name.span, what)
        .addHelp(fmt::format("write `{} {} in TIER`, naming a tier of the network", d.kind.text, d.name.text));
  }

  // Properties: the body's settings; child declarations were declared already.
  std::vector<FieldInput> inputs;
  if (d.body) {
    for (const ast::Statement& s : d.body->statements) {
      if (const auto* a = std::get_if<ast::Assignment>(&s.node); a && a->target.parts.size() == 1) {
        inputs.push_back({&a->target.parts[0], a->value.get(), nullptr});
      } else if (const auto* n = std::get_if<ast::NestedBlock>(&s.node)) {
        inputs.push_back({&n->name, nullptr, &n->body});
      } else if (const auto* r = std::get_if<ast::Route>(&s.node)) {
        connections_.push_back({nullptr, r, pending.id, s.span, &scope});
      } else if (std::holds_alternative<ast::Assignment>(s.node)) {
        diags_.report(DiagKind::UnknownProperty, s.span, what, "").message =
            "dotted settings are not supported here; write the group as a block: `scale { min = 2 }`";
      } else if (!std::holds_alternative<ast::Declaration>(s.node) && !std::holds_alternative<ast::Connection>(s.node)) {
        diags_.report(DiagKind::UnknownProperty, s.span, what, "").message =
            fmt::format("this statement cannot stand inside {}", what);
      }
    }
  }
  c.props = evaluateGroup(c.kind->props, inputs, d.name.span, what, scope, diags_);
}

}  // namespace arch::sema
