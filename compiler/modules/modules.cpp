// Loads the modules of a program: roots, their imports (depth first, with
// cycle detection) and the catalog files of the component kinds they use.
#include "compiler/modules/modules.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "compiler/source/load.h"
#include "compiler/support/suggest.h"
#include "compiler/syntax/parse.h"

namespace arch::modules {
namespace fs = std::filesystem;

SearchPaths defaultSearchPaths(const std::string& exe_path, const std::vector<std::string>& include_dirs) {
  SearchPaths paths;
  for (const std::string& d : include_dirs) paths.stdlib_dirs.push_back(d);
  if (const char* env = std::getenv("ARCH_PATH"); env && *env) {
    std::string_view rest(env);
    while (!rest.empty()) {
      std::size_t colon = rest.find(':');
      std::string_view dir = rest.substr(0, colon);
      if (!dir.empty()) paths.stdlib_dirs.emplace_back(dir);
      rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
    }
  }
  std::error_code ec;
  fs::path exe = fs::weakly_canonical(exe_path, ec);
  if (!ec) {
    fs::path installed = exe.parent_path().parent_path() / "share" / "archc" / "stdlib";
    if (fs::is_directory(installed, ec)) paths.stdlib_dirs.push_back(installed.string());
  }
#ifdef ARCHC_SOURCE_STDLIB
  // A binary run from its build tree finds the stdlib of its source tree.
  paths.stdlib_dirs.emplace_back(ARCHC_SOURCE_STDLIB);
#endif
  return paths;
}

namespace {

// Statement-level walk collecting the kinds named by declarations.
void collectKinds(const ast::Block& block, std::set<std::string>& kinds) {
  for (const ast::Statement& s : block.statements) {
    if (const auto* d = std::get_if<ast::Declaration>(&s.node)) {
      if (!d->type_tag) kinds.insert(d->kind.text);  // raw resources have no catalog entry
      if (d->body) collectKinds(*d->body, kinds);
    } else if (const auto* n = std::get_if<ast::NestedBlock>(&s.node)) {
      collectKinds(n->body, kinds);
    } else if (const auto* o = std::get_if<ast::Override>(&s.node)) {
      collectKinds(o->body, kinds);
    }
  }
}

class Loader {
 public:
  Loader(const SearchPaths& paths, SourceManager& sources, Diagnostics& diags)
      : paths_(paths), sources_(sources), diags_(diags) {}

  ModuleSet run(const std::vector<std::string>& roots) {
    for (const std::string& root : roots) {
      if (diags_.limitReached()) break;
      loadFile(root, root, Origin::Root, Span{});
    }
    loadCatalog(kindsUsed());
    return std::move(set_);
  }

  // Roots already in the SourceManager (in-memory text: tests, fuzzers).
  ModuleSet runSources(const std::vector<FileId>& roots) {
    for (FileId id : roots) {
      if (diags_.limitReached()) break;
      const std::string& path = sources_.file(id).path();
      by_path_[path] = set_.modules.size();
      addModule(id, path, path, Origin::Root);
    }
    loadCatalog(kindsUsed());
    return std::move(set_);
  }

  ModuleSet runKinds(const std::vector<std::string>& kinds) {
    loadCatalog(std::set<std::string>(kinds.begin(), kinds.end()));
    return std::move(set_);
  }

 private:
  std::optional<std::size_t> loadFile(const std::string& path, const std::string& name, Origin origin,
                                      Span import_span) {
    std::error_code ec;
    std::string key = fs::weakly_canonical(path, ec).string();
    if (ec) key = path;
    if (auto it = by_path_.find(key); it != by_path_.end()) {
      if (std::find(stack_.begin(), stack_.end(), it->second) != stack_.end()) reportCycle(it->second, import_span);
      return it->second;
    }
    std::size_t before = diags_.all().size();
    std::optional<FileId> id = loadSource(path, sources_, diags_, kMaxSourceBytes, displayName(path));
    if (!id) {
      if (origin == Origin::Root)
        for (std::size_t i = before; i < diags_.all().size(); ++i)
          if (diags_.all()[i].kind == DiagKind::FileUnreadable) set_.io_error = true;
      return std::nullopt;
    }
    by_path_[key] = set_.modules.size();
    return addModule(*id, path, name, origin);
  }

  // Parses a file already read, then loads its imports depth first.
  std::size_t addModule(FileId id, const std::string& path, const std::string& name, Origin origin) {
    std::size_t index = set_.modules.size();
    set_.modules.push_back(Module{name, path, origin, syntax::parse(sources_, id, diags_), {}});
    stack_.push_back(index);
    // Copy the imports: loading may grow set_.modules and move this module.
    std::vector<ast::Import> imports = set_.modules[index].ast.imports;
    for (const ast::Import& import : imports) {
      if (diags_.limitReached()) break;
      if (std::optional<std::size_t> target = resolveImport(index, import))
        set_.modules[index].imports.push_back(*target);
    }
    stack_.pop_back();
    return index;
  }

  // `<stdlib>/patterns/x.arch` for a file of a stdlib directory; the path
  // itself otherwise.
  std::string displayName(const std::string& path) const {
    for (const std::string& dir : paths_.stdlib_dirs) {
      std::error_code ec;
      fs::path rel = fs::path(path).lexically_relative(dir);
      if (!rel.empty() && rel.native().rfind("..", 0) != 0) return "<stdlib>/" + rel.generic_string();
    }
    return path;
  }

