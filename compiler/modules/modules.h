// The module phase: from the files named on the command line to every
// module the program needs — their imports, transitively, and the catalog
// file of each component kind they declare. Each file is parsed once.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"

namespace arch::modules {

// Where `import std.x.y` and the catalog are found. In order: -I dirs,
// ARCH_PATH, then the stdlib installed beside the binary or in the source
// tree it was built from (see stdlibCandidates()).
struct SearchPaths {
  std::vector<std::string> stdlib_dirs;
};

// The default search path for a binary at `exe_path`.
SearchPaths defaultSearchPaths(const std::string& exe_path, const std::vector<std::string>& include_dirs);

enum class Origin { Root, Import, Catalog };

struct Module {
  std::string name;  // `std.patterns.three_tier`, `lib.net`, or the root file's path
  std::string path;
  Origin origin = Origin::Root;
  ast::Module ast;
  std::vector<std::size_t> imports;  // indexes into ModuleSet::modules
};

struct ModuleSet {
  std::vector<Module> modules;               // roots first, then in load order
  std::map<std::string, std::size_t> kinds;  // catalog kind name -> module
  bool io_error = false;                     // a root file could not be read
};

// Every kind the catalog offers (reads the catalog directories): only for
// suggestions when a program names a kind that does not exist.
std::vector<std::string> catalogKinds(const SearchPaths& paths);

ModuleSet load(const std::vector<std::string>& roots, const SearchPaths& paths, SourceManager& sources,
               Diagnostics& diags);

// The same for roots whose text is already in `sources` (tests, fuzzers).
ModuleSet loadSources(const std::vector<FileId>& roots, const SearchPaths& paths, SourceManager& sources,
                      Diagnostics& diags);

// Loads only the catalog entries of `kinds` (and of the kinds they are
// declared in), as for `archc explain KIND`.
ModuleSet loadKinds(const std::vector<std::string>& kinds, const SearchPaths& paths, SourceManager& sources,
                    Diagnostics& diags);

}  // namespace arch::modules
