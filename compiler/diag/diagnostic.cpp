// The diagnostic registry (from kinds.def) and the collecting engine.
#include "compiler/diag/diagnostic.h"

#include <algorithm>

namespace arch {

const std::vector<DiagKindInfo>& allDiagKinds() {
  static const std::vector<DiagKindInfo> kinds = {
#define DIAG(code, name, severity, format) {#code, #name, Severity::severity, format},
#include "compiler/diag/kinds.def"
#undef DIAG
  };
  return kinds;
}

const DiagKindInfo& info(DiagKind kind) {
  return allDiagKinds()[static_cast<std::size_t>(kind)];
}

std::string_view severityName(Severity severity) {
  switch (severity) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "error";
}

Diagnostic& Diagnostics::add(DiagKind kind, Span span, std::string message) {
  Severity severity = info(kind).severity;
  if (severity == Severity::Error && limitReached()) {
    discarded_ = Diagnostic{kind, severity, std::move(message), span, {}, {}, {}, {}};
    return discarded_;
  }
  if (severity == Severity::Error) ++errors_;
  diags_.push_back(Diagnostic{kind, severity, std::move(message), span, {}, {}, {}, {}});
  return diags_.back();
}

std::vector<Diagnostic> Diagnostics::finish() const {
  std::vector<Diagnostic> out = diags_;
  // Phases report in their own order; people read files top to bottom.
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.span.file != b.span.file) return a.span.file < b.span.file;
    return a.span.offset < b.span.offset;
  });
  if (limitReached()) {
    Diagnostic stop{DiagKind::TooManyErrors, Severity::Error,
                    fmt::format(fmt::runtime(info(DiagKind::TooManyErrors).format), errors_),
                    Span{}, {}, {}, {}, {}};
    stop.help.push_back("fix these first, or raise the limit with `--max-errors N` (0: no limit)");
    out.push_back(std::move(stop));
  }
  return out;
}

}  // namespace arch
