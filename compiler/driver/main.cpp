// archc's command line: subcommands, options and exit codes (docs/cli.md).
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include <CLI/CLI.hpp>

#include "compiler/driver/driver.h"
#include "compiler/driver/explain.h"

namespace {

using namespace arch;

struct CommonFlags {
  std::string format = "text";
  std::string color = "auto";
  std::size_t max_errors = 50;
  std::vector<std::string> include_dirs;
};

void addCommonFlags(CLI::App* cmd, CommonFlags& flags, std::vector<std::string>& files) {
  cmd->add_option("files", files, "Arch source files (.arch)")->required();
  cmd->add_option("--diagnostics-format", flags.format,
                  "How diagnostics are printed: text (with source lines), short (one line each) "
                  "or json (one object per line, for editors)")
      ->check(CLI::IsMember({"text", "short", "json"}));
  cmd->add_option("--color", flags.color, "Colour diagnostics: auto (on a terminal, unless NO_COLOR is set), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->add_option("--max-errors", flags.max_errors, "Stop after this many errors (0: no limit)");
  cmd->add_option("-I,--include", flags.include_dirs,
                  "A standard library directory to search first for `import std.*` and component kinds "
                  "(ARCH_PATH, colon-separated, is searched next); repeat -I for several")
      ->allow_extra_args(false);  // `-I dir file.arch`: the file is not a second directory
}

driver::Options makeOptions(const CommonFlags& flags, std::vector<std::string> files) {
  driver::Options o;
  o.files = std::move(files);
  o.max_errors = flags.max_errors;
  o.include_dirs = flags.include_dirs;
  o.exe_path = "/proc/self/exe";
  o.render.format = flags.format == "json" ? DiagFormat::Json : flags.format == "short" ? DiagFormat::Short : DiagFormat::Text;
  bool tty = ::isatty(STDERR_FILENO) != 0;
  const char* no_color = std::getenv("NO_COLOR");
  o.render.color = flags.color == "always" ||
                   (flags.color == "auto" && tty && !(no_color && *no_color));
  return o;
}

[[noreturn]] void emit(const driver::Result& r) {
  std::fwrite(r.output.data(), 1, r.output.size(), stdout);
  std::fwrite(r.diagnostics.data(), 1, r.diagnostics.size(), stderr);
  std::fflush(stdout);
  std::fflush(stderr);
  // Everything is written: skip freeing memory that the OS reclaims anyway.
  std::_Exit(r.exit_code);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"archc — the Arch compiler: typed AWS architectures to CloudFormation, Terraform "
               "and buildspec.\n\nExit codes: 0 success, 1 the program has errors, 2 usage or I/O error."};
  app.set_version_flag("--version", std::string("archc ") + ARCHC_VERSION);
  app.require_subcommand(1);

  CommonFlags check_flags;
  std::vector<std::string> check_files;
  CLI::App* check = app.add_subcommand("check", "Check Arch files for errors without writing anything");
  addCommonFlags(check, check_flags, check_files);

  CommonFlags parse_flags;
  std::vector<std::string> parse_files;
  bool dump_ast = false;
  CLI::App* parse = app.add_subcommand("parse", "Parse Arch files and print an intermediate form (for debugging)");
  addCommonFlags(parse, parse_flags, parse_files);
  parse->add_flag("--dump-ast", dump_ast, "Print the syntax tree of each file")->required();

  CommonFlags build_flags;
  std::vector<std::string> build_files;
  driver::BuildOptions build_options;
  std::string deployment;
  CLI::App* build = app.add_subcommand(
      "build", "Check, then write each deployment's templates to OUT/<deployment>/ (all files or none)");
  addCommonFlags(build, build_flags, build_files);
  build->add_option("-o,--out", build_options.out_dir, "Output directory")->capture_default_str();
  build->add_option("--deployment", deployment, "Build only this deployment (default: all of them)");
  build->add_flag("--dump-ir", build_options.dump_ir, "Print the IR of each deployment instead of writing files");

  CommonFlags explain_flags;
  std::string topic;
  CLI::App* explain = app.add_subcommand(
      "explain", "Explain a diagnostic code (`archc explain E0301`) or a component kind (`archc explain database`)");
  explain->add_option("topic", topic, "A diagnostic code such as E0301, or a component kind such as database")->required();
  explain->add_option("-I,--include", explain_flags.include_dirs, "A standard library directory to search first")
      ->allow_extra_args(false);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? driver::kSuccess : driver::kUsageOrIoError;
  }

  if (*check) emit(driver::check(makeOptions(check_flags, check_files)));
  if (*parse) emit(driver::dumpAst(makeOptions(parse_flags, parse_files)));
  if (*explain) emit(driver::explain(topic, makeOptions(explain_flags, {})));
  if (*build) {
    if (!deployment.empty()) build_options.deployment = deployment;
    emit(driver::build(makeOptions(build_flags, build_files), build_options));
  }
  return driver::kUsageOrIoError;
}
