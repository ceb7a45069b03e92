// Evaluates an expression against the type a property expects. Typing is
// driven by the expected type: a bare name is an enum member where an enum
// is expected and a component where a reference is.
#pragma once

#include <optional>
#include <string_view>

#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/sema/catalog.h"

namespace arch::sema {

// What a name means where an expression is evaluated.
class Scope {
 public:
  virtual ~Scope() = default;
  // A value bound to a single name (a pattern parameter), if any.
  virtual const Value* binding(std::string_view name) const = 0;
  // The component a path names; reports and returns nothing if none.
  virtual std::optional<ComponentId> component(const ast::Path& path, Diagnostics& diags) const = 0;
  virtual std::string_view kindOf(ComponentId id) const = 0;
  virtual std::string nameOf(ComponentId id) const = 0;
  // Settings a string may interpolate when no binding has the name
  // (`${version}` is the deployment's version). Empty: none.
  virtual const GroupSpec* settings() const { return nullptr; }
  // Whether a top-level declaration of this kind (`deployment`,
  // `architecture`, `pipeline`) and name is visible, for `ref<deployment>`.
  virtual bool declares(std::string_view /*top_kind*/, std::string_view /*name*/) const { return false; }
  // The names `declares` would accept, for suggestions.
  virtual std::vector<std::string> declared(std::string_view /*top_kind*/) const { return {}; }
};

// A scope with no names: catalog defaults, pattern parameter defaults.
class EmptyScope : public Scope {
 public:
  const Value* binding(std::string_view) const override { return nullptr; }
  std::optional<ComponentId> component(const ast::Path& path, Diagnostics& diags) const override;
  std::string_view kindOf(ComponentId) const override { return {}; }
  std::string nameOf(ComponentId) const override { return {}; }
};

// A reference to a top-level declaration rather than a component.
inline constexpr ComponentId kTopLevelRef = ~ComponentId{0};

// Reports type errors against `expr` and returns an `Any` value for them,
// which later checks treat as already reported.
Value evaluate(const ast::Expr& expr, const Type& expected, const Scope& scope, Diagnostics& diags);

// Evaluates a group's fields from `key = value` pairs (an object literal, or
// the assignments of a block), filling defaults and reporting missing ones.
// `what` names the owner in messages: "`database db`", "`scale`".
struct FieldInput {
  const ast::Name* key;
  const ast::Expr* value;        // null for a nested block
  const ast::Block* block;       // `name { ... }`
};
// With `partial`, only the given fields are evaluated (overrides): no
// defaults, nothing reported missing.
// `missing` is the diagnostic for a required field left out (a pattern's
// arguments report E0402 rather than E0207).
Value evaluateGroup(const GroupSpec& spec, const std::vector<FieldInput>& inputs, Span owner_span,
                    const std::string& what, const Scope& scope, Diagnostics& diags, bool partial = false,
                    DiagKind missing = DiagKind::MissingProperty);

// Checks a value against @range bounds.
void checkBounds(const PropSpec& prop, const Value& value, Diagnostics& diags);

}  // namespace arch::sema
