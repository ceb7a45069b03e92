// The driver runs the phases in order over the files named on the command
// line and stops after the phase asked for. It prints nothing itself: it
// returns text and diagnostics, so tests and fuzzers run it in memory.
#pragma once

#include <string>
#include <vector>

#include <optional>

#include "backends/backend.h"
#include "compiler/diag/render.h"

namespace arch::driver {

// Process exit codes, documented in docs/cli.md.
enum ExitCode : int { kSuccess = 0, kProgramErrors = 1, kUsageOrIoError = 2, kInterrupted = 130 };

struct Options {
  std::vector<std::string> files;
  RenderOptions render;
  std::size_t max_errors = 50;
  std::vector<std::string> include_dirs;  // -I: where `std.*` and the catalog are found
  std::string exe_path;                   // to find the stdlib installed beside the binary
};

struct Result {
  int exit_code = kSuccess;
  std::string output;       // for stdout: dumps
  std::string diagnostics;  // for stderr: rendered diagnostics and summary
};

// `archc check`: load every file and what it imports, and check them.
Result check(const Options& options);
// `archc parse --dump-ast`: parse every file and dump its AST.
Result dumpAst(const Options& options);

struct BuildOptions {
  std::string out_dir = "out";
  std::optional<std::string> deployment;
  bool dump_ir = false;   // print the IR instead of writing files
};

// `archc build`: check, lower each deployment, run every backend, and write
// `OUT/<deployment>/<backend files>` all or nothing (compiler/driver/output.h).
Result build(const Options& options, const BuildOptions& build);

// The files a build would write, in memory (tests, fuzzers).
std::vector<backends::Artifact> buildInMemory(const Options& options, const BuildOptions& build, Result& result);

}  // namespace arch::driver
