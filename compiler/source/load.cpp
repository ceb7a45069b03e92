// Reads source files with their checks: readable, not too large, UTF-8.
#include "compiler/source/load.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sys/stat.h>

namespace arch {

std::optional<FileId> addSource(std::string path, std::string text, SourceManager& sources,
                                Diagnostics& diags, std::size_t max_bytes) {
  if (text.size() > max_bytes) {
    diags.report(DiagKind::FileTooLarge, Span{}, path, text.size(), max_bytes)
        .addHelp("split the program into modules and `import` them");
    return std::nullopt;
  }
  std::size_t bad = findInvalidUtf8(text);
  FileId id = sources.add(std::move(path), std::move(text));
  if (bad != std::string_view::npos) {
    diags.report(DiagKind::InvalidUtf8, Span{id, static_cast<std::uint32_t>(bad), 1})
        .withLabel("this byte does not start or continue a UTF-8 character")
        .addHelp("save the file as UTF-8");
    return std::nullopt;
  }
  return id;
}

std::optional<FileId> loadSource(const std::string& path, SourceManager& sources, Diagnostics& diags,
                                 std::size_t max_bytes, const std::string& display) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    diags.report(DiagKind::FileUnreadable, Span{}, path, std::strerror(errno));
    return std::nullopt;
  }
  if (S_ISDIR(st.st_mode)) {
    diags.report(DiagKind::FileUnreadable, Span{}, path, "it is a directory");
    return std::nullopt;
  }
  // Refuse before reading: a huge file must cost no time or memory.
  if (S_ISREG(st.st_mode) && static_cast<std::size_t>(st.st_size) > max_bytes) {
    diags.report(DiagKind::FileTooLarge, Span{}, path, static_cast<std::size_t>(st.st_size), max_bytes)
        .addHelp("split the program into modules and `import` them");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.report(DiagKind::FileUnreadable, Span{}, path, std::strerror(errno));
    return std::nullopt;
  }
  std::string text;
  if (S_ISREG(st.st_mode)) {
    text.resize(static_cast<std::size_t>(st.st_size));
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
  } else {
    // Pipes and devices: read in chunks, at most one byte past the limit.
    char chunk[65536];
    while (text.size() <= max_bytes && in.read(chunk, sizeof chunk).gcount() > 0)
      text.append(chunk, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) {
    diags.report(DiagKind::FileUnreadable, Span{}, path, "read error");
    return std::nullopt;
  }
  return addSource(display.empty() ? path : display, std::move(text), sources, diags, max_bytes);
}

}  // namespace arch