  std::optional<std::size_t> resolveImport(std::size_t importer, const ast::Import& import) {
    const ast::Path& p = import.module;
    std::string name = p.str();
    fs::path relative;
    bool is_std = p.parts.size() > 1 && p.parts[0].text == "std";
    for (std::size_t i = is_std ? 1 : 0; i < p.parts.size(); ++i) relative /= p.parts[i].text;
    relative += ".arch";
    std::vector<fs::path> candidates;
    if (is_std) {
      for (const std::string& dir : paths_.stdlib_dirs) candidates.push_back(fs::path(dir) / relative);
    } else {
      candidates.push_back(fs::path(set_.modules[importer].path).parent_path() / relative);
    }
    std::error_code ec;
    for (const fs::path& c : candidates)
      if (fs::is_regular_file(c, ec)) return loadFile(c.string(), name, Origin::Import, import.span);

    Diagnostic& d = diags_.report(DiagKind::ModuleNotFound, p.span, name);
    std::vector<std::string> siblings;
    if (!candidates.empty()) {
      fs::path dir = candidates.front().parent_path();
      for (const auto& entry : fs::directory_iterator(dir, ec))
        if (entry.path().extension() == ".arch") siblings.push_back(entry.path().stem().string());
      if (auto best = support::closest(p.parts.back().text, siblings)) {
        std::string fixed = name.substr(0, name.size() - p.parts.back().text.size()) + *best;
        d.addHelp(fmt::format("did you mean `{}`?", fixed));
      }
    }
    if (is_std) {
      d.addNote(paths_.stdlib_dirs.empty() ? std::string("no standard library directory was found")
                                           : fmt::format("searched {}", displayName(candidates.front().parent_path().string()) + "/"));
    } else {
      d.addNote(fmt::format("looked for `{}`, relative to the importing file", candidates.front().string()));
    }
    return std::nullopt;
  }

  void reportCycle(std::size_t target, Span import_span) {
    // The chain in file names, as the user sees them.
    auto file = [&](std::size_t m) { return sources_.file(set_.modules[m].ast.file).path(); };
    std::string chain;
    auto start = std::find(stack_.begin(), stack_.end(), target);
    for (auto it = start; it != stack_.end(); ++it) chain += file(*it) + " -> ";
    chain += file(target);
    Diagnostic& d = diags_.report(DiagKind::ImportCycle, import_span, chain).withLabel("this import closes the cycle");
    if (stack_.back() == target)
      d.addHelp("a module cannot import itself: remove this import");
    else
      d.addHelp("move what the modules of the cycle share into a module that imports none of them");
  }

  // Every kind a loaded module declares a component of; not patterns.
  std::set<std::string> kindsUsed() const {
    std::set<std::string> wanted, patterns;
    for (const Module& m : set_.modules) {
      for (const ast::TopDecl& d : m.ast.decls) {
        if (d.kind == ast::TopKind::Pattern) patterns.insert(d.name.text);
        // Deployment settings are what `${...}` in an architecture may name.
        if (d.kind == ast::TopKind::Deployment || d.kind == ast::TopKind::Architecture) wanted.insert("deployment");
        if (d.kind == ast::TopKind::Pipeline) wanted.insert("pipeline");
        collectKinds(d.body, wanted);
      }
    }
    for (const std::string& p : patterns) wanted.erase(p);
    return wanted;
  }

  // The catalog file of each wanted kind, and of the kinds those are
  // declared in (`kind tier in network`).
  void loadCatalog(const std::set<std::string>& wanted) {
    std::vector<std::string> queue(wanted.begin(), wanted.end());
    std::set<std::string> seen(queue.begin(), queue.end());
    for (std::size_t i = 0; i < queue.size(); ++i) {
      const std::string kind = queue[i];
      std::optional<std::size_t> index = loadKind(kind);
      if (!index) continue;
      set_.kinds[kind] = *index;
      for (const ast::TopDecl& d : set_.modules[*index].ast.decls)
        if (d.kind == ast::TopKind::Kind && d.parent && seen.insert(d.parent->text).second)
          queue.push_back(d.parent->text);
    }
  }

  std::optional<std::size_t> loadKind(const std::string& kind) {
    std::error_code ec;
    for (const std::string& dir : paths_.stdlib_dirs) {
      fs::path file = fs::path(dir) / "catalog" / (kind + ".arch");
      if (fs::is_regular_file(file, ec)) return loadFile(file.string(), "std.catalog." + kind, Origin::Catalog, Span{});
    }
    return std::nullopt;
  }

  const SearchPaths& paths_;
  SourceManager& sources_;
  Diagnostics& diags_;
  ModuleSet set_;
  std::map<std::string, std::size_t> by_path_;
  std::vector<std::size_t> stack_;
};

}  // namespace

ModuleSet load(const std::vector<std::string>& roots, const SearchPaths& paths, SourceManager& sources,
               Diagnostics& diags) {
  return Loader(paths, sources, diags).run(roots);
}

ModuleSet loadSources(const std::vector<FileId>& roots, const SearchPaths& paths, SourceManager& sources,
                      Diagnostics& diags) {
  return Loader(paths, sources, diags).runSources(roots);
}

ModuleSet loadKinds(const std::vector<std::string>& kinds, const SearchPaths& paths, SourceManager& sources,
                    Diagnostics& diags) {
  return Loader(paths, sources, diags).runKinds(kinds);
}

std::vector<std::string> catalogKinds(const SearchPaths& paths) {
  std::set<std::string> kinds;
  std::error_code ec;
  for (const std::string& dir : paths.stdlib_dirs)
    for (const auto& entry : fs::directory_iterator(fs::path(dir) / "catalog", ec))
      if (entry.path().extension() == ".arch") kinds.insert(entry.path().stem().string());
  return {kinds.begin(), kinds.end()};
}

}  // namespace arch::modules
