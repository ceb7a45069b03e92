// Checked values: literals evaluated against their expected type. Quantities
// are exact integers in a base unit, so `5min == 300s` holds exactly.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "compiler/sema/types.h"
#include "compiler/source/source.h"

namespace arch::sema {

using ComponentId = std::uint32_t;

struct Field;  // a named value of a Group or a Map

// Base units: durations in milliseconds, sizes in bytes, money in cents,
// percentages in hundredths of a percent.
struct Value {
  TypeKind kind = TypeKind::Any;  // Any: absent or erroneous (stays quiet)
  std::int64_t number = 0;        // Int, Port, quantities; Range: low; Cidr: address
  std::int64_t number2 = 0;       // Range: high; Cidr: prefix length
  double real = 0;                // Float
  bool flag = false;              // Bool
  std::string text;               // String; Enum member; Cidr as written
  std::vector<Value> items;       // List
  std::vector<Field> fields;      // Map, Group, and an Enum member's fields
  ComponentId ref = 0;            // Ref
  // A String that holds `${name}` placeholders filled in per deployment
  // (`${version}`) or at deploy time (`${param:CertificateArn}`).
  bool deferred = false;
  // With kind Any: not an error but no value, an optional pattern parameter
  // left unset. A setting given such a value is as if it were not written.
  bool absent = false;
  Span span;

  bool ok() const { return kind != TypeKind::Any; }
  const Value* field(std::string_view name) const;
  // As Arch would print it: `30s`, `512MB`, `$200`, `"text"`.
  std::string str() const;
};

struct Field {
  std::string name;
  Value value;
  Field(std::string n, Value v) : name(std::move(n)), value(std::move(v)) {}
};

// Lays the fields of `top` over `base`, group by group (a deployment's
// override over a component's settings).
void overlay(Value& base, const Value& top);

// Units: the factor to the base unit, or 0 when unknown.
std::int64_t durationUnit(std::string_view unit);  // ms per unit
std::int64_t sizeUnit(std::string_view unit);      // bytes per unit

std::string formatDuration(std::int64_t ms);
std::string formatSize(std::int64_t bytes);
std::string formatMoney(std::int64_t cents);
std::string formatPercent(std::int64_t hundredths);

}  // namespace arch::sema
