// Source files and spans: every diagnostic and AST node points into a file
// held here by byte offset; line and column are derived only when printed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace arch {

using FileId = std::uint32_t;
inline constexpr FileId kNoFile = ~FileId{0};

// A half-open byte range [offset, offset + length) in one file.
struct Span {
  FileId file = kNoFile;
  std::uint32_t offset = 0;
  std::uint32_t length = 0;

  bool valid() const { return file != kNoFile; }
  std::uint32_t end() const { return offset + length; }
  // The smallest span covering both (same file).
  static Span cover(Span a, Span b);
};

// 1-based line and column; the column counts code points, as editors do.
struct LineCol {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  std::string_view text() const { return text_; }
  LineCol lineCol(std::uint32_t offset) const;
  // The text of a 1-based line, without its line terminator (\n or \r\n).
  std::string_view lineText(std::uint32_t line) const;
  std::uint32_t lineCount() const { return static_cast<std::uint32_t>(line_starts_.size()); }

 private:
  std::string path_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;
};

// Owns every file read in a run; each is read once and keeps its FileId.
class SourceManager {
 public:
  FileId add(std::string path, std::string text);
  const SourceFile& file(FileId id) const { return files_[id]; }
  std::size_t size() const { return files_.size(); }
  // "path:line:col" for a span's start.
  std::string location(Span span) const;

 private:
  std::vector<SourceFile> files_;
};

// Byte offset of the first invalid UTF-8 sequence, or npos when valid.
std::size_t findInvalidUtf8(std::string_view text);

}  // namespace arch
