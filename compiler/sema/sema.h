// The semantic phase: modules in, checked program out. Resolves names,
// builds the catalog, expands patterns, types every property and connection,
// then runs the architecture checks. Reports into `diags`; on errors the
// program it returns is partial and must not be lowered.
#pragma once

#include "compiler/modules/modules.h"
#include "compiler/sema/program.h"

namespace arch::sema {

struct Limits {
  std::size_t max_expansion_depth = 32;   // patterns inside patterns
  std::size_t max_components = 10'000;    // after expansion, per architecture
};

Program analyze(const modules::ModuleSet& modules, const modules::SearchPaths& paths, Diagnostics& diags,
                const Limits& limits = {});

}  // namespace arch::sema
