// Backends turn an IR graph into files, in memory; the driver writes them.
// Each registers itself in registry(), so the driver, the tests and the
// fuzzers run every backend without naming it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/ir/ir.h"

namespace arch::backends {

struct Artifact {
  std::string path;  // relative to the deployment's output directory
  std::string content;
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string_view name() const = 0;
  // Reports what it cannot emit (E0703) rather than leave it out.
  virtual std::vector<Artifact> emit(const ir::Graph& graph, Diagnostics& diags) const = 0;
};

const std::vector<const Backend*>& registry();

// Raw resources written for a backend archc does not have yet (`terraform
// "aws_ssm_parameter" ...`) are refused (E0703), never silently left out of
// every output: each backend emits only the raw resources tagged with its name.
void refuseOrphanRawResources(const ir::Graph& graph, Diagnostics& diags);

}  // namespace arch::backends
