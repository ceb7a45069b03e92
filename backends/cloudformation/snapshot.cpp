// The CloudFormation schema snapshot compiled into archc
// (tests/schema/cloudformation.json, embedded by cmake/Embed.cmake), so that
// raw resources and resource overrides are checked at build time without
// files beside the binary. Parsing it costs milliseconds, so it happens on
// first use only: a program without escape hatches never pays for it.
#include <nlohmann/json.hpp>

#include "backends/cloudformation/validate.h"  // first: see escape.h
#include "backends/cloudformation/escape.h"

namespace arch::embedded {
extern const std::string_view kCloudFormationSchema;
}

namespace arch::cloudformation {

const Schema* embeddedSchema(std::string& error) {
  struct Loaded {
    std::optional<Schema> schema;
    std::string error;
  };
  static const Loaded loaded = [] {
    Loaded out;
    nlohmann::json j = nlohmann::json::parse(embedded::kCloudFormationSchema, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded())
      out.error = "the embedded schema snapshot is not valid JSON";
    else
      out.schema = loadSchema(j, out.error);
    return out;
  }();
  error = loaded.error;
  return loaded.schema ? &*loaded.schema : nullptr;
}

}  // namespace arch::cloudformation
