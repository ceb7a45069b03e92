// Three renderers over one diagnostic model: human text with source lines
// and carets (like rustc/clang), a one-line short form, and JSON lines for
// editors and tools.
#pragma once

#include <string>
#include <string_view>

#include "compiler/diag/diagnostic.h"

namespace arch {

enum class DiagFormat { Text, Short, Json };

struct RenderOptions {
  DiagFormat format = DiagFormat::Text;
  bool color = false;
};

std::string render(const SourceManager& sources, const Diagnostic& diag,
                   const RenderOptions& options);

// "error: 3 errors, 1 warning emitted"-style closing line; empty when clean.
std::string renderSummary(std::size_t errors, std::size_t warnings, bool color);

}  // namespace arch
