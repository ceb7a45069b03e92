// Private to compiler/syntax/: what the pre-scan, the error strategy and the
// AST builder share about the file being parsed — spans of tokens and the
// mapping from ANTLR's code-point indexes to our byte offsets.
#pragma once

#include <string_view>
#include <unordered_set>
#include <vector>

#include <antlr4-runtime.h>

#include "compiler/diag/diagnostic.h"

namespace arch::syntax {

// ANTLR indexes characters by code point; spans are in bytes. For ASCII
// files (the common case) the two agree and no table is built.
class OffsetMap {
 public:
  // `text` is what the lexer saw: the file after `base` bytes (a BOM).
  OffsetMap(std::string_view text, std::uint32_t base);
  std::uint32_t byteOffset(std::size_t code_point_index) const;

 private:
  bool ascii_ = true;
  std::uint32_t base_ = 0;
  std::uint32_t size_ = 0;
  std::vector<std::uint32_t> byte_of_code_point_;
};

// Where a token sits on its line, for layout heuristics (a `}` indented
// like the block it closes, a statement first on its line).
struct LinePos {
  std::uint32_t line = 0;
  std::size_t indent = 0;  // leading blanks of the line (a tab counts one)
  bool first = false;      // only blanks before the token on its line
};

class SyntaxContext {
 public:
  SyntaxContext(const SourceFile& file, FileId id, Diagnostics& diags)
      : file_(file), id_(id), diags_(diags), offsets_(lexedText(), bomSize()) {}

  // A UTF-8 byte order mark is not given to the lexer (the runtime would
  // drop it and shift every index); spans still count its three bytes.
  std::uint32_t bomSize() const { return file_.text().substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0; }
  std::string_view lexedText() const { return file_.text().substr(bomSize()); }

  Span span(const antlr4::Token* token) const;
  Span span(antlr4::ParserRuleContext* ctx) const;
  // A zero-length span just after the last non-blank character: where an
  // "end of file" caret reads best.
  Span endOfInput() const;
  std::string_view text(const antlr4::Token* token) const;
  std::string_view text(Span span) const { return file_.text().substr(span.offset, span.length); }
  LinePos linePos(Span s) const;
  std::string lineColText(Span s) const;  // "3:19"

  Diagnostics& diags() { return diags_; }
  const SourceFile& file() const { return file_; }
  FileId id() const { return id_; }

  // Tokens already reported by the pre-scan (unmatched closers): the error
  // strategy stays quiet about them so each mistake is reported once.
  std::unordered_set<std::size_t> reported_tokens;

 private:
  const SourceFile& file_;
  FileId id_;
  Diagnostics& diags_;
  OffsetMap offsets_;
};

}  // namespace arch::syntax
