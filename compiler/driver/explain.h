// `archc explain`: the documentation of a diagnostic code (from
// docs/diagnostics.md, compiled in) or of a component kind (from its
// catalog declaration).
#pragma once

#include "compiler/driver/driver.h"

namespace arch::driver {

// `topic` is a code (`E0301`) or a kind (`database`).
Result explain(const std::string& topic, const Options& options);

// The section of docs/diagnostics.md for `code`, or empty.
std::string diagnosticDoc(std::string_view code);

}  // namespace arch::driver
