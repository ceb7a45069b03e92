// The CloudFormation backend: one template per graph. Kinds and features it
// cannot emit yet are refused with E0703, never silently left out.
#include <fmt/format.h>

#include "backends/cloudformation/cloudformation.h"
#include "backends/cloudformation/escape.h"
#include "backends/cloudformation/template.h"

namespace arch::cloudformation {
namespace {

using Emitter = void (*)(Template&, ir::Index);

struct KindEmitter {
  std::string_view kind;
  Emitter emit;
};

// Tiers are emitted by their network, connections by their endpoints.
void nothing(Template&, ir::Index) {}

constexpr KindEmitter kEmitters[] = {
    {"network", emitNetwork},
    {"tier", nothing},
    {"load_balancer", emitLoadBalancer},
    {"container_service", emitContainerService},
    {"database", emitDatabase},
    {"database_proxy", emitDatabaseProxy},
    {"function", emitFunction},
    {"queue", emitQueue},
    {"topic", emitTopic},
    {"bucket", emitBucket},
    {"secret", emitSecret},
    {"rest_api", emitRestApi},
    {"http_api", emitHttpApi},
    {"cache", emitCache},
    {"cdn", emitCdn},
    {"firewall", emitFirewall},
    {"dns_zone", emitDnsZone},
    {"static_site", emitStaticSite},
    {"alarm", emitAlarm},
    {"budget", emitBudget},
};

Emitter emitterFor(std::string_view kind) {
  for (const KindEmitter& e : kEmitters)
    if (e.kind == kind) return e.emit;
  return nullptr;
}

// Deployment features a later version emits.
bool refuseUnsupported(const ir::Graph& g, Diagnostics& diags) {
  std::size_t before = diags.errorCount();
  auto setting = [&](std::string_view name) -> std::string {
    const sema::Value* v = g.settings.field(name);
    return v && v->ok() ? v->text : "";
  };
  if (std::string release = setting("release"); !release.empty() && release != "rolling")
    diags.report(DiagKind::NotYetEmitted, g.span, fmt::format("the `{}` release strategy", release))
        .addNote("`archc check` accepts it; the deployment backends that emit it are not written yet");
  if (std::string recovery = setting("recovery"); !recovery.empty() && recovery != "none")
    diags.report(DiagKind::NotYetEmitted, g.span, fmt::format("the `{}` recovery strategy", recovery))
        .addNote("`archc check` accepts it; the multi-region templates it needs are not written yet");
  for (const ir::Component& c : g.components)
    if (!emitterFor(c.kind))
      diags.report(DiagKind::NotYetEmitted, c.span, fmt::format("a `{}` (`{}`)", c.kind, c.name));
  return diags.errorCount() != before;
}

}  // namespace

void notYet(Template& t, ir::Index i) {
  const ir::Component& c = t.graph().components[i];
  t.diags().report(DiagKind::NotYetEmitted, c.span, fmt::format("a `{}` (`{}`)", c.kind, c.name))
      .addNote("`archc check` accepts it; the CloudFormation backend does not emit this kind yet");
}

std::vector<backends::Artifact> CloudFormationBackend::emit(const ir::Graph& g, Diagnostics& diags) const {
  if (refuseUnsupported(g, diags)) return {};
  Template t(g, diags);
  std::size_t before = diags.errorCount();
  for (ir::Index i = 0; i < g.components.size(); ++i) emitterFor(g.components[i].kind)(t, i);
  emitDeploymentBudget(t);
  emitSecurityGroups(t);
  emitEscapeHatches(t);  // last: overrides apply to what the emitters made
  if (diags.errorCount() != before) return {};
  return {backends::Artifact{fmt::format("cloudformation/{}.template.json", g.architecture), t.dump()}};
}

}  // namespace arch::cloudformation
