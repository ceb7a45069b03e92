// Renders diagnostics as text (source line, caret underline, notes, help),
// as one short line, or as one JSON object per line.
#include "compiler/diag/render.h"

#include <algorithm>
#include <optional>

#include <nlohmann/json.hpp>

namespace arch {
namespace {

struct Style {
  bool on;
  std::string_view wrap(std::string_view code) const { return on ? code : ""; }
  std::string_view reset() const { return on ? "\x1b[0m" : ""; }
};

constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kRed = "\x1b[1;31m";
constexpr std::string_view kYellow = "\x1b[1;33m";
constexpr std::string_view kBlue = "\x1b[1;34m";
constexpr std::string_view kCyan = "\x1b[1;36m";

std::string_view severityColor(Severity s) {
  return s == Severity::Error ? kRed : s == Severity::Warning ? kYellow : kCyan;
}

std::size_t codePoints(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string header(const SourceManager& sources, const Diagnostic& d, Style st) {
  std::string out;
  if (d.span.valid()) fmt::format_to(std::back_inserter(out), "{}{}: {}", st.wrap(kBold),
                                     sources.location(d.span), st.reset());
  fmt::format_to(std::back_inserter(out), "{}{}[{}]{}{}: {}{}", st.wrap(severityColor(d.severity)),
                 severityName(d.severity), info(d.kind).code, st.reset(), st.wrap(kBold),
                 d.message, st.reset());
  return out;
}

// One source line with an underline beneath `span` (clipped to that line).
// The source line as it can be shown on a terminal: control characters
// become their Unicode pictures (NUL as U+2400), one column each, so carets
// stay aligned and no raw control byte reaches the output.
std::string printable(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  for (char ch : line) {
    auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t') || c == 0x7F) {
      char32_t picture = c == 0x7F ? 0x2421 : 0x2400 + c;
      out += static_cast<char>(0xE0 | (picture >> 12));
      out += static_cast<char>(0x80 | ((picture >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (picture & 0x3F));
    } else {
      out += ch;
    }
  }
  return out;
}

// One source line (unless `same_line` says it was just printed) with an
// underline beneath `span`, clipped to that line.
void snippet(std::string& out, const SourceManager& sources, Span span, std::string_view text,
             char mark, std::string_view color, std::size_t gutter, Style st, bool same_line = false) {
  const SourceFile& file = sources.file(span.file);
  LineCol lc = file.lineCol(span.offset);
  std::string_view line = file.lineText(lc.line);
  // Keep tabs in the padding so the caret lines up whatever the tab width.
  std::string pad;
  std::size_t skipped = 0;
  for (std::size_t col = 1; skipped < line.size() && col < lc.column; ++col) {
    pad += line[skipped] == '\t' ? '\t' : ' ';
    ++skipped;
    while (skipped < line.size() && (static_cast<unsigned char>(line[skipped]) & 0xC0) == 0x80)
      ++skipped;
  }
  std::string_view rest = line.substr(skipped);
  std::size_t width = codePoints(rest.substr(0, std::min<std::size_t>(span.length, rest.size())));
  width = std::max<std::size_t>(width, 1);
  std::string num = std::to_string(lc.line);
  if (!same_line)
    fmt::format_to(std::back_inserter(out), "{}{:>{}} |{} {}\n", st.wrap(kBlue), num, gutter, st.reset(),
                   printable(line));
  fmt::format_to(std::back_inserter(out), "{}{:>{}} |{} {}{}{}{}", st.wrap(kBlue), "", gutter,
                 st.reset(), pad, st.wrap(color), std::string(width, mark), st.reset());
  if (!text.empty()) fmt::format_to(std::back_inserter(out), " {}{}{}", st.wrap(color), text, st.reset());
  out += '\n';
}

std::string renderText(const SourceManager& sources, const Diagnostic& d, Style st) {
  std::string out = header(sources, d, st);
  out += '\n';
  std::size_t max_line = 0;
  auto track = [&](Span s) {
    if (s.valid()) max_line = std::max<std::size_t>(max_line, sources.file(s.file).lineCol(s.offset).line);
  };
  track(d.span);
  for (const Label& l : d.secondary) track(l.span);
  std::size_t gutter = std::to_string(max_line).size();
  if (d.span.valid()) {
    fmt::format_to(std::back_inserter(out), "{}{:>{}} |{}\n", st.wrap(kBlue), "", gutter, st.reset());
    snippet(out, sources, d.span, d.label, '^', severityColor(d.severity), gutter, st);
  }
  // Labels on the line just shown share it rather than print it again.
  auto lineOf = [&](Span s) { return std::pair(s.file, sources.file(s.file).lineCol(s.offset).line); };
  std::optional<std::pair<FileId, std::uint32_t>> shown;
  if (d.span.valid()) shown = lineOf(d.span);
  for (const Label& l : d.secondary) {
    if (!l.span.valid()) continue;
    if (l.span.file != d.span.file)
      fmt::format_to(std::back_inserter(out), "{}{:>{}}-->{} {}\n", st.wrap(kBlue), "", gutter,
                     st.reset(), sources.location(l.span));
    bool same = shown && *shown == lineOf(l.span);
    snippet(out, sources, l.span, l.message, '-', kBlue, gutter, st, same);
    shown = lineOf(l.span);
  }
  for (const std::string& n : d.notes)
    fmt::format_to(std::back_inserter(out), "{:>{}} = {}note{}: {}\n", "", gutter, st.wrap(kBold),
                   st.reset(), n);
  for (const std::string& h : d.help)
    fmt::format_to(std::back_inserter(out), "{:>{}} = {}help{}: {}\n", "", gutter, st.wrap(kBold),
                   st.reset(), h);
  return out;
}

nlohmann::ordered_json spanJson(const SourceManager& sources, Span s) {
  if (!s.valid()) return nullptr;
  const SourceFile& f = sources.file(s.file);
  LineCol a = f.lineCol(s.offset), b = f.lineCol(s.end());
  return {{"file", f.path()}, {"line", a.line}, {"column", a.column},
          {"end_line", b.line}, {"end_column", b.column},
          {"offset", s.offset}, {"length", s.length}};
}

std::string renderJson(const SourceManager& sources, const Diagnostic& d) {
  nlohmann::ordered_json j;
  j["code"] = info(d.kind).code;
  j["severity"] = severityName(d.severity);
  j["message"] = d.message;
  j["span"] = spanJson(sources, d.span);
  j["label"] = d.label;
  j["labels"] = nlohmann::ordered_json::array();
  for (const Label& l : d.secondary)
    j["labels"].push_back({{"span", spanJson(sources, l.span)}, {"message", l.message}});
  j["notes"] = d.notes;
  j["help"] = d.help;
  // Replace invalid UTF-8 instead of throwing: messages may quote bad input.
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace

std::string render(const SourceManager& sources, const Diagnostic& diag,
                   const RenderOptions& options) {
  Style st{options.color};
  switch (options.format) {
    case DiagFormat::Json: return renderJson(sources, diag);
    case DiagFormat::Short: return header(sources, diag, Style{false}) + "\n";
    case DiagFormat::Text: return renderText(sources, diag, st);
  }
  return {};
}

std::string renderSummary(std::size_t errors, std::size_t warnings, bool color) {
  if (errors == 0 && warnings == 0) return {};
  Style st{color};
  auto plural = [](std::size_t n, std::string_view word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
  };
  std::string counts = errors && warnings ? plural(errors, "error") + ", " + plural(warnings, "warning")
                       : errors           ? plural(errors, "error")
                                          : plural(warnings, "warning");
  std::string_view color_code = errors ? kRed : kYellow;
  return fmt::format("{}{}{}: {} emitted\n", st.wrap(color_code), errors ? "error" : "warning",
                     st.reset(), counts);
}

}  // namespace arch
