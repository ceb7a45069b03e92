// Private to compiler/sema/: the state of elaborating one architecture —
// scopes of names, components made so far, pattern instances — shared by
// elaborate.cpp (declarations, patterns), connect.cpp (connections) and
// deploy.cpp (deployments and overrides).
#pragma once

#include <map>
#include <memory>
#include <set>

#include "compiler/modules/modules.h"
#include "compiler/sema/evaluate.h"
#include "compiler/sema/program.h"
#include "compiler/sema/sema.h"

namespace arch::sema {

// What a top-level name means in a module: its own declarations and those of
// the modules it imports.
struct TopSymbol {
  const ast::TopDecl* decl = nullptr;
  std::size_t module = 0;
};
using TopSymbols = std::map<std::string, TopSymbol, std::less<>>;

// One scope of names: an architecture's body or one pattern instance.
// Patterns are hygienic: an instance sees its parameters, its own
// components and top-level names, never its caller's components.
struct InstanceScope;
struct ScopeEntry {
  // Poisoned: a declaration that failed (unknown kind); uses of its name
  // stay quiet, since the failure was reported once already. Raw: a raw
  // resource, which is not a component (`component` is its index in
  // Architecture::raw).
  enum class What { Component, Instance, Ambiguous, Poisoned, Raw } what = What::Component;
  ComponentId component = 0;
  InstanceScope* instance = nullptr;
  Span span;  // where the name was declared
};

struct InstanceScope : Scope {
  std::string prefix;  // "" for the architecture, "app." inside instance `app`
  std::size_t module = 0;
  std::map<std::string, Value, std::less<>> params;
  std::map<std::string, ScopeEntry, std::less<>> names;
  std::vector<Span> expansion;  // instantiation sites, innermost first
  const Architecture* arch = nullptr;
  const GroupSpec* deployment_settings = nullptr;
  std::vector<std::unique_ptr<InstanceScope>> children;

  const Value* binding(std::string_view name) const override;
  std::optional<ComponentId> component(const ast::Path& path, Diagnostics& diags) const override;
  std::string_view kindOf(ComponentId id) const override;
  std::string nameOf(ComponentId id) const override;
  const GroupSpec* settings() const override { return deployment_settings; }

  // Resolves without reporting; `missing` receives the first part not found.
  std::optional<ComponentId> lookup(const ast::Path& path, std::size_t first, std::string* missing) const;
  // The entry a path names through pattern instances (`app.flags`), or null
  // when it goes on into a component.
  const ScopeEntry* entry(const ast::Path& path, std::size_t first = 0) const;
  std::vector<std::string> visibleNames() const;
};

// A component declared but not yet evaluated: its AST and its scope.
struct PendingComponent {
  ComponentId id;
  const ast::Declaration* decl;
  const std::vector<ast::Attribute>* attributes;
  InstanceScope* scope;
};

// Raw resources and resource overrides found while declaring, evaluated
// once all names exist (their values may refer to components).
struct PendingRaw {
  std::size_t index;  // in Architecture::raw
  const ast::Declaration* decl;
  const std::vector<ast::Attribute>* attributes;
  InstanceScope* scope;
};
struct PendingOverride {
  const ast::Statement* stmt;
  InstanceScope* scope;
};

// Connections and routes found while declaring, evaluated once all names exist.
struct PendingConnection {
  const ast::Connection* conn = nullptr;
  const ast::Route* route = nullptr;
  ComponentId route_owner = 0;
  Span span;
  InstanceScope* scope;
};

class ArchitectureBuilder {
 public:
  ArchitectureBuilder(const modules::ModuleSet& modules, const modules::SearchPaths& paths,
                      const std::vector<TopSymbols>& symbols, const Catalog& catalog, const Limits& limits,
                      Diagnostics& diags)
      : modules_(modules), paths_(paths), symbols_(symbols), catalog_(catalog), limits_(limits), diags_(diags) {}

  Architecture build(const ast::TopDecl& decl, std::size_t module);
  // Checks a pattern no architecture uses, with its defaults and with its
  // required parameters left unknown (uses of them stay quiet).
  Architecture buildUnused(const TopSymbol& pattern);
  bool used(const ast::TopDecl& pattern) const { return used_.count(&pattern) != 0; }
  // The root scope of the architecture just built, for deployments'
  // overrides; point it at the architecture's final place with repoint().
  std::unique_ptr<InstanceScope> takeRoot() { return std::move(root_); }

