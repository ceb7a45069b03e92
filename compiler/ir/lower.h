// Lowering: the checked program to one IR graph per deployment, with the
// consequences of every connection derived (derive.cpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/ir/ir.h"
#include "compiler/sema/program.h"

namespace arch::ir {

struct LowerOptions {
  std::optional<std::string> deployment;  // only this one; all when unset
};

// One graph per deployment; a program without deployments gives one graph
// per architecture, deployed by the stack's own region and defaults.
std::vector<Graph> lower(const sema::Program& program, const SourceManager& sources, const LowerOptions& options,
                         Diagnostics& diags);

// Fills ingress, egress, grants and env from the graph's connections.
void derive(Graph& graph);

// A stable, line-per-fact text form for `archc build --dump-ir` and tests.
std::string dump(const Graph& graph);

}  // namespace arch::ir
