// Lexer for Arch. Three modes: the default one, string bodies, and `${...}`
// interpolation (which is the default mode pushed again, popped by its `}`).
// Literal validation (units, CIDR ranges, escapes) happens after parsing,
// where messages can be precise; the lexer only makes maximal tokens.
lexer grammar ArchLexer;

@members {
  // A stray `}` must not kill the lexer with EmptyStackException: braces push
  // the default mode so that an interpolation's `}` can pop back into the
  // string, and an unbalanced one simply pops nothing.
  size_t popMode() override {
    if (modeStack.empty()) return mode;
    return antlr4::Lexer::popMode();
  }
}

// Keywords. Component kinds (`bucket`, `database`, ...) are ordinary names:
// the catalog in stdlib/ declares them, not the grammar.
KW_IMPORT       : 'import';
KW_AS           : 'as';
KW_ARCHITECTURE : 'architecture';
KW_PATTERN      : 'pattern';
KW_DEPLOYMENT   : 'deployment';
KW_PIPELINE     : 'pipeline';
KW_KIND         : 'kind';
KW_IN           : 'in';
KW_ON           : 'on';
KW_ROUTE        : 'route';
KW_OVERRIDE     : 'override';
KW_TRUE         : 'true';
KW_FALSE        : 'false';

// Literals. Longest match decides: `10.0.0.0/16` is one CIDR, `30s` one
// quantity, `2..20` is INT DOTDOT INT because FLOAT needs a digit after `.`.
CIDR     : OCTET '.' OCTET '.' OCTET '.' OCTET '/' DIGITS;
PERCENT  : NUMBER '%';
MONEY    : '$' DIGITS ('.' DIGITS)?;
QUANTITY : NUMBER [a-zA-Z_] [a-zA-Z0-9_]*;
FLOAT    : DIGITS '.' DIGITS;
INT      : DIGITS;

IDENT : [a-zA-Z_] [a-zA-Z0-9_]*;

// Punctuation. `{` pushes the default mode so that the matching `}` pops it.
LBRACE   : '{' -> pushMode(DEFAULT_MODE);
RBRACE   : '}' -> popMode;
LPAREN   : '(';
RPAREN   : ')';
LBRACK   : '[';
RBRACK   : ']';
ARROW    : '->';
DOTDOT   : '..';
DOT      : '.';
COMMA    : ',';
COLON    : ':';
EQ       : '=';
PIPE     : '|';
QUESTION : '?';
LT       : '<';
GT       : '>';
AT       : '@';
PLUS     : '+';
MINUS    : '-';
STAR     : '*';
SLASH    : '/';

STRING_OPEN : '"' -> pushMode(STR);

// Comments are kept (on the hidden channel) for doc comments and the formatter.
DOC_COMMENT   : '///' ~[\r\n]* -> channel(HIDDEN);
LINE_COMMENT  : '//' ~[\r\n]* -> channel(HIDDEN);
BLOCK_COMMENT : '/*' .*? '*/' -> channel(HIDDEN);
// Reported by the syntax layer as "unterminated block comment".
// It cannot contain `*/`: the lexer takes the longest match, so a rule that
// could would swallow every later comment and the code between them.
UNTERMINATED_BLOCK_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'* EOF -> channel(HIDDEN);

BOM : '\uFEFF' -> skip;
WS  : [ \t\r\n\f]+ -> skip;

// Anything else is reported by the syntax layer as "unexpected character"
// and kept out of the parser's way, so one stray byte is one diagnostic.
ERROR_CHAR : . -> channel(HIDDEN);

fragment DIGITS : [0-9]+;
fragment NUMBER : DIGITS ('.' DIGITS)?;
fragment OCTET  : [0-9] [0-9]? [0-9]?;

mode STR;
STRING_CLOSE   : '"' -> popMode;
INTERP_OPEN    : '${' -> pushMode(DEFAULT_MODE);
STRING_ESCAPE  : '\\' ~[\r\n];
STRING_TEXT    : ~["\\$\r\n]+;
STRING_DOLLAR  : '$';
// A string may not span lines: the line end closes it so that one missing
// quote does not swallow the rest of the file. The parser then reports it.
STRING_NEWLINE : ('\r' '\n'? | '\n' | '\\' ('\r' '\n'? | '\n')?) -> popMode;
