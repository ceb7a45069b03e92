// Private to the template validator (validate*.cpp): the Validator class,
// whose checks are spread over one file per concern, and the helpers those
// files share for paths, value descriptions and near-miss suggestions.
// Nothing outside backends/cloudformation/validate*.cpp includes this;
// the public API is validate.h.
#pragma once

#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "backends/cloudformation/validate.h"

namespace arch::cloudformation::validation {

using Json = nlohmann::ordered_json;

// ------------------------------------------------------------ helpers
// (validate_support.cpp)

template <std::size_t N>
bool oneOf(std::string_view s, const std::string_view (&set)[N]) {
  return std::find(std::begin(set), std::end(set), s) != std::end(set);
}

template <std::size_t N>
std::vector<std::string> names(const std::string_view (&set)[N]) {
  return {std::begin(set), std::end(set)};
}

template <typename Map>
std::vector<std::string> keysOf(const Map& m) {
  std::vector<std::string> out;
  for (const auto& entry : m) out.push_back(entry.first);
  return out;
}

std::string lower(std::string_view s);

// "; did you mean `X`?" for a near miss, ignoring case (a third of the
// name's length in edits at most), else "".
std::string didYouMean(std::string_view name, const std::vector<std::string>& candidates);

// The JSON path of a member or an element: `Resources.Api`, `Tags[0]`,
// `Variables["a b"]`.
std::string member(const std::string& path, const std::string& key);
std::string index(const std::string& path, std::size_t i);

// How a value looks, for "expected X; found Y".
std::string describe(const Json& v);


// ------------------------------------------------------------ the walk

// What an intrinsic function evaluates to, as far as the template shows.
enum class Yields { Single, List, NoValue, Unknown };

enum class Section { Conditions, Resources, Outputs };

// One walk over a template, collecting problems. Its checks live in:
//   validate.cpp             sections, quotas, logical IDs, parameters,
//                            conditions, resources and outputs
//   validate_values.cpp      properties and values against the schema's types
//   validate_intrinsics.cpp  intrinsic functions and what they refer to
//   validate_policies.cpp    IAM policy documents (`Action: *`)
//   validate_cycles.cpp      dependencies between resources and their cycles
class Validator {
 public:
  Validator(const Json& tmpl, const Schema& schema) : t_(tmpl), schema_(schema) {}

  std::vector<Problem> run();

 private:
  void report(std::string path, std::string message) { problems_.push_back({std::move(path), std::move(message)}); }

  const Json* section(std::string_view name) const {
    auto it = t_.find(name);
    return it != t_.end() && it->is_object() ? &*it : nullptr;
  }

  // ---- sections, names, quotas, and each section (validate.cpp)
  void checkSections();
  void quota(std::string_view name, std::string_view what, std::size_t limit);
  void collectNames();
  void checkLogicalId(const std::string& path, const std::string& id);
  void checkKeys(const Json& body, const std::string& path, std::vector<std::string> allowed, std::string_view what);
  void checkParameters();
  void checkConditions();
  bool conditionExists(const Json& name, const std::string& path);
  void checkResources();
  void checkResource(const std::string& id, const Json& body);
  std::string unknownType(const std::string& type);
  void checkDependsOn(const Json& value, const std::string& path);
  void checkOutputs();

  // ---- properties and values (validate_values.cpp)
  void checkProperties(const Shape& shape, const Json& obj, const std::string& path, const std::string& owner);
  void checkValue(const Type& type, const Json& v, const std::string& path);
  void checkUnion(const Type& type, const Json& v, const std::string& path);
  bool deeper(const std::string& path);

  // ---- intrinsic functions (validate_intrinsics.cpp)
  bool isIntrinsic(const Json& v) const;
  void walk(const Json& v, const std::string& path);
  Yields intrinsic(const Json& v, const std::string& path, const Type* expected);
  Yields reference(const std::string& name, const std::string& at, const std::string& what);
  Yields getAtt(const Json& arg, const std::string& at);
  Yields attribute(const std::string& res, const std::optional<std::string>& attr, const std::string& at,
                   const std::string& what);
  void sub(const Json& arg, const std::string& at);

  // ---- IAM policy documents (validate_policies.cpp)
  void checkPolicies(const Json& v, const std::string& path);
  void checkStatement(const Json& s, const std::string& path);

  // ---- dependency cycles (validate_cycles.cpp)
  void dependOn(const std::string& target);
  void checkCycles();
  std::string describeCycle(const std::string& start, const std::set<std::string>& members);

  const Json& t_;
  const Schema& schema_;
  std::vector<Problem> problems_;
  std::map<std::string, std::string> parameters_;        // logical ID -> parameter type
  std::vector<std::string> conditions_;
  std::map<std::string, const ResourceType*> resources_;  // null for a type not in the snapshot
  std::vector<std::string> resource_order_;
  std::map<std::string, std::set<std::string>> deps_;
  Section section_ = Section::Resources;
  std::string current_;  // the resource being checked
  std::size_t depth_ = 0;
  bool too_deep_ = false;
};

}  // namespace arch::cloudformation::validation
