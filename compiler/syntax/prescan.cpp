// Token-level checks before parsing: one diagnostic per run of stray
// characters, unterminated block comments, unmatched closers, and the
// nesting limit that keeps every recursive phase within its stack.
#include "compiler/syntax/prescan.h"

#include <ArchLexer.h>

#include <fmt/format.h>

namespace arch::syntax {
namespace {

using grammar::ArchLexer;

std::string describeChar(std::string_view text) {
  if (text.size() == 1) {
    unsigned char c = static_cast<unsigned char>(text[0]);
    if (c < 0x20 || c == 0x7F) return fmt::format("U+{:04X}", c);
  }
  return fmt::format("`{}`", text);
}

// A hint for the characters people type out of habit from other languages.
std::string_view hintFor(char c) {
  switch (c) {
    case ';': return "statements need no separator; remove the `;`";
    case '#': return "comments start with `//`";
    case '\'': return "strings use double quotes: \"...\"";
    case '&': return "connections are written `from -> to`";
    case '`': return "strings use double quotes: \"...\"";
    default: return {};
  }
}

void reportStrayCharacters(SyntaxContext& ctx, Span span) {
  std::string_view text = ctx.text(span);
  std::size_t first_len = 1;
  while (first_len < text.size() && (static_cast<unsigned char>(text[first_len]) & 0xC0) == 0x80)
    ++first_len;
  std::string what = describeChar(text.substr(0, first_len));
  Diagnostic& d = ctx.diags().report(DiagKind::UnexpectedChar, span, what);
  if (text.size() > first_len) d.withLabel("these characters are not part of any Arch token");
  if (std::string_view hint = hintFor(text[0]); !hint.empty()) d.addHelp(std::string(hint));
}

struct Open {
  std::size_t type;
  antlr4::Token* token;
};

bool closes(std::size_t closer, std::size_t opener) {
  switch (closer) {
    case ArchLexer::RBRACE: return opener == ArchLexer::LBRACE || opener == ArchLexer::INTERP_OPEN;
    case ArchLexer::RPAREN: return opener == ArchLexer::LPAREN;
    case ArchLexer::RBRACK: return opener == ArchLexer::LBRACK;
    case ArchLexer::STRING_CLOSE: return opener == ArchLexer::STRING_OPEN;
    default: return false;
  }
}

}  // namespace

bool prescan(antlr4::BufferedTokenStream& tokens, SyntaxContext& ctx, const ParseLimits& limits) {
  std::vector<Open> open;
  Span stray;  // the current run of adjacent stray characters
  auto flushStray = [&] {
    if (stray.valid()) reportStrayCharacters(ctx, stray);
    stray = Span{};
  };

  for (antlr4::Token* token : tokens.getTokens()) {
    std::size_t type = token->getType();
    if (type == ArchLexer::ERROR_CHAR) {
      Span s = ctx.span(token);
      stray = stray.valid() && stray.end() == s.offset ? Span::cover(stray, s) : (flushStray(), s);
      continue;
    }
    flushStray();
    if (ctx.diags().limitReached()) return false;
    switch (type) {
      case ArchLexer::UNTERMINATED_BLOCK_COMMENT: {
        Span s = ctx.span(token);
        ctx.diags()
            .report(DiagKind::UnterminatedComment, Span{s.file, s.offset, 2})
            .withLabel("the comment starts here and runs to the end of the file")
            .addHelp("close it with `*/`");
        break;
      }
      case ArchLexer::LBRACE:
      case ArchLexer::LPAREN:
      case ArchLexer::LBRACK:
      case ArchLexer::INTERP_OPEN:
      case ArchLexer::STRING_OPEN:
        open.push_back({type, token});
        if (open.size() > limits.max_nesting) {
          ctx.diags()
              .report(DiagKind::NestingTooDeep, ctx.span(token), limits.max_nesting)
              .withLabel("this one is too deep")
              .addHelp("split the structure into separate declarations");
          return false;
        }
        break;
      case ArchLexer::STRING_NEWLINE: {
        // Reported here, not by the builder, so that it is reported even
        // when the file has syntax errors too.
        Span line_end = ctx.span(token);
        Span start = open.empty() ? line_end : ctx.span(open.back().token);
        ctx.diags()
            .report(DiagKind::UnterminatedString, Span{start.file, start.offset, line_end.offset - start.offset})
            .withLabel("this string is not closed before the end of the line")
            .addHelp("add a closing `\"`; strings cannot span lines (write `\\n` for a line break)");
        if (!open.empty()) open.pop_back();
        break;
      }
      case ArchLexer::RBRACE:
      case ArchLexer::RPAREN:
      case ArchLexer::RBRACK:
      case ArchLexer::STRING_CLOSE: {
        std::size_t i = open.size();
        while (i > 0 && !closes(type, open[i - 1].type)) --i;
        if (i == 0) {
          // A closer with nothing to close. (Quotes cannot get here: the
          // lexer only makes STRING_CLOSE inside a string.)
          ctx.diags()
              .report(DiagKind::UnmatchedClose, ctx.span(token), fmt::format("`{}`", token->getText()))
              .withLabel("nothing is open here")
              .addHelp("remove it, or look above for the opening bracket it was meant to close");
          ctx.reported_tokens.insert(token->getTokenIndex());
        } else {
          open.resize(i - 1);
        }
        break;
      }
      default: break;
    }
  }
  flushStray();
  return true;
}

}  // namespace arch::syntax
