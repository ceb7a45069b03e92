// Private to backends/cloudformation/: the escape hatches. Raw resources
// tagged `cloudformation` are emitted and resource overrides applied once
// the generated resources exist; what they write is checked against the
// schema snapshot and reported at the .arch text that wrote it.
#pragma once

#include <functional>
#include <string>

#include "backends/cloudformation/template.h"

namespace arch::cloudformation {

// validate.h; not included here, since its `Type::Kind::Json` would shadow
// `Json` for files that include template.h first. Include it before this.
struct Schema;
struct Shape;

// Emits the graph's raw resources for this backend, then applies its
// resource overrides (escape.cpp). Does nothing, and never reads the
// schema snapshot, when the graph has neither.
void emitEscapeHatches(Template& t);

// The schema snapshot compiled into archc (snapshot.cpp), parsed on first
// use; null with `error` set if it cannot be read.
const Schema* embeddedSchema(std::string& error);

// Checks what `written` (an object of properties, as the program wrote it)
// sets against `shape`, where `result` is the JSON it became — merged into
// the generated properties for an override, so that required properties
// count what was generated (schema_check.cpp). `owner` names the type in
// messages; `yields_list` says whether a reference stands for a list.
void checkWrittenProperties(const Schema& schema, const Shape& shape, const std::string& owner,
                            const sema::RawValue& written, const Json& result,
                            const std::function<bool(const sema::RawValue&)>& yields_list, Diagnostics& diags);

}  // namespace arch::cloudformation