 private:
  void declareBlock(const ast::Block& block, InstanceScope& scope, std::optional<ComponentId> parent);
  void declareComponent(const ast::Statement& s, const ast::Declaration& d, const KindSpec& kind,
                        InstanceScope& scope, std::optional<ComponentId> parent);
  void instantiate(const ast::Declaration& d, const TopSymbol& pattern, InstanceScope& scope);
  // A pattern's parameters with their types and defaults, resolved once.
  const GroupSpec& patternParams(const ast::TopDecl& pattern);
  // Expands `pattern` into a new instance scope of `scope` with `args`.
  InstanceScope* expand(const TopSymbol& pattern, const ast::Name& name, const Value& args, InstanceScope& scope);
  void defineComponent(const PendingComponent& pending);
  // raw.cpp: `cloudformation "AWS::SSM::Parameter" flags { ... }`.
  void declareRaw(const ast::Statement& s, const ast::Declaration& d, InstanceScope& scope,
                  std::optional<ComponentId> parent);
  void defineRaw(const PendingRaw& pending);
  // Evaluates what declaring left for later: raw resources, resource overrides.
  void defineEscapes();
  bool addName(InstanceScope& scope, const std::string& name, ScopeEntry entry);
  // Marks a name whose declaration failed, so that its uses stay quiet.
  void poison(InstanceScope& scope, const ast::Name& name);
  std::vector<std::string> kindCandidates(std::size_t module) const;

  const modules::ModuleSet& modules_;
  const modules::SearchPaths& paths_;
  const std::vector<TopSymbols>& symbols_;
  const Catalog& catalog_;
  const Limits& limits_;
  Diagnostics& diags_;

  Architecture arch_;
  std::unique_ptr<InstanceScope> root_;
  std::vector<PendingComponent> pending_;
  std::vector<PendingConnection> connections_;
  std::vector<PendingRaw> raws_;
  std::vector<PendingOverride> overrides_;
  std::vector<std::string> pattern_stack_;
  std::map<const ast::TopDecl*, GroupSpec> pattern_params_;
  std::set<const ast::TopDecl*> used_;
  bool too_large_ = false;
};

void repoint(InstanceScope& scope, const Architecture* arch);

// Turns `@allow(check, reason = "...")` attributes into allowances.
std::vector<Allowance> allowances(const std::vector<ast::Attribute>& attributes, Diagnostics& diags);

// raw.cpp: raw resources and resource overrides (docs/language.md §3.9).
// What an override's body sets: the settings of a component (`min = 4`,
// deployments only) or the properties of a resource archc generates
// (`HealthCheckGracePeriodSeconds = 60`: PascalCase, as CloudFormation
// names them). Invalid: it mixes both (reported).
enum class OverrideKind { Settings, Resource, Invalid };
OverrideKind classifyOverride(const ast::Override& o, Diagnostics& diags);
// `override api.service { ... }` in `scope`: the component, the role, the
// properties; nothing when it does not resolve (reported). Warns (W0504)
// unless the statement carries `@allow(resource_override, ...)`.
std::optional<ResourceOverride> resourceOverride(const ast::Statement& s, const Architecture& arch,
                                                 const InstanceScope& scope, Diagnostics& diags);

// raw_eval.cpp: bodies in a backend's terms. The key a statement of a body
// sets (`Key = ...`, `Key { ... }`), if it sets one; a body as an object
// (`what` names its owner in messages); a path to a generated resource
// (`api.service`) or a raw resource, as a reference.
const ast::Name* keyOf(const ast::Statement& s);
RawValue evaluateRawBody(const ast::Block& body, Span span, bool merge, std::string_view what,
                         const InstanceScope& scope, const Architecture& arch, Diagnostics& diags);
RawValue resolveRawReference(const ast::Path& path, Span span, const InstanceScope& scope, const Architecture& arch,
                             Diagnostics& diags);

// connect.cpp
void connect(Architecture& arch, const PendingConnection& pending, const Catalog& catalog, Diagnostics& diags);

// checks.cpp: the architecture checks of docs/diagnostics.md E05xx.
void checkArchitecture(const Architecture& arch, Diagnostics& diags);

// deploy.cpp
Deployment buildDeployment(const ast::TopDecl& decl, const TopSymbols& symbols,
                           const std::vector<Architecture>& archs,
                           const std::vector<std::unique_ptr<InstanceScope>>& roots, const Catalog& catalog,
                           Diagnostics& diags);

}  // namespace arch::sema
