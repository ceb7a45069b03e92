// Runs the phases over the input files and renders what they report.
#include "compiler/driver/driver.h"

#include "compiler/ast/dump.h"
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

Result dumpAst(const Options& options) {
  Run run(options);
  parseAll(options, run);
  std::string output;
  if (!run.diags.hasErrors())
    for (const ast::Module& m : run.modules) output += ast::dump(m, run.sources);
  return finish(options, run, std::move(output));
}

}  // namespace arch::driver
