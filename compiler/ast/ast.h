// The Arch AST: our own types with spans, built by compiler/syntax/ from the
// ANTLR parse tree. Everything after parsing sees only these types.
// Nodes keep literal text exactly (numbers, units, CIDR): the checker gives
// them meaning, so that it can say precisely what is wrong with them.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "compiler/source/source.h"

namespace arch::ast {

struct Name {
  std::string text;
  Span span;
};

// `a.b.c`: a reference to a name, possibly into a component or instance.
struct Path {
  std::vector<Name> parts;
  Span span;
  std::string str() const;
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

// ---- expressions ----------------------------------------------------------

enum class NumberKind : std::uint8_t { Int, Float, Quantity, Percent, Money };

// `42`, `1.5`, `30s`, `512MB`, `70%`, `$200`. `digits` is the number's text
// with sign (`-3`, `2.5`); `unit` is the suffix of a quantity (`s`, `MB`).
struct NumberLit {
  NumberKind kind;
  std::string digits;
  std::string unit;
};
struct BoolLit { bool value; };
struct CidrLit { std::string text; };

// A string is literal text pieces and `${expr}` interpolations, in order.
// Escapes are already decoded in `text` pieces.
struct StringPart {
  std::string text;   // when expr is null
  ExprPtr expr;       // an interpolation
  Span span;
};
struct StringLit {
  std::vector<StringPart> parts;
  Span span;
  bool isPlain() const { return parts.empty() || (parts.size() == 1 && !parts[0].expr); }
  std::string plainText() const;  // the text when isPlain()
};

struct RefExpr { Path path; };

struct Arg {
  std::optional<Name> name;  // for `f(key = value)`
  ExprPtr value;
  Span span;
};
struct CallExpr { Path callee; std::vector<Arg> args; };

struct ListExpr { std::vector<ExprPtr> items; };

struct Field {
  Name key;     // identifier keys and string keys (`"aws:tag" = ...`) alike
  ExprPtr value;
  Span span;
};
struct ObjectExpr { std::vector<Field> fields; };

// `warm_standby { region = "us-west-2" }`: a named variant with fields.
struct TaggedExpr { Path tag; ObjectExpr body; };

struct RangeExpr { ExprPtr low, high; };

enum class BinaryOp : std::uint8_t { Add, Sub, Mul, Div };
struct BinaryExpr { BinaryOp op; ExprPtr lhs, rhs; };

// Left where the parser recovered from an error: later phases stay quiet.
struct ErrorExpr {};

struct Expr {
  Span span;
  std::variant<ErrorExpr, NumberLit, BoolLit, CidrLit, StringLit, RefExpr, CallExpr, ListExpr,
               ObjectExpr, TaggedExpr, RangeExpr, BinaryExpr>
      node;
};

// ---- types ------------------------------------------------------------------

struct TypeExpr;
// `string`, `list<string>`, `map<int>`.
struct TypeAtom {
  Name name;
  std::vector<TypeExpr> args;
  Span span;
};
// A single atom, or an enum `postgres | mysql`; `?` makes it optional.
struct TypeExpr {
  std::vector<TypeAtom> alternatives;
  bool optional = false;
  Span span;
};

// ---- statements -------------------------------------------------------------

// `@allow(single_zone, reason = "dev sandbox")`
struct Attribute {
  Name name;
  std::vector<Arg> args;
  Span span;
};

struct Statement;
struct Block {
  std::vector<Statement> statements;
  Span span;  // from `{` to `}`
};

// `name: type = default` (catalog properties, pattern parameters)
struct PropertyDecl {
  Name name;
  TypeExpr type;
  ExprPtr default_value;  // may be null
  std::string doc;        // from `///` comments before it
};

// `path = expr`
struct Assignment {
  Path target;
  ExprPtr value;
};

// `kind name [in tier] [{ ... }]`; raw resources carry a type string:
// `cloudformation "AWS::SSM::Parameter" flag { ... }`.
struct Declaration {
  Name kind;
  std::optional<StringLit> type_tag;
  Name name;
  std::optional<Path> placement;  // `in tier`
  std::optional<Block> body;
  std::string doc;                // from `///` comments before it
};

// `name { ... }` without a declared name: a property group like `scale`.
struct NestedBlock {
  Name name;
  Block body;
};

// `from -> to [: port] [on event] [(access, ...)] [{ ... }]`
struct Connection {
  Path from;
  Path to;
  ExprPtr port;  // an Int literal or a reference; may be null
  std::optional<Name> event;
  std::vector<Name> access;
  std::optional<Block> body;
  Span arrow;
};

// `route "GET /users" -> handler [{ ... }]`
struct Route {
  StringLit spec;
  Path target;
  std::optional<Block> body;
};

// `override path { ... }`
struct Override {
  Path target;
  Block body;
};

struct Statement {
  std::vector<Attribute> attributes;
  std::variant<PropertyDecl, Assignment, Declaration, NestedBlock, Connection, Route, Override>
      node;
  Span span;
};

// ---- top level --------------------------------------------------------------

struct Import {
  Path module;
  std::optional<Name> alias;
  Span span;
};

enum class TopKind : std::uint8_t { Architecture, Pattern, Deployment, Pipeline, Kind };

// architecture / deployment / pipeline / kind NAME { ... }, and
// pattern NAME(params) { ... }.
struct TopDecl {
  TopKind kind;
  std::vector<Attribute> attributes;
  Name name;
  std::vector<PropertyDecl> params;  // patterns only
  std::optional<Name> parent;        // kinds only: `kind tier in network`
  Block body;
  std::string doc;
  Span span;
  Span keyword;
};

struct Module {
  FileId file = kNoFile;
  std::vector<Import> imports;
  std::vector<TopDecl> decls;
};

std::string_view topKindKeyword(TopKind kind);

}  // namespace arch::ast
