// Values written in a backend's own terms rather than the catalog's: the
// bodies of raw resources (`cloudformation "AWS::SSM::Parameter" flags {
// ... }`) and of resource overrides (`override api.service { ... }`). They
// have JSON's shapes, plus references to the resources archc generates;
// the backend checks them against its own schema, so each part keeps the
// span it was written at.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/sema/value.h"
#include "compiler/source/source.h"

namespace arch::sema {

struct RawField;

struct RawValue {
  enum class Kind : std::uint8_t { Invalid, String, Integer, Number, Bool, List, Object, Ref };
  // What a reference names: a component (with a role, the resource a backend
  // generates for it under that role) or a raw resource.
  enum class Target : std::uint8_t { Component, Raw };

  Kind kind = Kind::Invalid;  // Invalid: erroneous, already reported
  std::string text;           // String (`${param:X}`, `${version}` when deferred); Ref: the target's name
  bool deferred = false;      // String: holds placeholders, as in Value
  std::int64_t integer = 0;
  double number = 0;
  bool flag = false;
  std::vector<RawValue> items;    // List
  std::vector<RawField> fields;   // Object, in the order written
  // Object written as a block (`Name { ... }`): merged into what a backend
  // generates, where `Name = { ... }` replaces it.
  bool merge = false;
  // Ref: the component or raw resource (an index into the architecture's
  // components or raw resources), the role (`service` in `api.service`;
  // empty: the component's own resource) and, for `attr(x, "Arn")`, the
  // attribute.
  Target target = Target::Component;
  std::uint32_t index = 0;
  std::string role;
  std::string attribute;
  Span span;

  bool ok() const { return kind != Kind::Invalid; }
  const RawValue* field(std::string_view key) const;
  // As Arch would write it, for `--dump-ir`.
  std::string str() const;
};

struct RawField {
  std::string key;
  Span key_span;
  RawValue value;
};

}  // namespace arch::sema
