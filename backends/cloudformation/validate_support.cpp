// The validator's small helpers: JSON paths for problems, how a value is
// described in "expected X; found Y", which strings CloudFormation reads as
// numbers, and the "did you mean" suggestion every unknown name gets.
#include <algorithm>
#include <cctype>
#include <fmt/format.h>

#include "backends/cloudformation/validate_internal.h"
#include "compiler/support/suggest.h"

namespace arch::cloudformation::validation {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string didYouMean(std::string_view name, const std::vector<std::string>& candidates) {
  std::string wanted = lower(name);
  std::size_t best_distance = std::max<std::size_t>(1, name.size() / 3) + 1;
  const std::string* best = nullptr;
  for (const std::string& c : candidates) {
    if (c == name) continue;
    std::size_t d = support::editDistance(wanted, lower(c));
    if (d < best_distance) {
      best = &c;
      best_distance = d;
    }
  }
  return best ? fmt::format("; did you mean `{}`?", *best) : "";
}

namespace {

bool simpleKey(std::string_view key) {
  return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == ':';
  });
}

}  // namespace

std::string member(const std::string& path, const std::string& key) {
  if (!simpleKey(key)) return path + "[" + Json(key).dump() + "]";
  return path.empty() ? key : path + "." + key;
}

std::string index(const std::string& path, std::size_t i) { return fmt::format("{}[{}]", path, i); }

std::string describe(const Json& v) {
  switch (v.type()) {
    case Json::value_t::string: {
      std::string s = v.get<std::string>();
      if (s.size() > 40) s = s.substr(0, 37) + "...";
      return "the string " + Json(s).dump();
    }
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return "the number " + v.dump();
    case Json::value_t::boolean: return "the boolean " + v.dump();
    case Json::value_t::array: return "a list";
    case Json::value_t::object: return "an object";
    case Json::value_t::null: return "null";
    default: return "a value";
  }
}

}  // namespace arch::cloudformation::validation

namespace arch::cloudformation {

bool isIntegerText(const std::string& s) {
  std::size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  return i < s.size() && std::all_of(s.begin() + static_cast<std::ptrdiff_t>(i), s.end(),
                                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

bool isNumberText(const std::string& s) {
  if (s.empty() || std::isspace(static_cast<unsigned char>(s.front()))) return false;
  nlohmann::json j = nlohmann::json::parse(s, nullptr, /*allow_exceptions=*/false);
  return !j.is_discarded() && j.is_number();
}

bool isScalarKind(Type::Kind k) {
  using K = Type::Kind;
  return k == K::String || k == K::Integer || k == K::Long || k == K::Double || k == K::Boolean ||
         k == K::Timestamp;
}

}  // namespace arch::cloudformation
