// Helpers shared by the unit tests: parse text in memory, run the archc
// binary, and look at the diagnostics that came out.
#pragma once

#include <string>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/source/load.h"
#include "compiler/syntax/parse.h"

namespace archtest {

struct Parsed {
  arch::SourceManager sources;
  arch::Diagnostics diags{0};
  arch::ast::Module module;

  std::vector<std::string> codes() const {
    std::vector<std::string> out;
    for (const arch::Diagnostic& d : diags.all()) out.emplace_back(arch::info(d.kind).code);
    return out;
  }
};

inline void parseText(Parsed& p, std::string text, std::string path = "test.arch") {
  if (auto id = arch::addSource(std::move(path), std::move(text), p.sources, p.diags))
    p.module = arch::syntax::parse(p.sources, *id, p.diags);
}

struct ProcessResult {
  int exit_code;
  std::string out;  // stdout and stderr together
};

// Runs archc with `args` (a shell-quoted string), capturing both streams;
// `env` is prepended to the command (`NAME=value`).
ProcessResult runArchc(const std::string& args, const std::string& env = "");

}  // namespace archtest
