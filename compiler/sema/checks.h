// Private to compiler/sema/: the architecture checks, also run on the
// settings a deployment's overrides produce.
#pragma once

#include <string_view>
#include <vector>

#include "compiler/sema/program.h"

namespace arch::sema {

// The checks `@allow(...)` may name.
bool allowableCheck(std::string_view check);
std::vector<std::string> allowableChecks();

// Checks one component's settings (`props`, which may be an override's
// result) with the allowances in force.
void checkComponent(const Component& c, const Value& props, const std::vector<Allowance>& allows, Diagnostics& diags);

}  // namespace arch::sema
