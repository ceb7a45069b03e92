// Printing and querying the values of raw resources and resource overrides.
#include "compiler/sema/raw_value.h"

#include <fmt/format.h>

namespace arch::sema {

const RawValue* RawValue::field(std::string_view key) const {
  for (const RawField& f : fields)
    if (f.key == key) return &f.value;
  return nullptr;
}

std::string RawValue::str() const {
  switch (kind) {
    case Kind::Invalid: return "?";
    case Kind::String: return fmt::format("\"{}\"", text);
    case Kind::Integer: return std::to_string(integer);
    case Kind::Number: return fmt::format("{}", number);
    case Kind::Bool: return flag ? "true" : "false";
    case Kind::List: {
      std::string out = "[";
      for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i].str();
      return out + "]";
    }
    case Kind::Object: {
      std::string out = "{";
      for (const RawField& f : fields) out += " " + f.key + (f.value.merge ? " " : " = ") + f.value.str();
      return out + " }";
    }
    case Kind::Ref: {
      std::string path = role.empty() ? text : text + "." + role;
      return attribute.empty() ? path : fmt::format("attr({}, \"{}\")", path, attribute);
    }
  }
  return "?";
}

}  // namespace arch::sema
