// Runs the semantic phase: catalog, top-level names, architectures (with
// their checks), deployments and pipelines.
#include "compiler/sema/sema.h"

#include <fmt/format.h>

#include "compiler/sema/elaborate.h"

namespace arch::sema {
namespace {

// Top-level names visible in each module: its own, then its imports'.
std::vector<TopSymbols> collectSymbols(const modules::ModuleSet& set, Diagnostics& diags) {
  std::vector<TopSymbols> out(set.modules.size());
  for (std::size_t i = 0; i < set.modules.size(); ++i) {
    for (const ast::TopDecl& d : set.modules[i].ast.decls) {
      if (d.kind == ast::TopKind::Kind) continue;  // kinds live in the catalog
      auto [it, inserted] = out[i].emplace(d.name.text, TopSymbol{&d, i});
      if (!inserted)
        diags.report(DiagKind::DuplicateDefinition, d.name.span, d.name.text)
            .withLabel("defined again here")
            .addLabel(it->second.decl->name.span, "first defined here")
            .addHelp("architectures, patterns, deployments and pipelines of a module share one namespace: rename one");
    }
  }
  for (std::size_t i = 0; i < set.modules.size(); ++i)
    for (std::size_t imported : set.modules[i].imports)
      for (const ast::TopDecl& d : set.modules[imported].ast.decls)
        if (d.kind != ast::TopKind::Kind) out[i].emplace(d.name.text, TopSymbol{&d, imported});
  return out;
}

// Resolves `ARCHITECTURE.COMPONENT` for pipelines.
class PipelineScope : public Scope {
 public:
  PipelineScope(const std::vector<Architecture>& archs, const std::vector<std::unique_ptr<InstanceScope>>& roots,
                const TopSymbols& symbols)
      : archs_(archs), roots_(roots), symbols_(symbols) {}
  bool declares(std::string_view kind, std::string_view name) const override {
    auto it = symbols_.find(name);
    return it != symbols_.end() && ast::topKindKeyword(it->second.decl->kind) == kind;
  }
  std::vector<std::string> declared(std::string_view kind) const override {
    std::vector<std::string> out;
    for (const auto& [name, sym] : symbols_)
      if (ast::topKindKeyword(sym.decl->kind) == kind) out.push_back(name);
    return out;
  }
  const Value* binding(std::string_view) const override { return nullptr; }
  std::optional<ComponentId> component(const ast::Path& path, Diagnostics& diags) const override {
    for (std::size_t i = 0; i < archs_.size(); ++i) {
      if (archs_[i].name != path.parts[0].text || path.parts.size() < 2) continue;
      ast::Path rest{std::vector<ast::Name>(path.parts.begin() + 1, path.parts.end()), path.span};
      last_ = i;
      return roots_[i]->component(rest, diags);
    }
    diags.report(DiagKind::UndefinedName, path.span, path.str())
        .addHelp("name a component as `ARCHITECTURE.COMPONENT`");
    return std::nullopt;
  }
  std::string_view kindOf(ComponentId id) const override { return archs_[last_].components[id].kind->name; }
  std::string nameOf(ComponentId id) const override {
    return archs_[last_].name + "." + archs_[last_].components[id].name;
  }

 private:
  const std::vector<Architecture>& archs_;
  const std::vector<std::unique_ptr<InstanceScope>>& roots_;
  const TopSymbols& symbols_;
  mutable std::size_t last_ = 0;
};

}  // namespace

Program analyze(const modules::ModuleSet& set, const modules::SearchPaths& paths, Diagnostics& diags,
                const Limits& limits) {
  Program program;
  program.catalog = buildCatalog(set, diags);
  std::vector<TopSymbols> symbols = collectSymbols(set, diags);

  std::vector<std::unique_ptr<InstanceScope>> roots;
  ArchitectureBuilder builder(set, paths, symbols, program.catalog, limits, diags);
  for (std::size_t m = 0; m < set.modules.size(); ++m) {
    if (set.modules[m].origin == modules::Origin::Catalog) continue;
    for (const ast::TopDecl& d : set.modules[m].ast.decls) {
      if (d.kind != ast::TopKind::Architecture) continue;
      program.architectures.push_back(builder.build(d, m));
      roots.push_back(builder.takeRoot());
    }
  }
  for (std::size_t i = 0; i < roots.size(); ++i) repoint(*roots[i], &program.architectures[i]);
  for (const Architecture& a : program.architectures) checkArchitecture(a, diags);

  // Patterns of the program's own modules that nothing instantiates are
  // checked on their own, with their defaults: an unused pattern with a
  // mistake must not pass silently.
  for (std::size_t m = 0; m < set.modules.size(); ++m) {
    if (set.modules[m].origin != modules::Origin::Root) continue;
    for (const ast::TopDecl& d : set.modules[m].ast.decls) {
      if (d.kind != ast::TopKind::Pattern || builder.used(d)) continue;
      Architecture unused = builder.buildUnused(TopSymbol{&d, m});
      std::unique_ptr<InstanceScope> root = builder.takeRoot();
      repoint(*root, &unused);
      checkArchitecture(unused, diags);
    }
  }

  for (std::size_t m = 0; m < set.modules.size(); ++m) {
    if (set.modules[m].origin == modules::Origin::Catalog) continue;
    for (const ast::TopDecl& d : set.modules[m].ast.decls) {
      if (d.kind == ast::TopKind::Deployment) {
        program.deployments.push_back(
            buildDeployment(d, symbols[m], program.architectures, roots, program.catalog, diags));
      } else if (d.kind == ast::TopKind::Pipeline) {
        Pipeline p;
        p.name = d.name.text;
        p.span = d.name.span;
        if (const KindSpec* kind = program.catalog.find("pipeline")) {
          std::vector<FieldInput> inputs;
          for (const ast::Statement& s : d.body.statements) {
            if (const auto* a = std::get_if<ast::Assignment>(&s.node); a && a->target.parts.size() == 1)
              inputs.push_back({&a->target.parts[0], a->value.get(), nullptr});
            else if (const auto* n = std::get_if<ast::NestedBlock>(&s.node))
              inputs.push_back({&n->name, nullptr, &n->body});
            else
              diags.report(DiagKind::UnknownProperty, s.span, "a pipeline", "").message =
                  "a pipeline holds only its settings";
          }
          PipelineScope scope(program.architectures, roots, symbols[m]);
          p.settings = evaluateGroup(kind->props, inputs, d.name.span, fmt::format("`pipeline {}`", p.name), scope, diags);
        }
        program.pipelines.push_back(std::move(p));
      }
    }
  }
  return program;
}

}  // namespace arch::sema
