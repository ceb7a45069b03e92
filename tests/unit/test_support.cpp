// Runs the archc binary for the CLI tests.
#include "test_support.h"

#include <sys/wait.h>

#include <array>
#include <cstdio>

namespace archtest {

ProcessResult runArchc(const std::string& args, const std::string& env) {
  std::string command = (env.empty() ? "" : env + " ") + std::string(ARCHC_BINARY) + " " + args + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  ProcessResult result{-1, {}};
  if (!pipe) return result;
  std::array<char, 4096> buffer{};
  std::size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.out.append(buffer.data(), n);
  int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace archtest
