// Intrinsic functions: finding them wherever they stand, checking each
// one's arguments, and resolving what it names — `Ref` and `${Name}` to a
// parameter, resource or pseudo parameter, `Fn::GetAtt` and
// `${Resource.Attribute}` to an attribute the schema gives that resource
// type. Every reference to a resource is recorded as a dependency.
#include <fmt/format.h>
#include <string_view>

#include "backends/cloudformation/validate_internal.h"

namespace arch::cloudformation::validation {
namespace {

constexpr std::string_view kPseudoParameters[] = {"AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",
                                                  "AWS::Partition", "AWS::Region", "AWS::StackId",
                                                  "AWS::StackName", "AWS::URLSuffix"};
constexpr std::string_view kFunctions[] = {"Ref", "Fn::GetAtt", "Fn::Sub", "Fn::Join", "Fn::Select",
                                           "Fn::Split", "Fn::GetAZs", "Fn::If", "Fn::ImportValue",
                                           "Fn::Base64", "Fn::Cidr", "Fn::FindInMap", "Fn::Equals",
                                           "Fn::And", "Fn::Or", "Fn::Not"};

}  // namespace

bool Validator::isIntrinsic(const Json& v) const {
  if (!v.is_object() || v.size() != 1) return false;
  const std::string& key = v.items().begin().key();
  return key == "Ref" || key.starts_with("Fn::") || (key == "Condition" && section_ == Section::Conditions);
}

// Finds and checks every intrinsic function inside `v`, which has no type
// of its own (Metadata, function arguments, a resource of unknown type).
void Validator::walk(const Json& v, const std::string& path) {
  if (!deeper(path)) return;
  if (isIntrinsic(v))
    intrinsic(v, path, nullptr);
  else if (v.is_object())
    for (const auto& [key, item] : v.items()) walk(item, member(path, key));
  else if (v.is_array())
    for (std::size_t i = 0; i < v.size(); ++i) walk(v[i], index(path, i));
  --depth_;
}

// Checks one intrinsic function; `expected` is the type of the place it
// stands in (for Fn::If's branches), null where there is none.
Yields Validator::intrinsic(const Json& v, const std::string& path, const Type* expected) {
  const std::string& fn = v.items().begin().key();
  const Json& arg = v.items().begin().value();
  std::string at = member(path, fn);
  auto arity = [&](std::size_t n) {
    if (arg.is_array() && arg.size() == n) return true;
    report(at, fmt::format("`{}` takes a list of {} arguments; found {}", fn, n, describe(arg)));
    return false;
  };
  if (fn == "Ref") {
    if (arg.is_string()) return reference(arg.get<std::string>(), at, "`Ref`");
    report(at, "`Ref` takes a logical ID or a pseudo parameter; found " + describe(arg));
    return Yields::Unknown;
  }
  if (fn == "Fn::GetAtt") return getAtt(arg, at);
  if (fn == "Fn::Sub") {
    sub(arg, at);
    return Yields::Single;
  }
  if (fn == "Fn::If") {
    if (section_ == Section::Conditions) report(at, "`Fn::If` cannot be used in a condition; use `Fn::And` or `Fn::Or`");
    if (!arity(3)) return Yields::Unknown;
    conditionExists(arg[0], index(at, 0));
    for (std::size_t i = 1; i < 3; ++i) {
      if (expected)
        checkValue(*expected, arg[i], index(at, i));
      else
        walk(arg[i], index(at, i));
    }
    return Yields::Unknown;
  }
  if (!oneOf(fn, kFunctions)) {
    if (fn == "Condition") {  // only reached in Conditions
      conditionExists(arg, at);
      return Yields::Single;
    }
    report(at, fmt::format("unknown intrinsic function `{}`{}", fn, didYouMean(fn, names(kFunctions))));
    return Yields::Unknown;
  }
  if (fn == "Fn::Join" && arity(2)) {
    if (!arg[0].is_string()) report(index(at, 0), "the delimiter of `Fn::Join` must be a string; found " + describe(arg[0]));
    if (!arg[1].is_array() && !isIntrinsic(arg[1]))
      report(index(at, 1), "`Fn::Join` joins a list; found " + describe(arg[1]));
  } else if (fn == "Fn::Select" && arity(2)) {
    if (!arg[1].is_array() && !isIntrinsic(arg[1]))
      report(index(at, 1), "`Fn::Select` selects from a list; found " + describe(arg[1]));
  } else if (fn == "Fn::Split") {
    arity(2);
  } else if (fn == "Fn::Cidr") {
    arity(3);
  } else if (fn == "Fn::FindInMap") {
    arity(3);
  } else if (fn == "Fn::Equals") {
    arity(2);
  } else if (fn == "Fn::Not") {
    arity(1);
  } else if ((fn == "Fn::And" || fn == "Fn::Or") && (!arg.is_array() || arg.size() < 2 || arg.size() > 10)) {
    report(at, fmt::format("`{}` takes a list of 2 to 10 conditions; found {}", fn,
                           arg.is_array() ? fmt::format("{} of them", arg.size()) : describe(arg)));
  }
  walk(arg, at);
  if (fn == "Fn::GetAZs" || fn == "Fn::Split" || fn == "Fn::Cidr") return Yields::List;
  if (fn == "Fn::FindInMap") return Yields::Unknown;
  return Yields::Single;
}

// `what` names the reference in messages: "`Ref`", "`${X}` in `Fn::Sub`".
Yields Validator::reference(const std::string& name, const std::string& at, const std::string& what) {
  if (oneOf(name, kPseudoParameters))
    return name == "AWS::NotificationARNs" ? Yields::List : name == "AWS::NoValue" ? Yields::NoValue : Yields::Single;
  if (auto p = parameters_.find(name); p != parameters_.end()) {
    const std::string& type = p->second;
    bool list = type == "CommaDelimitedList" || type.starts_with("List<") ||
                type.find("Value<List<") != std::string::npos ||
                type.find("Value<CommaDelimitedList>") != std::string::npos;
    return list ? Yields::List : Yields::Single;
  }
  if (resources_.contains(name)) {
    if (section_ == Section::Conditions) {
      report(at, fmt::format("{} names the resource `{}`; conditions can refer only to parameters", what, name));
      return Yields::Unknown;
    }
    dependOn(name);
    return Yields::Single;
  }
  std::vector<std::string> candidates = keysOf(parameters_);
  if (section_ != Section::Conditions) candidates.insert(candidates.end(), resource_order_.begin(), resource_order_.end());
  for (std::string_view p : kPseudoParameters) candidates.emplace_back(p);
  report(at, fmt::format("{} names `{}`, which is not a parameter, resource or pseudo parameter{}", what, name,
                         didYouMean(name, candidates)));
  return Yields::Unknown;
}

Yields Validator::getAtt(const Json& arg, const std::string& at) {
  if (arg.is_string()) {
    const std::string& s = arg.get_ref<const std::string&>();
    std::size_t dot = s.find('.');
    if (dot != std::string::npos) return attribute(s.substr(0, dot), s.substr(dot + 1), at, "`Fn::GetAtt`");
  } else if (arg.is_array() && arg.size() == 2 && arg[0].is_string()) {
    if (arg[1].is_string()) return attribute(arg[0].get<std::string>(), arg[1].get<std::string>(), at, "`Fn::GetAtt`");
    if (isIntrinsic(arg[1])) {
      walk(arg[1], index(at, 1));
      return attribute(arg[0].get<std::string>(), std::nullopt, at, "`Fn::GetAtt`");
    }
  }
  report(at, "`Fn::GetAtt` takes [\"LogicalId\", \"Attribute\"] or \"LogicalId.Attribute\"; found " + describe(arg));
  return Yields::Unknown;
}

Yields Validator::attribute(const std::string& res, const std::optional<std::string>& attr, const std::string& at,
                            const std::string& what) {
  auto it = resources_.find(res);
  if (it == resources_.end()) {
    if (parameters_.contains(res))
      report(at, fmt::format("{} needs a resource; `{}` is a parameter, so use `Ref`", what, res));
    else
      report(at, fmt::format("{} names `{}`, which is not a resource of this template{}", what, res,
                             didYouMean(res, resource_order_)));
    return Yields::Unknown;
  }
  if (section_ == Section::Conditions) {
    report(at, fmt::format("{} names the resource `{}`; conditions can refer only to parameters", what, res));
    return Yields::Unknown;
  }
  dependOn(res);
  const ResourceType* rt = it->second;
  if (!rt || !attr) return Yields::Unknown;
  auto a = rt->attributes.find(*attr);
  if (a == rt->attributes.end()) {
    std::string type = section("Resources")->at(res).at("Type").get<std::string>();
    if (rt->attributes.empty())
      report(at, fmt::format("`{}` ({}) has no attributes for `Fn::GetAtt`; use `Ref`", res, type));
    else
      report(at, fmt::format("`{}` ({}) has no attribute `{}`{}", res, type, *attr,
                             didYouMean(*attr, keysOf(rt->attributes))));
    return Yields::Unknown;
  }
  if (a->second.kind == Type::Kind::List) return Yields::List;
  return isScalarKind(a->second.kind) ? Yields::Single : Yields::Unknown;
}

// Fn::Sub: "text" or ["text", {variables}]; every ${Name} and
// ${Resource.Attribute} in the text that is not a variable must resolve
// like Ref and Fn::GetAtt. ${!Text} is literal text.
void Validator::sub(const Json& arg, const std::string& at) {
  const Json* text = nullptr;
  const Json* vars = nullptr;
  std::string text_path = at;
  if (arg.is_string()) {
    text = &arg;
  } else if (arg.is_array() && arg.size() == 2 && arg[0].is_string() && arg[1].is_object()) {
    text = &arg[0];
    vars = &arg[1];
    text_path = index(at, 0);
    walk(arg[1], index(at, 1));
  } else {
    report(at, "`Fn::Sub` takes a string or [string, {variables}]; found " + describe(arg));
    return;
  }
  const std::string& s = text->get_ref<const std::string&>();
  for (std::size_t i = s.find("${"); i != std::string::npos; i = s.find("${", i)) {
    if (i + 2 < s.size() && s[i + 2] == '!') {
      i += 3;
      continue;
    }
    std::size_t close = s.find('}', i + 2);
    if (close == std::string::npos) {
      report(text_path, "`${` without a closing `}` in `Fn::Sub`; write `${!` for a literal `${`");
      return;
    }
    std::string name = s.substr(i + 2, close - i - 2);
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    i = close + 1;
    std::string what = fmt::format("`${{{}}}` in `Fn::Sub`", name);
    if (name.empty())
      report(text_path, "empty `${}` in `Fn::Sub`; name a parameter, resource or attribute");
    else if (vars && vars->contains(name))
      continue;
    else if (std::size_t dot = name.find('.'); dot != std::string::npos)
      attribute(name.substr(0, dot), name.substr(dot + 1), text_path, what);
    else
      reference(name, text_path, what);
  }
}

}  // namespace arch::cloudformation::validation
