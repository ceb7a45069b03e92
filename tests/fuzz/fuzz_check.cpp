// libFuzzer target: the whole pipeline in memory — modules (with the real
// stdlib catalog), names, patterns, types, checks — on any bytes. Later
// phases (IR, every registered backend) join it as they land.
#include <cstdint>
#include <string>

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
  if (!diags.hasErrors()) arch::sema::analyze(set, paths, diags);
  return 0;
}
