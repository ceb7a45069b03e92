// Properties and values checked against the schema's types: unknown and
// missing properties, each value against its type (scalars, named shapes,
// lists, maps, unions), an intrinsic function against what its place takes,
// and the nesting limit that keeps the walk from recursing without end.
#include <algorithm>
#include <fmt/format.h>

#include "backends/cloudformation/validate_internal.h"

namespace arch::cloudformation::validation {
namespace {

// How deep a template may nest; it also bounds the walk's recursion.
constexpr std::size_t kMaxDepth = 100;

// Whether `v` is of the shape `t` takes: object, list or scalar.
bool sameShape(const Type& t, const Json& v) {
  using K = Type::Kind;
  if (v.is_object()) return t.kind == K::Named || t.kind == K::Map || t.kind == K::Json;
  if (v.is_array()) return t.kind == K::List || t.kind == K::Json;
  return isScalarKind(t.kind);
}

// Whether a place of type `t` takes what an intrinsic function yields.
bool accepts(const Type& t, Yields y) {
  switch (y) {
    case Yields::Unknown:
    case Yields::NoValue: return true;
    case Yields::Single:
      return t.kind == Type::Kind::Json || isScalarKind(t.kind) ||
             (t.kind == Type::Kind::Union &&
              std::any_of(t.items.begin(), t.items.end(), [](const Type& m) { return accepts(m, Yields::Single); }));
    case Yields::List:
      return t.kind == Type::Kind::Json || t.kind == Type::Kind::List ||
             (t.kind == Type::Kind::Union &&
              std::any_of(t.items.begin(), t.items.end(), [](const Type& m) { return accepts(m, Yields::List); }));
  }
  return true;
}

}  // namespace

void Validator::checkProperties(const Shape& shape, const Json& obj, const std::string& path,
                                const std::string& owner) {
  for (const auto& [name, value] : obj.items()) {
    auto it = shape.properties.find(name);
    if (it == shape.properties.end())
      report(member(path, name), fmt::format("unknown property `{}` of {}{}", name, owner,
                                             didYouMean(name, keysOf(shape.properties))));
    else
      checkValue(it->second, value, member(path, name));
  }
  for (const std::string& r : shape.required)
    if (!obj.contains(r)) report(path, fmt::format("missing required property `{}` of {}", r, owner));
}

void Validator::checkValue(const Type& type, const Json& v, const std::string& path) {
  if (!deeper(path)) return;
  if (isIntrinsic(v)) {
    const std::string& fn = v.items().begin().key();
    Yields y = intrinsic(v, path, &type);
    if (!accepts(type, y))
      report(path, fmt::format("expected {}; found {} from `{}`", type.str(),
                               y == Yields::List ? "a list" : "a single value", fn));
    --depth_;
    return;
  }
  using K = Type::Kind;
  bool ok = true;
  switch (type.kind) {
    case K::String: ok = v.is_string() || v.is_number() || v.is_boolean(); break;
    case K::Integer:
    case K::Long:
      ok = v.is_number_integer() || (v.is_string() && isIntegerText(v.get<std::string>()));
      break;
    case K::Double: ok = v.is_number() || (v.is_string() && isNumberText(v.get<std::string>())); break;
    case K::Boolean:
      ok = v.is_boolean() || (v.is_string() && (lower(v.get<std::string>()) == "true" ||
                                                lower(v.get<std::string>()) == "false"));
      break;
    case K::Timestamp: ok = v.is_string(); break;
    case K::Json: ok = v.is_object() || v.is_array(); break;
    case K::Null: ok = v.is_null(); break;
    case K::Named:
      if ((ok = v.is_object())) {
        if (const Shape* shape = schema_.shape(type.name)) checkProperties(*shape, v, path, type.name);
      }
      break;
    case K::List:
      if ((ok = v.is_array()))
        for (std::size_t i = 0; i < v.size(); ++i) checkValue(type.items.front(), v[i], index(path, i));
      break;
    case K::Map:
      if ((ok = v.is_object()))
        for (const auto& [key, item] : v.items()) checkValue(type.items.front(), item, member(path, key));
      break;
    case K::Union: checkUnion(type, v, path); break;
  }
  if (!ok) report(path, fmt::format("expected {}; found {}", type.str(), describe(v)));
  --depth_;
}

// A value fits a union when it fits one member. If none fits and only one
// member has the value's shape (object, list or scalar), say what is wrong
// inside it; otherwise say which types were expected.
void Validator::checkUnion(const Type& type, const Json& v, const std::string& path) {
  std::vector<const Type*> same_shape;
  std::vector<Problem> same_shape_problems;
  for (const Type& member_type : type.items) {
    std::size_t before = problems_.size();
    checkValue(member_type, v, path);
    if (problems_.size() == before) return;
    std::vector<Problem> found(problems_.begin() + static_cast<std::ptrdiff_t>(before), problems_.end());
    problems_.resize(before);
    if (sameShape(member_type, v)) {
      same_shape.push_back(&member_type);
      same_shape_problems = std::move(found);
    }
  }
  if (same_shape.size() == 1)
    problems_.insert(problems_.end(), same_shape_problems.begin(), same_shape_problems.end());
  else
    report(path, fmt::format("expected {}; found {}", type.str(), describe(v)));
}

bool Validator::deeper(const std::string& path) {
  if (++depth_ <= kMaxDepth) return true;
  --depth_;
  if (!too_deep_) report(path, fmt::format("the template nests deeper than {} levels", kMaxDepth));
  too_deep_ = true;
  return false;
}

}  // namespace arch::cloudformation::validation
