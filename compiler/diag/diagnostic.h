// Diagnostics are data: a kind from kinds.def, a message, a primary span and
// optional secondary labels, notes and help lines. Phases report into a
// Diagnostics object passed to them; renderers (render.h) print it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "compiler/source/source.h"

namespace arch {

enum class Severity : std::uint8_t { Error, Warning, Note };

enum class DiagKind : std::uint16_t {
#define DIAG(code, name, severity, format) name,
#include "compiler/diag/kinds.def"
#undef DIAG
};

struct DiagKindInfo {
  std::string_view code;    // "E0110"
  std::string_view name;    // "ExpectedToken"
  Severity severity;
  std::string_view format;  // fmt format string of the message
};

const DiagKindInfo& info(DiagKind kind);
const std::vector<DiagKindInfo>& allDiagKinds();
std::string_view severityName(Severity severity);

struct Label {
  Span span;
  std::string message;
};

struct Diagnostic {
  DiagKind kind;
  Severity severity;
  std::string message;
  Span span;                   // primary; may be invalid for whole-file errors
  std::string label;           // text under the primary caret, optional
  std::vector<Label> secondary;
  std::vector<std::string> notes;
  std::vector<std::string> help;

  // Chaining setters, used right after Diagnostics::report.
  Diagnostic& withLabel(std::string text) { label = std::move(text); return *this; }
  Diagnostic& addLabel(Span s, std::string text) {
    secondary.push_back({s, std::move(text)});
    return *this;
  }
  Diagnostic& addNote(std::string text) { notes.push_back(std::move(text)); return *this; }
  Diagnostic& addHelp(std::string text) { help.push_back(std::move(text)); return *this; }
};

// Collects the diagnostics of a run. Stops accepting errors past a limit
// (one more diagnostic says so); phases check limitReached() to stop early.
class Diagnostics {
 public:
  explicit Diagnostics(std::size_t max_errors = 50) : max_errors_(max_errors) {}

  template <typename... Args>
  Diagnostic& report(DiagKind kind, Span span, Args&&... args) {
    return add(kind, span,
               fmt::format(fmt::runtime(info(kind).format), std::forward<Args>(args)...));
  }

  const std::vector<Diagnostic>& all() const { return diags_; }
  // What to print: all() plus, when the limit cut the run short, a last
  // error that says so.
  std::vector<Diagnostic> finish() const;
  std::size_t errorCount() const { return errors_; }
  bool hasErrors() const { return errors_ > 0; }
  bool limitReached() const { return max_errors_ != 0 && errors_ >= max_errors_; }

 private:
  Diagnostic& add(DiagKind kind, Span span, std::string message);

  std::vector<Diagnostic> diags_;
  std::size_t errors_ = 0;
  std::size_t max_errors_;
  Diagnostic discarded_;  // what report() returns once the limit is reached
};

}  // namespace arch
