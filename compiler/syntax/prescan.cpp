// Token-level checks before parsing: one diagnostic per run of stray
// characters, unterminated block comments, unmatched closers, unclosed
// interpolations, and the nesting limit that keeps every recursive phase
// within its stack. Where a mistake has an obvious intended reading (a
// single-quoted string, `→`, a `#` comment) the tokens are rewritten to
// that reading, so the parser does not report the same mistake again.
#include "compiler/syntax/prescan.h"

#include <ArchLexer.h>

#include <fmt/format.h>

namespace arch::syntax {
namespace {

using grammar::ArchLexer;

// ---- stray characters ---------------------------------------------------------

std::string describeChar(std::string_view text) {
  if (text.size() == 1) {
    unsigned char c = static_cast<unsigned char>(text[0]);
    if (c < 0x20 || c == 0x7F) return fmt::format("U+{:04X}", c);
  }
  if (text == "\xC2\xA0") return "U+00A0 (no-break space)";
  return fmt::format("`{}`", text);
}

// A hint for the characters people type out of habit from other languages
// or paste from word processors.
std::string_view hintFor(std::string_view c) {
  if (c == ";") return "statements need no separator; remove the `;`";
  if (c == "#") return "comments start with `//`";
  if (c == "'" || c == "`") return "strings use double quotes: \"...\"";
  if (c == "&") return "connections are written `from -> to`";
  if (c == "\xE2\x86\x92") return "write the arrow as `->`";                   // →
  if (c == "\xE2\x80\x9C" || c == "\xE2\x80\x9D" || c == "\xE2\x80\x98" || c == "\xE2\x80\x99")
    return "strings use plain double quotes: \"...\"";                        // “ ” ‘ ’
  if (c == "\xC2\xA0") return "replace it with an ordinary space";
  if (c == "\xE2\x80\x93" || c == "\xE2\x80\x94") return "write a minus as `-`";  // – —
  return {};
}

std::size_t firstCharLength(std::string_view text) {
  std::size_t n = 1;
  while (n < text.size() && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) ++n;
  return n;
}

// The quote that closes a string opened by `open` when someone writes
// strings the way another language does: 'x', `x`, “x”, ‘x’.
std::string_view closingQuote(std::string_view open) {
  if (open == "'" || open == "`") return open;
  if (open == "\xE2\x80\x9C") return "\xE2\x80\x9D";
  if (open == "\xE2\x80\x98") return "\xE2\x80\x99";
  return {};
}

void setToken(antlr4::Token* token, std::size_t type, std::size_t channel) {
  if (auto* w = dynamic_cast<antlr4::WritableToken*>(token)) {
    w->setType(type);
    w->setChannel(channel);
  }
}

struct Open {
  std::size_t type;
  antlr4::Token* token;
  bool virtual_brace = false;          // a declaration header whose `{` is missing
  antlr4::Token* multiline_interp = nullptr;  // strings: a `${` closed on a later line
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

// A `{ ... }` pair whose `}` starts its line.
struct ClosedBlock {
  antlr4::Token* open;
  antlr4::Token* close;
  bool open_ends_line;  // nothing after the `{` on its line: a block of several lines
};

class Prescan {
 public:
  Prescan(antlr4::BufferedTokenStream& tokens, SyntaxContext& ctx, const ParseLimits& limits)
      : tokens_(tokens.getTokens()), ctx_(ctx), limits_(limits) {}

  bool run();

 private:
  void strays(std::size_t& i);
  void header(antlr4::Token* token);
  void topLevel(antlr4::Token* token);
  bool unterminatedString(antlr4::Token* line_end);
  bool strayCloser(std::size_t i) const;
  void unmatchedClose(antlr4::Token* token, const Open* innermost);
  void closeInterpolation(const Open& interp, antlr4::Token* closer);
  Span lineEndAfter(antlr4::Token* token) const;
  bool endsLine(antlr4::Token* token) const;

