// Runs the phases over the input files and renders what they report.
#include "compiler/driver/driver.h"

#include <csignal>
#include <cstdlib>

#include <fmt/format.h>

#include "compiler/ast/dump.h"
#include "compiler/driver/output.h"
#include "compiler/ir/lower.h"
#include "compiler/modules/modules.h"
#include "compiler/sema/sema.h"
#include "compiler/source/load.h"
#include "compiler/syntax/parse.h"

namespace arch::driver {
namespace {

struct Run {
  SourceManager sources;
  Diagnostics diags;
  std::vector<ast::Module> modules;
  bool io_error = false;

  explicit Run(const Options& o) : diags(o.max_errors) {}
};

void parseAll(const Options& options, Run& run) {
  for (const std::string& path : options.files) {
    if (run.diags.limitReached()) break;
    std::size_t before = run.diags.all().size();
    std::optional<FileId> id = loadSource(path, run.sources, run.diags);
    if (!id) {
      for (std::size_t i = before; i < run.diags.all().size(); ++i)
        if (run.diags.all()[i].kind == DiagKind::FileUnreadable) run.io_error = true;
      continue;
    }
    run.modules.push_back(syntax::parse(run.sources, *id, run.diags));
  }
}

Result finish(const Options& options, Run& run, std::string output) {
  Result result;
  result.output = std::move(output);
  std::size_t warnings = 0;
  for (const Diagnostic& d : run.diags.finish()) {
    result.diagnostics += render(run.sources, d, options.render);
    if (d.severity == Severity::Warning) ++warnings;
  }
  if (options.render.format == DiagFormat::Text)
    result.diagnostics += renderSummary(run.diags.errorCount(), warnings, options.render.color);
  result.exit_code = run.io_error ? kUsageOrIoError : run.diags.hasErrors() ? kProgramErrors : kSuccess;
  return result;
}

}  // namespace

Result check(const Options& options) {
  Run run(options);
  modules::SearchPaths paths = modules::defaultSearchPaths(options.exe_path, options.include_dirs);
  modules::ModuleSet set = modules::load(options.files, paths, run.sources, run.diags);
  run.io_error = set.io_error;
  // A file with syntax errors is empty: checking the rest would only report
  // what that one mistake hides.
  if (!run.diags.hasErrors()) sema::analyze(set, paths, run.diags);
  return finish(options, run, {});
}

std::vector<backends::Artifact> buildInMemory(const Options& options, const BuildOptions& build, Result& result) {
  Run run(options);
  modules::SearchPaths paths = modules::defaultSearchPaths(options.exe_path, options.include_dirs);
  modules::ModuleSet set = modules::load(options.files, paths, run.sources, run.diags);
  run.io_error = set.io_error;
  std::vector<backends::Artifact> files;
  std::string dumps;
  if (!run.diags.hasErrors()) {
    sema::Program program = sema::analyze(set, paths, run.diags);
    if (!run.diags.hasErrors()) {
      for (const ir::Graph& g : ir::lower(program, run.sources, ir::LowerOptions{build.deployment}, run.diags)) {
        if (build.dump_ir) {
          dumps += ir::dump(g);
          continue;
        }
        std::string dir = g.deployment.empty() ? "default" : g.deployment;
        backends::refuseOrphanRawResources(g, run.diags);
        for (const backends::Backend* b : backends::registry())
          for (backends::Artifact& a : b->emit(g, run.diags))
            files.push_back(backends::Artifact{dir + "/" + a.path, std::move(a.content)});
      }
    }
  }
  result = finish(options, run, std::move(dumps));
  if (run.diags.hasErrors()) files.clear();
  return files;
}

Result build(const Options& options, const BuildOptions& build) {
  Result result;
  std::vector<backends::Artifact> files = buildInMemory(options, build, result);
  if (result.exit_code != kSuccess || build.dump_ir) return result;
  std::string error;
  // ARCHC_TEST_INTERRUPT_AFTER_FIRST_FILE makes the build interrupt itself
  // once the first file is staged: the test of all-or-nothing output.
  void (*hook)() = nullptr;
  if (std::getenv("ARCHC_TEST_INTERRUPT_AFTER_FIRST_FILE")) hook = [] { std::raise(SIGINT); };
  switch (writeAtomically(build.out_dir, files, error, hook)) {
    case WriteResult::Written:
      for (const backends::Artifact& a : files) result.output += build.out_dir + "/" + a.path + "\n";
      break;
    case WriteResult::Failed:
      result.diagnostics += fmt::format("error[E0704]: cannot write `{}`: {}\n", build.out_dir, error);
      result.exit_code = kUsageOrIoError;
      break;
    case WriteResult::Interrupted:
      result.diagnostics += "archc: interrupted; the output directory is unchanged\n";
      result.exit_code = kInterrupted;
      break;
  }
  return result;
}

Result dumpAst(const Options& options) {
  Run run(options);
  parseAll(options, run);
  std::string output;
  if (!run.diags.hasErrors())
    for (const ast::Module& m : run.modules) output += ast::dump(m, run.sources);
  return finish(options, run, std::move(output));
}

}  // namespace arch::driver
