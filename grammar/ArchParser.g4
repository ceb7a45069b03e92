// Parser for Arch. Every statement is self-delimiting, so there are no
// separators. Rule names mirror the AST (compiler/ast/ast.h); the builder in
// compiler/syntax/ turns each context into our own node and nothing outside
// that folder sees this parse tree.
parser grammar ArchParser;

options { tokenVocab = ArchLexer; }

file
  : importDecl* topDecl* EOF
  ;

// import std.patterns.three_tier            (standard library)
// import lib.network as net                  (relative to the importing file)
importDecl
  : KW_IMPORT path (KW_AS name)?
  ;

topDecl
  : attribute* (architectureDecl | patternDecl | deploymentDecl | pipelineDecl | kindDecl)
  ;

architectureDecl : KW_ARCHITECTURE name block;
patternDecl      : KW_PATTERN name LPAREN (paramDecl (COMMA paramDecl)* COMMA?)? RPAREN block;
deploymentDecl   : KW_DEPLOYMENT name block;
pipelineDecl     : KW_PIPELINE name block;
// Catalog entry (stdlib/catalog/): `kind tier in network { ... }` says a
// tier is declared inside a network. Keywords may name the settings kinds.
kindDecl         : KW_KIND (name | keywordName) kindParent? block;
keywordName      : KW_ARCHITECTURE | KW_DEPLOYMENT | KW_PIPELINE | KW_PATTERN;
kindParent       : KW_IN name;

paramDecl : name COLON typeExpr (EQ expr)?;

// @allow(single_zone, reason = "a dev sandbox")
attribute : AT name (LPAREN argList? RPAREN)?;

block : LBRACE statement* RBRACE;

statement
  : attribute* statementBody
  ;

statementBody
  : name COLON typeExpr (EQ expr)?                                # propertyDeclStmt
  | path EQ expr                                                  # assignStmt
  | path ARROW path connectionPort? connectionEvent?
      connectionAccess? block?                                    # connectionStmt
  | KW_ROUTE stringLit ARROW path block?                          # routeStmt
  | KW_OVERRIDE path block                                        # overrideStmt
  | kind=name stringLit? id=name (KW_IN path)? block?             # declarationStmt
  | name block                                                    # nestedBlockStmt
  ;

connectionPort   : COLON (INT | path);
connectionEvent  : KW_ON name;
connectionAccess : LPAREN name (COMMA name)* COMMA? RPAREN;

// Types: `string`, `list<string>`, `duration?`, and enums `postgres | mysql`.
typeExpr : typeAtom (PIPE typeAtom)* QUESTION?;
typeAtom : (name | keywordName) (LT typeExpr (COMMA typeExpr)* GT)?;   // ref<deployment>

// Expressions, loosest first. Ranges do not nest.
expr
  : additive (DOTDOT additive)?
  ;

additive
  : additive op=(PLUS | MINUS) multiplicative
  | multiplicative
  ;

multiplicative
  : multiplicative op=(STAR | SLASH) primary
  | primary
  ;

primary
  : MINUS? (INT | FLOAT | QUANTITY | PERCENT | MONEY)             # numberExpr
  | CIDR                                                          # cidrExpr
  | (KW_TRUE | KW_FALSE)                                          # boolExpr
  | stringLit                                                     # stringExpr
  | path LPAREN argList? RPAREN                                   # callExpr
  | path objectLit                                                # taggedExpr
  | path                                                          # refExpr
  | LBRACK (expr (COMMA expr)* COMMA?)? RBRACK                    # listExpr
  | objectLit                                                     # objectExpr
  | LPAREN expr RPAREN                                            # parenExpr
  ;

objectLit   : LBRACE (objectField COMMA?)* RBRACE;
objectField : (name | stringLit) EQ expr;

argList : arg (COMMA arg)* COMMA?;
arg     : (name EQ)? expr;

// A string is text, escapes and `${expr}` interpolations. A line end inside
// one is accepted here and reported by the builder as "unterminated string",
// which reads better than a parser error and stops a cascade.
stringLit
  : STRING_OPEN stringPart* (STRING_CLOSE | STRING_NEWLINE)
  ;

stringPart
  : STRING_TEXT
  | STRING_ESCAPE
  | STRING_DOLLAR
  | INTERP_OPEN expr RBRACE
  ;

path : name (DOT name)*;
name : IDENT;
