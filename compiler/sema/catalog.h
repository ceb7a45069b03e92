// The component catalog, built from the `kind` declarations of
// stdlib/catalog/*.arch (docs/catalog.md). It is the only description of
// kinds, properties and valid connections: nothing in C++ repeats it.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/sema/value.h"

namespace arch::modules { struct ModuleSet; }

namespace arch::sema {

struct PropSpec {
  std::string name;
  Type type;
  std::optional<Value> default_value;
  std::optional<Value> min, max;  // from @range(min, max)
  std::string doc;
  Span span;
  bool required() const { return !default_value && !type.optional && type.kind != TypeKind::Group; }
};

// A set of named, typed fields: a kind's properties, a group's fields, or
// what a connection accepts.
struct GroupSpec {
  std::string name;
  std::vector<PropSpec> props;
  std::vector<std::unique_ptr<GroupSpec>> groups;  // owned nested groups
  std::string doc;
  Span span;
  const PropSpec* find(std::string_view prop) const;
  std::vector<std::string> names() const;
};

enum class Placement : std::uint8_t { None, Optional, Required };

struct ConnectionRule {
  std::string to_kind;
  std::string meaning;  // target, origin, notification, ... (docs/catalog.md)
  GroupSpec accepts;    // `event`, `access`, `port` and body properties
  std::string doc;
  Span span;
};

struct KindSpec {
  std::string name;
  std::string parent;  // `kind tier in network`: "network"
  Placement placement = Placement::None;
  GroupSpec props;
  std::vector<ConnectionRule> connections;
  std::string doc;
  Span span;
  std::string summary() const;  // the first line of the doc
  const ConnectionRule* connection(std::string_view to_kind) const;
};

class Catalog {
 public:
  const KindSpec* find(std::string_view kind) const;
  void add(std::unique_ptr<KindSpec> kind) { kinds_[kind->name] = std::move(kind); }
  const std::map<std::string, std::unique_ptr<KindSpec>, std::less<>>& all() const { return kinds_; }

 private:
  std::map<std::string, std::unique_ptr<KindSpec>, std::less<>> kinds_;
};

// The meanings a connection rule may have; anything else in the catalog is
// an error in the catalog.
bool knownMeaning(std::string_view meaning);

Catalog buildCatalog(const modules::ModuleSet& modules, Diagnostics& diags);

// Turns a type as written into a Type; reports unknown type names. Nested
// `name { ... }` groups of `owner` are the enum variants with fields.
Type resolveType(const ast::TypeExpr& t, const GroupSpec* owner, Diagnostics& diags);

}  // namespace arch::sema
