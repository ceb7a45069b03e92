// `--dump-ir`: the graph as one line per fact, in a stable order.
#include <fmt/format.h>

#include "compiler/ir/lower.h"

namespace arch::ir {

std::string dump(const Graph& g) {
  std::string out = fmt::format("graph {} deployment={} region={}\n", g.architecture,
                                g.deployment.empty() ? "-" : g.deployment, g.region.empty() ? "-" : g.region);
  for (const auto& [k, v] : g.tags) out += fmt::format("  tag {} = {}\n", k, v);
  for (const Component& c : g.components) {
    out += fmt::format("  component {} {} id={}", c.kind, c.name, c.id);
    if (c.tier) out += " in " + g.components[*c.tier].name;
    out += fmt::format(" @{}:{}\n", c.origin.file, c.origin.line);
    out += fmt::format("    props {}\n", c.props.str());
  }
  for (const RawResource& r : g.raw)
    out += fmt::format("  raw {} \"{}\" {} id={} @{}:{}\n    props {}\n", r.backend, r.type, r.name, r.id,
                       r.origin.file, r.origin.line, r.props.str());
  for (const ResourceOverride& o : g.resource_overrides)
    out += fmt::format("  override {} {}{} @{}:{}\n    props {}\n", o.backend, g.components[o.component].name,
                       o.role.empty() ? "" : "." + o.role, o.origin.file, o.origin.line, o.props.str());
  for (const Connection& c : g.connections) {
    out += fmt::format("  connect {} -> {} {}", g.components[c.from].name, g.components[c.to].name, c.meaning);
    if (!c.event.empty()) out += " on " + c.event;
    if (!c.access.empty()) out += fmt::format(" ({})", fmt::join(c.access, ", "));
    if (!c.settings.fields.empty()) out += " " + c.settings.str();
    out += "\n";
  }
  for (const Ingress& i : g.ingress)
    out += fmt::format("  ingress {} <- {} port {}\n", g.components[i.target].name, g.components[i.source].name, i.port);
  for (const Egress& e : g.egress)
    out += fmt::format("  egress {} -> {} port {}\n", g.components[e.source].name,
                       e.target ? g.components[*e.target].name : std::string("anywhere"), e.port);
  static constexpr const char* kScopes[] = {"resource", "objects", "secret"};
  for (const Grant& gr : g.grants)
    out += fmt::format("  grant {} {} on {} ({})\n", g.components[gr.principal].name, fmt::join(gr.actions, ","),
                       g.components[gr.resource].name, kScopes[static_cast<int>(gr.scope)]);
  static constexpr const char* kValues[] = {"name", "url", "arn", "endpoint", "port", "secret-arn"};
  for (const EnvVar& e : g.env)
    out += fmt::format("  env {} {}={}.{}\n", g.components[e.component].name, e.name, g.components[e.target].name,
                       kValues[static_cast<int>(e.value)]);
  return out;
}

}  // namespace arch::ir
