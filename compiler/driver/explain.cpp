// Explains a diagnostic code or a component kind.
#include "compiler/driver/explain.h"

#include <algorithm>

#include <fmt/format.h>

#include "compiler/modules/modules.h"
#include "compiler/sema/catalog.h"
#include "compiler/support/suggest.h"

namespace arch::embedded {
extern const std::string_view kDiagnosticsDoc;
}

namespace arch::driver {
namespace {

std::string describeProps(const sema::GroupSpec& spec, int depth) {
  std::string out;
  std::string indent(static_cast<std::size_t>(depth) * 2, ' ');
  for (const sema::PropSpec& p : spec.props) {
    std::string summary = p.doc.substr(0, p.doc.find('\n'));
    if (p.type.kind == sema::TypeKind::Group && p.type.group) {
      out += fmt::format("{}{} {{ ... }}    {}\n", indent, p.name, summary);
      out += describeProps(*p.type.group, depth + 1);
      continue;
    }
    std::string line = fmt::format("{}{}: {}", indent, p.name, p.type.str());
    if (p.default_value && p.default_value->ok()) line += " = " + p.default_value->str();
    else if (p.required()) line += "  (required)";
    if (p.min && p.max && p.min->ok() && p.max->ok()) line += fmt::format("  [{}..{}]", p.min->str(), p.max->str());
    out += fmt::format("{:<44} {}\n", line, summary);
  }
  return out;
}

}  // namespace

std::string diagnosticDoc(std::string_view code) {
  std::string_view doc = embedded::kDiagnosticsDoc;
  std::string heading = fmt::format("\n## {}\n", code);
  std::size_t start = doc.find(heading);
  if (start == std::string_view::npos) return {};
  start += heading.size();
  std::size_t end = doc.find("\n## ", start);
  std::string_view body = doc.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  while (!body.empty() && body.front() == '\n') body.remove_prefix(1);
  while (!body.empty() && body.back() == '\n') body.remove_suffix(1);
  return fmt::format("{}\n\n{}\n", code, body);
}

Result explain(const std::string& topic, const Options& options) {
  Result r;
  if (topic.size() == 5 && (topic[0] == 'E' || topic[0] == 'W')) {
    r.output = diagnosticDoc(topic);
    if (r.output.empty()) {
      r.diagnostics = fmt::format("error: no diagnostic `{}`; the codes are listed in docs/diagnostics.md\n", topic);
      r.exit_code = kUsageOrIoError;
    }
    return r;
  }
  // A component kind: load its catalog entry like a program declaring one.
  modules::SearchPaths paths = modules::defaultSearchPaths(options.exe_path, options.include_dirs);
  std::vector<std::string> kinds = modules::catalogKinds(paths);
  if (std::find(kinds.begin(), kinds.end(), topic) == kinds.end()) {
    r.diagnostics = fmt::format("error: `{}` is neither a diagnostic code nor a component kind", topic);
    if (auto best = support::closest(topic, kinds)) r.diagnostics += fmt::format("; did you mean `{}`?", *best);
    r.diagnostics += "\n";
    r.exit_code = kUsageOrIoError;
    return r;
  }
  SourceManager sources;
  Diagnostics diags;
  modules::ModuleSet set = modules::loadKinds({topic}, paths, sources, diags);
  sema::Catalog catalog = sema::buildCatalog(set, diags);
  const sema::KindSpec* kind = catalog.find(topic);
  if (!kind) {
    r.diagnostics = "error: the catalog entry could not be read\n";
    r.exit_code = kUsageOrIoError;
    return r;
  }
  r.output = fmt::format("{}{}\n\n{}\n\n", kind->name, kind->parent.empty() ? "" : " (in a " + kind->parent + ")", kind->doc);
  if (kind->placement != sema::Placement::None)
    r.output += fmt::format("Placed in a tier: {}.\n\n",
                            kind->placement == sema::Placement::Required ? "required" : "optional");
  r.output += "Properties:\n" + describeProps(kind->props, 1);
  if (!kind->connections.empty()) {
    r.output += "\nConnections:\n";
    for (const sema::ConnectionRule& c : kind->connections)
      r.output += fmt::format("  -> {:<18} {:<13} {}\n", c.to_kind, c.meaning, c.doc.substr(0, c.doc.find('\n')));
  }
  return r;
}

}  // namespace arch::driver
