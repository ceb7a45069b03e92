// libFuzzer target: the whole pipeline in memory — modules (with the real
// stdlib catalog), names, patterns, types, checks, lowering to the IR, and
// every backend of the registry (a backend added later is fuzzed without a
// change here).
#include <cstdint>
#include <string>

#include "backends/backend.h"
#include "compiler/ir/lower.h"
#include "compiler/modules/modules.h"
#include "compiler/sema/sema.h"
#include "compiler/source/load.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const arch::modules::SearchPaths paths{{ARCHC_FUZZ_STDLIB}};
  arch::SourceManager sources;
  arch::Diagnostics diags(0);
  std::string text(reinterpret_cast<const char*>(data), size);
  std::optional<arch::FileId> id = arch::addSource("fuzz.arch", std::move(text), sources, diags);
  if (!id) return 0;
  arch::modules::ModuleSet set = arch::modules::loadSources({*id}, paths, sources, diags);
  if (diags.hasErrors()) return 0;
  arch::sema::Program program = arch::sema::analyze(set, paths, diags);
  if (diags.hasErrors()) return 0;
  for (const arch::ir::Graph& graph : arch::ir::lower(program, sources, {}, diags))
    for (const arch::backends::Backend* backend : arch::backends::registry()) backend->emit(graph, diags);
  return 0;
}
