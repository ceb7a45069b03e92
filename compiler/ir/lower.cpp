// Lowers the checked program: per deployment, the architecture's components
// with overrides applied, its connections, and what they imply.
#include "compiler/ir/lower.h"

#include <fmt/format.h>

namespace arch::ir {
namespace {

// Deployment settings named in strings (`${version}`) are filled in here,
// so backends see only deploy-time inputs (`${param:X}`). Without a
// deployment, a setting becomes such an input.
void fillSettings(sema::Value& v, const sema::Value& settings, bool have_deployment) {
  if (v.kind == sema::TypeKind::String && v.deferred) {
    std::string out;
    std::size_t pos = 0;
    while (true) {
      std::size_t start = v.text.find("${", pos);
      if (start == std::string::npos) break;
      std::size_t end = v.text.find('}', start);
      std::string name = v.text.substr(start + 2, end - start - 2);
      out += v.text.substr(pos, start - pos);
      const sema::Value* s = settings.field(name);
      if (name.rfind("param:", 0) == 0 || !have_deployment || !s || !s->ok())
        out += name.rfind("param:", 0) == 0 ? "${" + name + "}" : "${param:" + name + "}";
      else
        out += s->kind == sema::TypeKind::String ? s->text : s->str();
      pos = end + 1;
    }
    out += v.text.substr(pos);
    v.text = std::move(out);
    v.deferred = v.text.find("${param:") != std::string::npos;
  }
  for (sema::Value& item : v.items) fillSettings(item, settings, have_deployment);
  for (sema::Field& f : v.fields) fillSettings(f.value, settings, have_deployment);
}

void fillRawSettings(sema::RawValue& v, const sema::Value& settings, bool have_deployment) {
  if (v.kind == sema::RawValue::Kind::String && v.deferred) {
    sema::Value text;
    text.kind = sema::TypeKind::String;
    text.text = std::move(v.text);
    text.deferred = true;
    fillSettings(text, settings, have_deployment);
    v.text = std::move(text.text);
    v.deferred = text.deferred;
  }
  for (sema::RawValue& item : v.items) fillRawSettings(item, settings, have_deployment);
  for (sema::RawField& f : v.fields) fillRawSettings(f.value, settings, have_deployment);
}

Origin originOf(Span span, const SourceManager& sources) {
  if (!span.valid()) return {};
  const SourceFile& f = sources.file(span.file);
  return Origin{f.path(), f.lineCol(span.offset).line};
}

// The escape hatches: raw resources and resource overrides, as written.
void lowerEscapes(Graph& g, const sema::Architecture& arch, const sema::Deployment* dep, const SourceManager& sources,
                  std::map<std::string, std::string>& ids, Diagnostics& diags) {
  for (const sema::RawResource& r : arch.raw) {
    RawResource out;
    out.backend = r.backend;
    out.type = r.type;
    out.name = r.name;
    out.id = identifier(r.name);
    out.props = r.props;
    fillRawSettings(out.props, g.settings, dep != nullptr);
    out.origin = originOf(r.span, sources);
    out.span = r.span;
    out.type_span = r.type_span;
    auto [it, inserted] = ids.emplace(out.id, out.name);
    if (!inserted)
      diags.report(DiagKind::IdentifierClash, r.span, out.name, it->second, out.id)
          .addHelp("rename one of them: resources are named after components and raw resources");
    g.raw.push_back(std::move(out));
  }
  auto add = [&](const sema::ResourceOverride& o) {
    ResourceOverride out;
    out.component = o.component;
    out.role = o.role;
    out.props = o.props;
    fillRawSettings(out.props, g.settings, dep != nullptr);
    out.origin = originOf(o.span, sources);
    out.span = o.span;
    g.resource_overrides.push_back(std::move(out));
  };
  for (const sema::ResourceOverride& o : arch.resource_overrides) add(o);
  if (dep)
    for (const sema::ResourceOverride& o : dep->resource_overrides) add(o);
}

// `database db { proxy = true }` is a `database_proxy db.proxy { database
// = db }` in the database's tier, with database_proxy's defaults: the IR
// has the component, so derive.cpp routes functions through it like
// through a declared proxy.
void addBuiltInProxies(Graph& g, std::map<std::string, std::string>& ids, Diagnostics& diags) {
  for (Index i = 0, n = static_cast<Index>(g.components.size()); i < n; ++i) {
    const Component& db = g.components[i];
    if (db.kind != "database" || !db.flag("proxy") || !db.tier) continue;
    Component proxy;
    proxy.name = db.name + ".proxy";
    proxy.id = identifier(proxy.name);
    proxy.kind = "database_proxy";
    sema::Value ref;
    ref.kind = sema::TypeKind::Ref;
    ref.ref = i;
    proxy.props.kind = sema::TypeKind::Group;
    proxy.props.fields.emplace_back("database", ref);
    proxy.parent = i;
    proxy.tier = db.tier;
    proxy.network = db.network;
    proxy.origin = db.origin;
    proxy.span = db.span;
    auto [it, inserted] = ids.emplace(proxy.id, proxy.name);
    if (!inserted)
      diags.report(DiagKind::IdentifierClash, db.span, proxy.name, it->second, proxy.id)
          .addNote(fmt::format("`proxy = true` adds the RDS Proxy `{}`", proxy.name))
          .addHelp("rename one of them: generated resources are named after components");
    g.components.push_back(std::move(proxy));
  }
}

Graph lowerOne(const sema::Architecture& arch, const sema::Deployment* dep, const SourceManager& sources,
               Diagnostics& diags) {
  Graph g;
  g.architecture = arch.name;
  g.deployment = dep ? dep->name : "";
  g.span = dep ? dep->span : arch.span;
  if (dep) {
    g.settings = dep->settings;
    if (const sema::Value* region = dep->settings.field("region"); region && region->ok()) g.region = region->text;
    if (const sema::Value* tags = dep->settings.field("tags"); tags && tags->ok())
      for (const sema::Field& f : tags->fields) g.tags[f.name] = f.value.text;
  }
  std::map<std::string, std::string> ids;  // id -> name, to catch two names with one id
  for (const sema::Component& c : arch.components) {
    Component out;
    out.name = c.name;
    out.id = identifier(c.name);
    out.kind = c.kind->name;
    out.props = c.props;
    out.parent = c.parent;
    out.tier = c.placement;
    for (const sema::Allowance& a : c.allowances) out.allowed.push_back(a.check);
    out.span = c.span;
    out.origin = originOf(c.span, sources);
    auto [it, inserted] = ids.emplace(out.id, out.name);
    if (!inserted)
      diags.report(DiagKind::IdentifierClash, c.span, out.name, it->second, out.id)
          .addHelp("rename one of them: generated resources are named after components");
    g.components.push_back(std::move(out));
  }
  if (dep)
    for (const auto& [id, settings] : dep->overrides) sema::overlay(g.components[id].props, settings);
  for (Component& c : g.components) fillSettings(c.props, g.settings, dep != nullptr);
  lowerEscapes(g, arch, dep, sources, ids, diags);
  // The network of each component: its tier's network, a tier's parent, or itself.
  for (Index i = 0; i < g.components.size(); ++i) {
    Component& c = g.components[i];
    if (c.kind == "network") c.network = i;
    else if (c.kind == "tier") c.network = c.parent;
    else if (c.tier) c.network = g.components[*c.tier].parent;
  }
  // A component switched off (`enabled = false`, after overrides) is not
  // deployed: arrows to or from it are dropped with it.
  auto off = [&](Index i) {
    const sema::Value* e = g.components[i].prop("enabled");
    return e && e->ok() && e->kind == sema::TypeKind::Bool && !e->flag;
  };
  addBuiltInProxies(g, ids, diags);
  for (const sema::Connection& c : arch.connections) {
    if (off(c.from) || off(c.to)) continue;
    Connection out;
    out.from = c.from;
    out.to = c.to;
    out.meaning = c.rule->meaning;
    out.event = c.event;
    out.access = c.access;
    out.settings = c.settings;
    out.span = c.span;
    g.connections.push_back(std::move(out));
  }
  derive(g);
  return g;
}

}  // namespace

std::vector<Graph> lower(const sema::Program& program, const SourceManager& sources, const LowerOptions& options,
                         Diagnostics& diags) {
  std::vector<Graph> graphs;
  if (options.deployment) {
    for (const sema::Deployment& d : program.deployments)
      if (d.name == *options.deployment)
        graphs.push_back(lowerOne(program.architectures[d.architecture], &d, sources, diags));
    if (graphs.empty()) {
      Diagnostic& diag = diags.report(DiagKind::UnknownDeployment, Span{}, *options.deployment);
      std::vector<std::string> names;
      for (const sema::Deployment& d : program.deployments) names.push_back("`" + d.name + "`");
      diag.addNote(names.empty() ? std::string("the program declares no deployment")
                                 : fmt::format("its deployments: {}", fmt::join(names, ", ")));
    }
    return graphs;
  }
  for (const sema::Deployment& d : program.deployments)
    graphs.push_back(lowerOne(program.architectures[d.architecture], &d, sources, diags));
  if (program.deployments.empty())
    for (const sema::Architecture& a : program.architectures) graphs.push_back(lowerOne(a, nullptr, sources, diags));
  return graphs;
}

}  // namespace arch::ir
