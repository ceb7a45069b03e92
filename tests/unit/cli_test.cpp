// The archc command line, run as a user runs it: exit codes, help, version,
// formats and the bundled examples.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "test_support.h"

using archtest::runArchc;

namespace {
std::string source(const std::string& rel) { return std::string(ARCHC_SOURCE_DIR) + "/" + rel; }
}  // namespace

TEST_CASE("the version and help flags succeed") {
  auto v = runArchc("--version");
  CHECK(v.exit_code == 0);
  CHECK(v.out.find("archc ") != std::string::npos);
  for (std::string cmd : {"--help", "check --help", "parse --help"}) {
    auto h = runArchc(cmd);
    CHECK(h.exit_code == 0);
    CHECK(h.out.find("Usage") != std::string::npos);
  }
}

TEST_CASE("usage errors exit with 2") {
  CHECK(runArchc("").exit_code == 2);
  CHECK(runArchc("frobnicate").exit_code == 2);
  CHECK(runArchc("check").exit_code == 2);  // no files
  CHECK(runArchc("check --diagnostics-format xml x.arch").exit_code == 2);
}

TEST_CASE("an unreadable file is an I/O error, exit 2, with the reason") {
  auto r = runArchc("check /nonexistent/x.arch");
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("error[E0001]: cannot read `/nonexistent/x.arch`: No such file or directory") !=
        std::string::npos);
  CHECK(runArchc("check /tmp").exit_code == 2);
}

TEST_CASE("a program with errors exits with 1 and a located diagnostic") {
  std::string path = "/tmp/archc_cli_bad_" + std::to_string(::getpid()) + ".arch";
  FILE* f = std::fopen(path.c_str(), "w");
  std::fputs("architecture a {\n  x = 1\n", f);
  std::fclose(f);
  auto r = runArchc("check --color never " + path);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find(path + ":2:8: error[E0111]") != std::string::npos);
  CHECK(r.out.find("\x1b[") == std::string::npos);  // no colour when not asked
  auto colored = runArchc("check --color always " + path);
  CHECK(colored.out.find("\x1b[") != std::string::npos);
  auto json = runArchc("check --diagnostics-format json " + path);
  CHECK(json.exit_code == 1);
  auto j = nlohmann::json::parse(json.out.substr(0, json.out.find('\n')));
  CHECK(j["code"] == "E0111");
  std::remove(path.c_str());
}

TEST_CASE("the bundled three-tier example checks clean") {
  auto r = runArchc("check " + source("examples/three_tier.arch"));
  CHECK(r.out.empty());
  CHECK(r.exit_code == 0);
}

TEST_CASE("parse --dump-ast prints the tree") {
  auto r = runArchc("parse --dump-ast " + source("examples/three_tier.arch"));
  CHECK(r.exit_code == 0);
  CHECK(r.out.rfind("module\n", 0) == 0);
  CHECK(r.out.find("architecture ") != std::string::npos);
}

TEST_CASE("explain prints a code's documentation, or a kind's properties") {
  auto code = runArchc("explain E0121");
  CHECK(code.exit_code == 0);
  CHECK(code.out.rfind("E0121\n\n**invalid CIDR block.**", 0) == 0);
  CHECK(code.out.find("## ") == std::string::npos);  // only its own section
  auto kind = runArchc("explain tier");
  CHECK(kind.exit_code == 0);
  CHECK(kind.out.find("offset: int  (required)  [0..4095]") != std::string::npos);
  auto typo = runArchc("explain databse");
  CHECK(typo.exit_code == 2);
  CHECK(typo.out.find("did you mean `database`?") != std::string::npos);
  CHECK(runArchc("explain E9999").exit_code == 2);
}

namespace {
// Every file under `dir` with its content, for before/after comparisons.
std::map<std::string, std::string> snapshot(const std::filesystem::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    out[std::filesystem::relative(e.path(), dir).string()] =
        std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return out;
}
}  // namespace

TEST_CASE("build output is all or nothing: an interrupted build changes nothing", "[build]") {
  namespace fs = std::filesystem;
  fs::path root = fs::temp_directory_path() / ("archc_atomic_test_" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::path out = root / "out";
  fs::create_directories(out / "production/cloudformation");
  std::ofstream(out / "mine.txt") << "a file archc did not write\n";
  std::ofstream(out / "production/cloudformation/shop.template.json") << "{ \"old\": true }\n";
  auto before = snapshot(out);
  std::string program = source("tests/golden/build/three_tier_core.arch");

  auto interrupted = runArchc("build " + program + " -o " + out.string() + " 2>&1", "ARCHC_TEST_INTERRUPT_AFTER_FIRST_FILE=1");
  CHECK(interrupted.exit_code == 130);
  CHECK(interrupted.out.find("the output directory is unchanged") != std::string::npos);
  CHECK(snapshot(out) == before);
  std::size_t entries = 0;
  for (const auto& e : fs::directory_iterator(root)) entries += e.path() != out;
  CHECK(entries == 0);  // no staging directory left beside it

  auto built = runArchc("build " + program + " -o " + out.string());
  CHECK(built.exit_code == 0);
  auto after = snapshot(out);
  CHECK(after["mine.txt"] == "a file archc did not write\n");
  CHECK(after["production/cloudformation/shop.template.json"].find("AWSTemplateFormatVersion") != std::string::npos);

  // A program with errors writes nothing either.
  auto failed = runArchc("build " + source("tests/golden/sema/fail_E0514_unplaced_function.arch") + " -o " + out.string());
  CHECK(failed.exit_code == 1);
  CHECK(snapshot(out) == after);
  fs::remove_all(root);
}

TEST_CASE("build output does not depend on the locale, the time zone, the directory or the environment", "[build]") {
  namespace fs = std::filesystem;
  fs::path root = fs::temp_directory_path() / ("archc_env_test_" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "elsewhere");
  std::string program = source("tests/golden/build/three_tier_core.arch");
  auto plain = runArchc("build " + program + " -o " + (root / "a").string());
  auto other = runArchc("build " + program + " -o " + (root / "b").string(),
                        "cd " + (root / "elsewhere").string() + " && LC_ALL=de_DE.UTF-8 LANG=tr_TR.UTF-8 TZ=Pacific/Kiritimati "
                        "HOME=/nonexistent ARCH_UNRELATED=1");
  REQUIRE(plain.exit_code == 0);
  REQUIRE(other.exit_code == 0);
  CHECK(snapshot(root / "a") == snapshot(root / "b"));
  fs::remove_all(root);
}

TEST_CASE("the include flag takes one directory and the files may follow it") {
  std::string stdlib = source("stdlib");
  auto r = runArchc("check -I " + stdlib + " " + source("examples/three_tier.arch"));
  INFO(r.out);
  CHECK(r.exit_code == 0);
  auto twice = runArchc("check -I " + stdlib + " -I /nonexistent " + source("examples/three_tier.arch"));
  CHECK(twice.exit_code == 0);
}