  std::vector<antlr4::Token*> tokens_;
  SyntaxContext& ctx_;
  const ParseLimits& limits_;
  std::vector<Open> open_;
  std::vector<ClosedBlock> closed_blocks_;
  std::uint32_t stray_line_ = 0;  // the line of the last stray character reported
  std::string stray_char_;        // and that character
  bool top_junk_ = false;         // a top-level line that starts no declaration

  // A declaration header being read: `architecture NAME {`, `pattern NAME
  // (...) {`, `kind NAME in PARENT {` at the top level, `override PATH {`
  // anywhere. When its `{` never comes, a virtual one is opened so that the
  // `}` written for it is not reported as unmatched: the parser reports the
  // missing `{` instead.
  antlr4::Token* header_ = nullptr;
  std::size_t header_depth_ = 0;
  std::size_t header_last_ = 0;  // type of the last header token read
};

// One diagnostic per run of adjacent stray characters, with the intended
// reading restored where it is obvious.
void Prescan::strays(std::size_t& i) {
  std::size_t end = i;
  Span run = ctx_.span(tokens_[i]);
  while (end + 1 < tokens_.size() && tokens_[end + 1]->getType() == ArchLexer::ERROR_CHAR &&
         ctx_.span(tokens_[end + 1]).offset == run.end()) {
    ++end;
    run = Span::cover(run, ctx_.span(tokens_[end]));
  }
  std::string_view text = ctx_.text(run);
  std::string_view first = text.substr(0, firstCharLength(text));
  std::uint32_t line = ctx_.linePos(run).line;
  auto sameLine = [&](std::size_t j) { return ctx_.linePos(ctx_.span(tokens_[j])).line == line; };

  // 'text' and friends: one string, one diagnostic.
  if (std::string_view close = closingQuote(first); !close.empty() && text.size() == first.size()) {
    for (std::size_t j = end + 1; j < tokens_.size() && sameLine(j); ++j) {
      antlr4::Token* t = tokens_[j];
      if (t->getType() != ArchLexer::ERROR_CHAR || ctx_.text(t) != close) continue;
      Span whole = Span::cover(run, ctx_.span(t));
      Diagnostic& d = ctx_.diags().report(DiagKind::WrongQuotes, whole, fmt::format("`{}`", first));
      d.withLabel("this string is not in double quotes");
      std::string_view inner = ctx_.text(Span{whole.file, run.end(), ctx_.span(t).offset - run.end()});
      if (inner.find('"') == std::string_view::npos && inner.find('\\') == std::string_view::npos)
        d.addHelp(fmt::format("write \"{}\"", inner));
      else
        d.addHelp("write strings in double quotes: \"...\"");
      ctx_.reported_tokens.insert(tokens_[i]->getTokenIndex());
      // Read it as the string it was meant to be.
      setToken(tokens_[i], ArchLexer::STRING_OPEN, antlr4::Token::DEFAULT_CHANNEL);
      for (std::size_t k = i + 1; k < j; ++k)
        if (tokens_[k]->getChannel() == antlr4::Token::DEFAULT_CHANNEL || tokens_[k]->getType() == ArchLexer::ERROR_CHAR)
          setToken(tokens_[k], ArchLexer::STRING_TEXT, antlr4::Token::DEFAULT_CHANNEL);
      setToken(t, ArchLexer::STRING_CLOSE, antlr4::Token::DEFAULT_CHANNEL);
      i = j;
      return;
    }
  }

  // `${x}` outside a string: the interpolation marks go, the expression stays.
  bool in_interpolation = std::any_of(open_.begin(), open_.end(), [](const Open& o) { return o.type == ArchLexer::INTERP_OPEN; });
  if (first == "$" && text.size() == 1 && !in_interpolation && end + 1 < tokens_.size() &&
      tokens_[end + 1]->getType() == ArchLexer::LBRACE && ctx_.span(tokens_[end + 1]).offset == run.end()) {
    for (std::size_t j = end + 2; j < tokens_.size() && sameLine(j); ++j) {
      std::size_t t = tokens_[j]->getType();
      if (t != ArchLexer::RBRACE) {
        bool simple = t == ArchLexer::IDENT || t == ArchLexer::DOT || t == ArchLexer::INT ||
                      t == ArchLexer::PLUS || t == ArchLexer::MINUS || t == ArchLexer::STAR ||
                      t == ArchLexer::SLASH || t == ArchLexer::QUANTITY;
        if (!simple) break;
        continue;
      }
      if (j == end + 2) break;  // `${}`
      Span whole = Span::cover(run, ctx_.span(tokens_[j]));
      if (line != stray_line_)
        ctx_.diags()
            .report(DiagKind::UnexpectedToken, whole, "`${` outside a string")
            .withLabel("interpolation is for strings")
            .addHelp(fmt::format("`${{...}}` works only inside a string: write \"{}\"", ctx_.text(whole)));
      ctx_.reported_tokens.insert(tokens_[i]->getTokenIndex());
      setToken(tokens_[end + 1], ArchLexer::LBRACE, antlr4::Token::HIDDEN_CHANNEL);
      setToken(tokens_[j], ArchLexer::RBRACE, antlr4::Token::HIDDEN_CHANNEL);
      stray_line_ = line;
      i = end;
      return;
    }
  }
  if (line == stray_line_ && first == stray_char_) {  // the same mistake again, most likely
    i = end;
    return;
  }
  stray_line_ = line;
  stray_char_ = std::string(first);
  for (std::size_t k = i; k <= end; ++k) ctx_.reported_tokens.insert(tokens_[k]->getTokenIndex());
  Diagnostic& d = ctx_.diags().report(DiagKind::UnexpectedChar, run, describeChar(first));
  if (text.size() > first.size()) d.withLabel("these characters are not part of any Arch token");
  antlr4::Token* after = end + 1 < tokens_.size() ? tokens_[end + 1] : nullptr;
  bool adjacent = after && after->getType() != antlr4::Token::EOF && ctx_.span(after).offset == run.end();
  // A line that starts with `#` is a comment from another language; a `#`
  // further on is just a stray character.
  bool comment = first == "#" && ctx_.linePos(run).first;
  if (first == "$" && text.size() == 1 && adjacent && after->getType() == ArchLexer::LBRACE)
    d.addHelp("`${...}` interpolates only inside a string: \"${...}\"");
  else if (first == "#" && !comment && adjacent)
    ;  // `a#b`: not meant as a comment
  else if (std::string_view hint = hintFor(first); !hint.empty())
    d.addHelp(std::string(hint));
  // The parser would only report the same mistake again at the token
  // glued to it (`-$x`); brackets stay its business, to keep them paired.
  if (adjacent && after->getChannel() == antlr4::Token::DEFAULT_CHANNEL) {
    std::size_t t = after->getType();
    bool bracket = t == ArchLexer::LBRACE || t == ArchLexer::RBRACE || t == ArchLexer::LPAREN ||
                   t == ArchLexer::RPAREN || t == ArchLexer::LBRACK || t == ArchLexer::RBRACK ||
                   t == ArchLexer::STRING_OPEN || t == ArchLexer::STRING_CLOSE;
    if (!bracket) ctx_.reported_tokens.insert(after->getTokenIndex());
  }
  if (first == "\xE2\x86\x92" && text.size() == first.size()) {
    // `a → b` means `a -> b`.
    setToken(tokens_[i], ArchLexer::ARROW, antlr4::Token::DEFAULT_CHANNEL);
  } else if (comment) {
    // The rest of the line is the comment its author meant.
    for (std::size_t j = end + 1; j < tokens_.size() && sameLine(j); ++j) {
      if (tokens_[j]->getType() == antlr4::Token::EOF) break;
      if (tokens_[j]->getType() == ArchLexer::UNTERMINATED_BLOCK_COMMENT) break;
      setToken(tokens_[j], ArchLexer::LINE_COMMENT, antlr4::Token::HIDDEN_CHANNEL);
      end = j;
    }
  }
  i = end;
}

// Lines at the top level that start with something other than a
// declaration: the parser reports them; a `}` after them that closes
// nothing is their end, not a mistake of its own.
void Prescan::topLevel(antlr4::Token* token) {
  std::size_t type = token->getType();
  if (!ctx_.linePos(ctx_.span(token)).first || type == antlr4::Token::EOF) return;
  bool declaration = type == ArchLexer::KW_ARCHITECTURE || type == ArchLexer::KW_PATTERN ||
                     type == ArchLexer::KW_DEPLOYMENT || type == ArchLexer::KW_PIPELINE ||
                     type == ArchLexer::KW_KIND || type == ArchLexer::KW_IMPORT || type == ArchLexer::AT;
  if (declaration) top_junk_ = false;
  else if (type != ArchLexer::RBRACE && type != ArchLexer::LBRACE) top_junk_ = true;
}

void Prescan::header(antlr4::Token* token) {
  std::size_t type = token->getType();
  if (token->getChannel() != antlr4::Token::DEFAULT_CHANNEL) return;
  if (!header_) {
    bool top = open_.empty() && (type == ArchLexer::KW_ARCHITECTURE || type == ArchLexer::KW_PATTERN ||
                                 type == ArchLexer::KW_DEPLOYMENT || type == ArchLexer::KW_PIPELINE ||
                                 type == ArchLexer::KW_KIND);
    if (top || type == ArchLexer::KW_OVERRIDE) {
      header_ = token;
      header_depth_ = open_.size();
      header_last_ = type;
    }
    return;
  }
  if (open_.size() > header_depth_) return;  // inside the parameter list of a pattern
  std::size_t kw = header_->getType();
  std::size_t last = header_last_;
  if (last == kw && (type == ArchLexer::EQ || type == ArchLexer::DOT)) {
    header_ = nullptr;  // `architecture = shop`: a keyword used as a name
    return;
  }
  bool ok = false;
  switch (type) {
    case ArchLexer::IDENT:  // a name, a path segment, a parent kind
      ok = last == kw || last == ArchLexer::DOT || last == ArchLexer::KW_IN;
      break;
    case ArchLexer::DOT: ok = kw == ArchLexer::KW_OVERRIDE && last == ArchLexer::IDENT; break;
    case ArchLexer::KW_IN: ok = kw == ArchLexer::KW_KIND && last != kw && last != ArchLexer::KW_IN; break;
    case ArchLexer::LPAREN: ok = kw == ArchLexer::KW_PATTERN && last != ArchLexer::RPAREN; break;
    case ArchLexer::RPAREN: ok = kw == ArchLexer::KW_PATTERN; break;
    case ArchLexer::KW_ARCHITECTURE:
    case ArchLexer::KW_DEPLOYMENT:
    case ArchLexer::KW_PIPELINE:
    case ArchLexer::KW_PATTERN: ok = kw == ArchLexer::KW_KIND && last == kw; break;  // `kind deployment`
    case ArchLexer::LBRACE: header_ = nullptr; return;
    default: break;
  }
  if (ok) {
    header_last_ = type;
    return;
  }
  // The header ended without its `{`: open a virtual one, unless a new
  // declaration starts (then the header had no body at all).
  antlr4::Token* kw_token = header_;
  header_ = nullptr;
  bool starts_declaration = open_.size() == 0 &&
                            (type == ArchLexer::KW_ARCHITECTURE || type == ArchLexer::KW_PATTERN ||
                             type == ArchLexer::KW_DEPLOYMENT || type == ArchLexer::KW_PIPELINE ||
                             type == ArchLexer::KW_KIND || type == ArchLexer::KW_IMPORT ||
                             type == ArchLexer::AT || type == antlr4::Token::EOF);
  if (!starts_declaration && type != antlr4::Token::EOF && type != ArchLexer::RBRACE)
    open_.push_back({ArchLexer::LBRACE, kw_token, true});
}

// A line end inside a string. Returns false when the token stream after it
// cannot be trusted (an interpolation left open), which stops the parse.
bool Prescan::unterminatedString(antlr4::Token* line_end) {
  Span end = ctx_.span(line_end);
  if (open_.empty() || open_.back().type != ArchLexer::STRING_OPEN) {
    ctx_.diags()
        .report(DiagKind::UnterminatedString, end)
        .withLabel("this string is not closed before the end of the line")
        .addHelp("add a closing `\"`; strings cannot span lines (write `\\n` for a line break)");
    return true;
  }
  Open str = open_.back();
  open_.pop_back();
  Span start = ctx_.span(str.token);

  // `"${a"`: the quote meant to close the outer string opened a new one
  // inside the interpolation, whose `}` is missing.
  if (!open_.empty() && open_.back().type == ArchLexer::INTERP_OPEN &&
      str.token->getTokenIndex() > open_.back().token->getTokenIndex() + 1) {
    Open interp = open_.back();
    Span opened = ctx_.span(interp.token);
    if (stray_line_ == ctx_.linePos(start).line) return false;  // reported with that stray character
    ctx_.diags()
        .report(DiagKind::UnclosedDelimiter, start, "}", "`${`", ctx_.lineColText(opened))
        .withLabel("this `\"` is inside the interpolation, so it starts a new string")
        .addLabel(opened, "the interpolation starts here")
        .addHelp("add `}` before the `\"`");
    return false;
  }
  // `"${a` and the interpolation ran on to a `}` on a later line.
  if (str.multiline_interp) {
    Span opened = ctx_.span(str.multiline_interp);
    ctx_.diags()
        .report(DiagKind::UnclosedDelimiter, lineEndAfter(str.multiline_interp), "}", "`${`",
                ctx_.lineColText(opened))
        .withLabel("found end of line")
        .addLabel(opened, "the interpolation starts here")
        .addHelp("add `}` to close the interpolation, then `\"` to close the string");
    return false;
  }
  ctx_.reported_tokens.insert(str.token->getTokenIndex());
  if (stray_line_ == ctx_.linePos(start).line) return true;  // most likely the stray character's doing
  ctx_.diags()
      .report(DiagKind::UnterminatedString, Span{start.file, start.offset, end.offset - start.offset})
      .withLabel("this string is not closed before the end of the line")
      .addHelp("add a closing `\"`; strings cannot span lines (write `\\n` for a line break)");
  return true;
}

// Whether no token but comments follows `token` on its line.
bool Prescan::endsLine(antlr4::Token* token) const {
  std::size_t j = token->getTokenIndex() + 1;
  while (j < tokens_.size() && tokens_[j]->getChannel() != antlr4::Token::DEFAULT_CHANNEL) ++j;
  return j == tokens_.size() || tokens_[j]->getType() == antlr4::Token::EOF ||
         ctx_.linePos(ctx_.span(tokens_[j])).line != ctx_.linePos(ctx_.span(token)).line;
}

// Zero-length span after the last token that starts on the line of `token`.
Span Prescan::lineEndAfter(antlr4::Token* token) const {
  std::uint32_t line = ctx_.linePos(ctx_.span(token)).line;
  Span last = ctx_.span(token);
  for (std::size_t j = token->getTokenIndex() + 1; j < tokens_.size(); ++j) {
    Span s = ctx_.span(tokens_[j]);
    if (tokens_[j]->getType() == antlr4::Token::EOF || ctx_.linePos(s).line != line) break;
    if (tokens_[j]->getType() == ArchLexer::STRING_NEWLINE) break;
    last = s;
  }
  return Span{last.file, last.end(), 0};
}

// Whether the closer at `i`, which does not fit the innermost open bracket,
// is the extra one: the innermost bracket's own closer comes next on the
// same line.
bool Prescan::strayCloser(std::size_t i) const {
  std::size_t want = 0;
  switch (open_.back().type) {
    case ArchLexer::LBRACE: want = ArchLexer::RBRACE; break;
    case ArchLexer::LPAREN: want = ArchLexer::RPAREN; break;
    case ArchLexer::LBRACK: want = ArchLexer::RBRACK; break;
    default: return false;
  }
  std::uint32_t line = ctx_.linePos(ctx_.span(tokens_[i])).line;
  for (std::size_t j = i + 1; j < tokens_.size(); ++j) {
    antlr4::Token* t = tokens_[j];
    if (t->getType() == antlr4::Token::EOF || ctx_.linePos(ctx_.span(t)).line != line) return false;
    if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
    std::size_t type = t->getType();
    if (type == ArchLexer::RBRACE || type == ArchLexer::RPAREN || type == ArchLexer::RBRACK) return type == want;
  }
  return false;
}

void Prescan::unmatchedClose(antlr4::Token* token, const Open* innermost) {
  std::size_t type = token->getType();
  // Where the braces first stopped following the layout: a `}` that
  // closed an outer block while indented like a nested one is where a `{`
  // went missing (`bucket uploads` then an indented body); a `}` in the
  // middle of a line that closed a block of several lines is likely the
  // extra one, and this `}` the one that really ends that block.
  const ClosedBlock* missing_open = nullptr;
  if (!innermost && type == ArchLexer::RBRACE) {
    for (const ClosedBlock& b : closed_blocks_) {
      LinePos o = ctx_.linePos(ctx_.span(b.open));
      LinePos c = ctx_.linePos(ctx_.span(b.close));
      if (c.first && c.indent > o.indent) {
        missing_open = &b;
        break;
      }
      if (!c.first && b.open_ends_line && c.line > o.line) {
        ctx_.diags()
            .report(DiagKind::UnmatchedClose, ctx_.span(b.close), "`}`")
            .withLabel(fmt::format("this `}}` closes the `{{` at {} in the middle of its block",
                                   ctx_.lineColText(ctx_.span(b.open))))
            .addLabel(ctx_.span(token), "which leaves this `}` with nothing to close")
            .addHelp("remove the extra `}`");
        // The parser reads the braces as they were meant.
        ctx_.reported_tokens.insert(b.close->getTokenIndex());
        setToken(b.close, ArchLexer::RBRACE, antlr4::Token::HIDDEN_CHANNEL);
        top_junk_ = false;
        return;
      }
    }
  }
  if (!innermost && top_junk_ && type != ArchLexer::STRING_CLOSE) {
    // The end of a body whose declaration line is missing: the parser
    // reports those lines, with this `}`, as one mistake.
    return;
  }
  Span at = ctx_.span(token);
  Diagnostic& d = ctx_.diags().report(DiagKind::UnmatchedClose, at, fmt::format("`{}`", ctx_.text(token)));
  // Reported here; the parser does not see it.
  ctx_.reported_tokens.insert(token->getTokenIndex());
  setToken(token, type, antlr4::Token::HIDDEN_CHANNEL);
  if (innermost) {
    std::string_view open_text = innermost->virtual_brace ? "{" : ctx_.text(innermost->token);
    if (closes(type, innermost->type) || std::any_of(open_.begin(), open_.end(), [&](const Open& o) { return closes(type, o.type); }))
      d.withLabel(fmt::format("the innermost open bracket is the `{}` at {}", open_text,
                              ctx_.lineColText(ctx_.span(innermost->token))));
    else
      d.withLabel(fmt::format("no `{}` is open here", type == ArchLexer::RPAREN ? "(" : type == ArchLexer::RBRACK ? "[" : "{"));
    d.addHelp("remove it");
    return;
  }
  d.withLabel("nothing is open here");
  if (missing_open) {
    d.addLabel(ctx_.span(missing_open->close),
               fmt::format("this `}}` closes the `{{` at {}, but it is indented like the end of a nested block",
                           ctx_.lineColText(ctx_.span(missing_open->open))));
    d.addHelp("a `{` is probably missing in the lines above that `}`");
    return;
  }
  d.addHelp("remove it, or look above for the opening bracket it was meant to close");
}

// A `}` closing an interpolation: remember when the interpolation ran over
// lines, which is how an unclosed `${` shows when the string is unterminated.
void Prescan::closeInterpolation(const Open& interp, antlr4::Token* closer) {
  if (open_.empty() || open_.back().type != ArchLexer::STRING_OPEN) return;
  if (ctx_.linePos(ctx_.span(closer)).line != ctx_.linePos(ctx_.span(interp.token)).line &&
      !open_.back().multiline_interp)
    open_.back().multiline_interp = interp.token;
}

bool Prescan::run() {
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    antlr4::Token* token = tokens_[i];
    std::size_t type = token->getType();
    if (ctx_.diags().limitReached()) return false;
    if (type == ArchLexer::ERROR_CHAR) {
      strays(i);
      token = tokens_[i];
      type = token->getType();
      if (type == ArchLexer::ERROR_CHAR || type == ArchLexer::LINE_COMMENT) continue;
      if (type == ArchLexer::STRING_CLOSE) {  // a rewritten 'string'
        header(token);
        continue;
      }
    }
    if (token->getChannel() != antlr4::Token::DEFAULT_CHANNEL && type != ArchLexer::UNTERMINATED_BLOCK_COMMENT)
      continue;  // comments, and brackets set aside above
    if (open_.empty() && !header_) topLevel(token);
    if (header_ || type == ArchLexer::KW_OVERRIDE || open_.empty()) header(token);
    switch (type) {
      case ArchLexer::UNTERMINATED_BLOCK_COMMENT: {
        Span s = ctx_.span(token);
        ctx_.diags()
            .report(DiagKind::UnterminatedComment, Span{s.file, s.offset, 2})
            .withLabel("the comment starts here and runs to the end of the file")
            .addHelp("close it with `*/`");
        // What the comment swallowed is no further error: the parser stays
        // quiet about the end of the file.
        ctx_.reported_tokens.insert(tokens_.back()->getTokenIndex());
        ctx_.reported_tokens.insert(token->getTokenIndex());
        break;
      }
      case ArchLexer::LBRACE:
      case ArchLexer::LPAREN:
      case ArchLexer::LBRACK:
      case ArchLexer::INTERP_OPEN:
      case ArchLexer::STRING_OPEN:
        open_.push_back({type, token});
        if (open_.size() > limits_.max_nesting) {
          ctx_.diags()
              .report(DiagKind::NestingTooDeep, ctx_.span(token), limits_.max_nesting)
              .withLabel("this one is too deep")
              .addHelp("split the structure into separate declarations");
          return false;
        }
        break;
      case ArchLexer::STRING_NEWLINE:
        // Reported here, not by the builder, so that it is reported even
        // when the file has syntax errors too.
        if (!unterminatedString(token)) return false;
        break;
      case ArchLexer::RBRACE:
      case ArchLexer::RPAREN:
      case ArchLexer::RBRACK:
      case ArchLexer::STRING_CLOSE: {
        std::size_t k = open_.size();
        while (k > 0 && !closes(type, open_[k - 1].type)) --k;
        if (k == 0 && !open_.empty() && (open_.back().type == ArchLexer::LPAREN || open_.back().type == ArchLexer::LBRACK) &&
            !open_.back().virtual_brace && type == ArchLexer::RBRACE && ctx_.linePos(ctx_.span(token)).first) {
          // `pattern p(a: int` then a body's `}`: the `(` is what is
          // missing its closer, which the parser reports with its name.
          open_.pop_back();
          break;
        }
        if (k == 0 || (k < open_.size() && strayCloser(i))) {
          // A closer with nothing to close, or one that does not fit the
          // innermost bracket while that bracket's own closer follows on
          // the line: `[1, b }]`. (Quotes cannot get here: the lexer only
          // makes STRING_CLOSE inside a string.)
          unmatchedClose(token, open_.empty() ? nullptr : &open_.back());
          break;
        }
        Open opener = open_[k - 1];
        open_.resize(k - 1);
        if (opener.type == ArchLexer::INTERP_OPEN) closeInterpolation(opener, token);
        if (opener.type == ArchLexer::LBRACE && !opener.virtual_brace)
          closed_blocks_.push_back({opener.token, token, endsLine(opener.token)});
        break;
      }
      default: break;
    }
  }
  return true;
}

}  // namespace

bool prescan(antlr4::BufferedTokenStream& tokens, SyntaxContext& ctx, const ParseLimits& limits) {
  return Prescan(tokens, ctx, limits).run();
}

}  // namespace arch::syntax
