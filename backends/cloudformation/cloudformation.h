// The CloudFormation backend: one JSON template per graph,
// `cloudformation/<architecture>.template.json`.
#pragma once

#include "backends/backend.h"

namespace arch::cloudformation {

class CloudFormationBackend : public backends::Backend {
 public:
  std::string_view name() const override { return "cloudformation"; }
  std::vector<backends::Artifact> emit(const ir::Graph& graph, Diagnostics& diags) const override;
};

}  // namespace arch::cloudformation
