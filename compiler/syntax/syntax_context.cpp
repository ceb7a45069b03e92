// Token and rule spans in bytes, from ANTLR's code-point indexes.
#include "compiler/syntax/syntax_context.h"

namespace arch::syntax {

OffsetMap::OffsetMap(std::string_view text, std::uint32_t base)
    : base_(base), size_(static_cast<std::uint32_t>(text.size())) {
  for (char c : text)
    if (static_cast<unsigned char>(c) >= 0x80) { ascii_ = false; break; }
  if (ascii_) return;
  byte_of_code_point_.reserve(text.size() + 1);
  for (std::uint32_t i = 0; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) byte_of_code_point_.push_back(i);
  byte_of_code_point_.push_back(size_);
}

std::uint32_t OffsetMap::byteOffset(std::size_t cp) const {
  if (ascii_) return base_ + static_cast<std::uint32_t>(std::min<std::size_t>(cp, size_));
  if (cp >= byte_of_code_point_.size()) return base_ + size_;
  return base_ + byte_of_code_point_[cp];
}

Span SyntaxContext::span(const antlr4::Token* token) const {
  if (!token) return Span{};
  if (token->getType() == antlr4::Token::EOF) return endOfInput();
  std::uint32_t begin = offsets_.byteOffset(token->getStartIndex());
  std::uint32_t end = offsets_.byteOffset(token->getStopIndex() + 1);
  return Span{id_, begin, end > begin ? end - begin : 0};
}

Span SyntaxContext::span(antlr4::ParserRuleContext* ctx) const {
  if (!ctx || !ctx->getStart()) return Span{};
  Span first = span(ctx->getStart());
  const antlr4::Token* stop = ctx->getStop();
  if (!stop || stop->getTokenIndex() < ctx->getStart()->getTokenIndex()) return first;
  return Span::cover(first, span(stop));
}

Span SyntaxContext::endOfInput() const {
  std::string_view t = file_.text();
  std::size_t end = t.size();
  while (end > 0 && (t[end - 1] == ' ' || t[end - 1] == '\n' || t[end - 1] == '\r' ||
                     t[end - 1] == '\t'))
    --end;
  return Span{id_, static_cast<std::uint32_t>(end), 0};
}

LinePos SyntaxContext::linePos(Span s) const {
  LineCol lc = file_.lineCol(s.offset);
  std::string_view line = file_.lineText(lc.line);
  std::size_t indent = 0;
  while (indent < line.size() && (line[indent] == ' ' || line[indent] == '\t')) ++indent;
  return {lc.line, indent, lc.column == indent + 1};
}

std::string SyntaxContext::lineColText(Span s) const {
  LineCol lc = file_.lineCol(s.offset);
  return std::to_string(lc.line) + ":" + std::to_string(lc.column);
}

std::string_view SyntaxContext::text(const antlr4::Token* token) const {
  Span s = span(token);
  return s.valid() ? text(s) : std::string_view{};
}

}  // namespace arch::syntax
