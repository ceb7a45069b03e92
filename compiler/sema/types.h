// Types of property values, as the catalog declares them (`duration`,
// `list<string>`, `postgres | mysql`, `ref<bucket>`, `size?`).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace arch::sema {

struct GroupSpec;

enum class TypeKind : std::uint8_t {
  String, Int, Float, Bool, Duration, Size, Money, Percent, Cidr, Port, Range,
  List, Map, Ref, Enum, Group, Union, Any,
};

struct Type {
  TypeKind kind = TypeKind::Any;
  bool optional = false;
  std::vector<Type> args;          // List, Map: the element type
  std::vector<std::string> names;  // Enum: members; Ref: kinds
  // Group: its fields. Enum: members that carry fields (same order as
  // names; null for plain members).
  const GroupSpec* group = nullptr;
  std::vector<const GroupSpec*> variants;
  // Union: the alternatives (`size | range<size>`); the value written picks
  // one by its form.
  std::vector<Type> alts;

  static Type of(TypeKind k) { Type t; t.kind = k; return t; }
  // How messages name the type: "a duration", "one of `a`, `b`", ...
  std::string describe() const;
  std::string str() const;  // as written in Arch: `list<string>`
};

// The primitive named `name`, if it is one (`string`, `duration`, ...).
bool primitiveType(std::string_view name, TypeKind& out);

}  // namespace arch::sema
