// The list of backends, in the order their files are written.
#include <fmt/format.h>

#include "backends/backend.h"
#include "backends/cloudformation/cloudformation.h"

namespace arch::backends {

const std::vector<const Backend*>& registry() {
  static const cloudformation::CloudFormationBackend cfn;
  static const std::vector<const Backend*> all = {&cfn};
  return all;
}

void refuseOrphanRawResources(const ir::Graph& graph, Diagnostics& diags) {
  for (const ir::RawResource& r : graph.raw) {
    bool emitted = false;
    for (const Backend* b : registry()) emitted |= b->name() == r.backend;
    if (!emitted)
      diags.report(DiagKind::NotYetEmitted, r.span, fmt::format("a `{}` raw resource (`{}`)", r.backend, r.name))
          .addNote(fmt::format("`archc check` accepts it; the {} backend is not written yet", r.backend));
  }
}

}  // namespace arch::backends
