// The template validator: the snapshot's type strings, then one walk over a
// template — sections, logical IDs, resource types, properties and value
// types, intrinsic functions and their targets, dependency cycles, quotas
// and IAM `Action: *`.
#include "backends/cloudformation/validate.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <fstream>
#include <functional>
#include <sstream>
#include <string_view>
#include <utility>

#include "compiler/support/suggest.h"

namespace arch::cloudformation {

using Json = nlohmann::ordered_json;

// ------------------------------------------------------------ type strings

namespace {

constexpr std::pair<std::string_view, Type::Kind> kPrimitives[] = {
    {"String", Type::Kind::String},   {"Integer", Type::Kind::Integer},     {"Long", Type::Kind::Long},
    {"Double", Type::Kind::Double},   {"Boolean", Type::Kind::Boolean},     {"Timestamp", Type::Kind::Timestamp},
    {"Json", Type::Kind::Json},       {"Null", Type::Kind::Null},
};

// type   := single ('|' single)*
// single := 'List<' type '>' | 'Map<' type '>' | primitive | type-name
class TypeParser {
 public:
  explicit TypeParser(std::string_view text) : text_(text) {}

  std::optional<Type> parse() {
    std::optional<Type> t = parseUnion();
    if (!t || pos_ != text_.size()) return std::nullopt;
    return t;
  }

 private:
  std::optional<Type> parseUnion() {
    std::optional<Type> first = parseSingle();
    if (!first || !at('|')) return first;
    Type u;
    u.kind = Type::Kind::Union;
    u.items.push_back(std::move(*first));
    while (at('|')) {
      ++pos_;
      std::optional<Type> next = parseSingle();
      if (!next) return std::nullopt;
      u.items.push_back(std::move(*next));
    }
    return u;
  }

  std::optional<Type> parseSingle() {
    for (auto [prefix, kind] : {std::pair{std::string_view("List<"), Type::Kind::List},
                                std::pair{std::string_view("Map<"), Type::Kind::Map}}) {
      if (!text_.substr(pos_).starts_with(prefix)) continue;
      pos_ += prefix.size();
      std::optional<Type> inner = parseUnion();
      if (!inner || !at('>')) return std::nullopt;
      ++pos_;
      Type t;
      t.kind = kind;
      t.items.push_back(std::move(*inner));
      return t;
    }
    std::size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != '<' && text_[pos_] != '>' && text_[pos_] != '|') ++pos_;
    if (pos_ == start) return std::nullopt;
    std::string_view word = text_.substr(start, pos_ - start);
    Type t;
    t.kind = Type::Kind::Named;
    for (auto [name, kind] : kPrimitives)
      if (name == word) t.kind = kind;
    if (t.kind == Type::Kind::Named) t.name = std::string(word);
    return t;
  }

  bool at(char c) const { return pos_ < text_.size() && text_[pos_] == c; }

  std::string_view text_;
  std::size_t pos_ = 0;
};

// Every type name used inside `t` must be defined by the snapshot.
bool namesDefined(const Type& t, const std::map<std::string, Shape>& types, std::string& missing) {
  if (t.kind == Type::Kind::Named && !types.contains(t.name)) {
    missing = t.name;
    return false;
  }
  return std::all_of(t.items.begin(), t.items.end(),
                     [&](const Type& item) { return namesDefined(item, types, missing); });
}

bool readTypeMap(const nlohmann::json& j, const std::string& where, std::map<std::string, Type>& out,
                 std::string& error) {
  if (!j.is_object()) {
    error = where + " is not an object";
    return false;
  }
  for (const auto& [name, text] : j.items()) {
    std::optional<Type> t = text.is_string() ? TypeParser(text.get<std::string>()).parse() : std::nullopt;
    if (!t) {
      error = fmt::format("{}.{}: `{}` is not a type", where, name, text.dump());
      return false;
    }
    out.emplace(name, std::move(*t));
  }
  return true;
}

bool readShape(const nlohmann::json& j, const std::string& where, Shape& out, std::string& error) {
  if (!j.is_object() || !j.contains("properties") || !j.contains("required") || !j["required"].is_array()) {
    error = where + " needs `properties` and `required`";
    return false;
  }
  if (!readTypeMap(j["properties"], where + ".properties", out.properties, error)) return false;
  for (const nlohmann::json& r : j["required"]) {
    if (!r.is_string() || !out.properties.contains(r.get<std::string>())) {
      error = fmt::format("{}.required: `{}` is not one of its properties", where, r.dump());
      return false;
    }
    out.required.insert(r.get<std::string>());
  }
  return true;
}

}  // namespace

std::string Type::str() const {
  switch (kind) {
    case Kind::Named: return name;
    case Kind::List: return "List<" + items.front().str() + ">";
    case Kind::Map: return "Map<" + items.front().str() + ">";
    case Kind::Union: {
      std::string out;
      for (const Type& t : items) out += (out.empty() ? "" : "|") + t.str();
      return out;
    }
    default:
      for (auto [text, k] : kPrimitives)
        if (k == kind) return std::string(text);
      return "?";
  }
}

const ResourceType* Schema::resource(const std::string& type) const {
  auto it = resources.find(type);
  return it == resources.end() ? nullptr : &it->second;
}

const Shape* Schema::shape(const std::string& type_name) const {
  auto it = types.find(type_name);
  return it == types.end() ? nullptr : &it->second;
}

std::optional<Schema> loadSchema(const nlohmann::json& snapshot, std::string& error) {
  if (!snapshot.is_object() || !snapshot.contains("resources") || !snapshot.contains("types") ||
      !snapshot.contains("source")) {
    error = "a schema snapshot needs `resources`, `types` and `source`";
    return std::nullopt;
  }
  Schema schema;
  schema.package = snapshot["source"].value("package", "");
  schema.version = snapshot["source"].value("version", "");
  for (const auto& [name, entry] : snapshot["types"].items())
    if (!readShape(entry, "types." + name, schema.types[name], error)) return std::nullopt;
  for (const auto& [name, entry] : snapshot["resources"].items()) {
    ResourceType& rt = schema.resources[name];
    if (!readShape(entry, "resources." + name, rt.shape, error)) return std::nullopt;
    if (!entry.contains("attributes") ||
        !readTypeMap(entry["attributes"], "resources." + name + ".attributes", rt.attributes, error))
      return std::nullopt;
  }
  std::string missing;
  auto check = [&](const std::map<std::string, Type>& m, const std::string& where) {
    for (const auto& [prop, t] : m)
      if (!namesDefined(t, schema.types, missing)) {
        error = fmt::format("{}.{} uses `{}`, which `types` does not define", where, prop, missing);
        return false;
      }
    return true;
  };
  for (const auto& [name, shape] : schema.types)
    if (!check(shape.properties, "types." + name)) return std::nullopt;
  for (const auto& [name, rt] : schema.resources)
    if (!check(rt.shape.properties, "resources." + name) || !check(rt.attributes, "resources." + name))
      return std::nullopt;
  if (schema.resources.empty()) {
    error = "the schema snapshot holds no resource types";
    return std::nullopt;
  }
  return schema;
}

std::optional<Schema> loadSchemaFile(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read " + path;
    return std::nullopt;
  }
  nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    error = path + " is not valid JSON";
    return std::nullopt;
  }
  std::optional<Schema> schema = loadSchema(j, error);
  if (!schema) error = path + ": " + error;
  return schema;
}

std::string Problem::str() const { return path.empty() ? message : path + ": " + message; }

// --------------------------------------------------------------- helpers

namespace {

constexpr std::string_view kSections[] = {"AWSTemplateFormatVersion", "Description", "Parameters", "Conditions",
                                          "Resources", "Outputs", "Metadata"};
constexpr std::string_view kResourceKeys[] = {"Type", "Properties", "DependsOn", "Condition", "DeletionPolicy",
                                              "UpdateReplacePolicy", "Metadata", "CreationPolicy", "UpdatePolicy"};
constexpr std::string_view kParameterKeys[] = {"Type", "Default", "Description", "AllowedValues",
                                               "AllowedPattern", "ConstraintDescription", "MaxLength",
                                               "MinLength", "MaxValue", "MinValue", "NoEcho"};
constexpr std::string_view kOutputKeys[] = {"Value", "Description", "Export", "Condition"};
constexpr std::string_view kPseudoParameters[] = {"AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",
                                                  "AWS::Partition", "AWS::Region", "AWS::StackId",
                                                  "AWS::StackName", "AWS::URLSuffix"};
constexpr std::string_view kFunctions[] = {"Ref", "Fn::GetAtt", "Fn::Sub", "Fn::Join", "Fn::Select",
                                           "Fn::Split", "Fn::GetAZs", "Fn::If", "Fn::ImportValue",
                                           "Fn::Base64", "Fn::Cidr", "Fn::FindInMap", "Fn::Equals",
                                           "Fn::And", "Fn::Or", "Fn::Not"};
constexpr std::size_t kMaxDepth = 100;
constexpr std::size_t kMaxDescriptionBytes = 1024;

template <std::size_t N>
bool oneOf(std::string_view s, const std::string_view (&set)[N]) {
  return std::find(std::begin(set), std::end(set), s) != std::end(set);
}

template <std::size_t N>
std::vector<std::string> names(const std::string_view (&set)[N]) {
  return {std::begin(set), std::end(set)};
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "; did you mean `X`?" for a near miss, ignoring case (a third of the
// name's length in edits at most), else "".
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

template <typename Map>
std::vector<std::string> keysOf(const Map& m) {
  std::vector<std::string> out;
  for (const auto& entry : m) out.push_back(entry.first);
  return out;
}

bool simpleKey(std::string_view key) {
  return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == ':';
  });
}

std::string member(const std::string& path, const std::string& key) {
  if (!simpleKey(key)) return path + "[" + Json(key).dump() + "]";
  return path.empty() ? key : path + "." + key;
}

std::string index(const std::string& path, std::size_t i) { return fmt::format("{}[{}]", path, i); }

// How a value looks, for "expected X; found Y".
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

bool isIntegerText(const std::string& s) {
  std::size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  return i < s.size() && std::all_of(s.begin() + static_cast<std::ptrdiff_t>(i), s.end(),
                                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

bool isNumberText(const std::string& s) {
  if (s.empty() || std::isspace(static_cast<unsigned char>(s.front()))) return false;
  Json j = Json::parse(s, nullptr, /*allow_exceptions=*/false);
  return !j.is_discarded() && j.is_number();
}

bool isScalarKind(Type::Kind k) {
  using K = Type::Kind;
  return k == K::String || k == K::Integer || k == K::Long || k == K::Double || k == K::Boolean ||
         k == K::Timestamp;
}

// ------------------------------------------------------------ the walk

// What an intrinsic function evaluates to, as far as the template shows.
enum class Yields { Single, List, NoValue, Unknown };

enum class Section { Conditions, Resources, Outputs };

class Validator {
 public:
  Validator(const Json& tmpl, const Schema& schema) : t_(tmpl), schema_(schema) {}

  std::vector<Problem> run() {
    if (!t_.is_object()) {
      report("", "a template must be a JSON object; found " + describe(t_));
      return std::move(problems_);
    }
    checkSections();
    collectNames();
    checkParameters();
    checkConditions();
    checkResources();
    checkOutputs();
    checkCycles();
    return std::move(problems_);
  }

 private:
  void report(std::string path, std::string message) { problems_.push_back({std::move(path), std::move(message)}); }

  const Json* section(std::string_view name) const {
    auto it = t_.find(name);
    return it != t_.end() && it->is_object() ? &*it : nullptr;
  }

  // ---- sections, names, quotas

  void checkSections() {
    for (const auto& [key, value] : t_.items()) {
      if (!oneOf(key, kSections)) {
        std::string hint = didYouMean(key, names(kSections));
        if (hint.empty())
          hint = "; a template has only AWSTemplateFormatVersion, Description, Parameters, Conditions, Resources, "
                 "Outputs and Metadata";
        report(key, fmt::format("unknown top-level section `{}`{}", key, hint));
      } else if (key == "AWSTemplateFormatVersion") {
        if (value != "2010-09-09")
          report(key, "the only template format version is \"2010-09-09\"; found " + describe(value));
      } else if (key == "Description") {
        if (!value.is_string())
          report(key, "a description must be a string; found " + describe(value));
        else if (value.get_ref<const std::string&>().size() > kMaxDescriptionBytes)
          report(key, fmt::format("the description is {} bytes; CloudFormation allows at most {}",
                                  value.get_ref<const std::string&>().size(), kMaxDescriptionBytes));
      } else if (!value.is_object()) {
        report(key, fmt::format("`{}` must be an object; found {}", key, describe(value)));
      }
    }
    const Json* resources = section("Resources");
    if (!t_.contains("Resources"))
      report("", "the template has no `Resources` section; CloudFormation needs at least one resource");
    else if (resources && resources->empty())
      report("Resources", "`Resources` is empty; CloudFormation needs at least one resource");
    quota("Resources", "resources", kMaxResources);
    quota("Parameters", "parameters", kMaxParameters);
    quota("Outputs", "outputs", kMaxOutputs);
    std::size_t bytes = t_.dump().size();
    if (bytes > kMaxTemplateBytes)
      report("", fmt::format("the template is {} bytes; CloudFormation allows at most {} (1 MB); split the stack",
                             bytes, kMaxTemplateBytes));
  }

  void quota(std::string_view name, std::string_view what, std::size_t limit) {
    const Json* s = section(name);
    if (s && s->size() > limit)
      report(std::string(name), fmt::format("the template has {} {}; CloudFormation allows at most {} in one "
                                            "template; split the stack",
                                            s->size(), what, limit));
  }

  void collectNames() {
    if (const Json* params = section("Parameters"))
      for (const auto& [id, body] : params->items())
        parameters_[id] = body.is_object() && body.contains("Type") && body["Type"].is_string()
                              ? body["Type"].get<std::string>()
                              : "";
    if (const Json* conds = section("Conditions"))
      for (const auto& [id, body] : conds->items()) conditions_.push_back(id);
    if (const Json* resources = section("Resources"))
      for (const auto& [id, body] : resources->items()) {
        const ResourceType* rt = nullptr;
        if (body.is_object() && body.contains("Type") && body["Type"].is_string())
          rt = schema_.resource(body["Type"].get<std::string>());
        resources_[id] = rt;
        resource_order_.push_back(id);
      }
  }

  void checkLogicalId(const std::string& path, const std::string& id) {
    if (id.empty() || !std::all_of(id.begin(), id.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) && static_cast<unsigned char>(c) < 128;
        }))
      report(path, fmt::format("logical ID {} must be alphanumeric (A-Z, a-z, 0-9)", Json(id).dump()));
    else if (id.size() > kMaxLogicalIdLength)
      report(path, fmt::format("logical ID is {} characters long; CloudFormation allows at most {}", id.size(),
                               kMaxLogicalIdLength));
  }

  void checkKeys(const Json& body, const std::string& path, std::vector<std::string> allowed,
                 std::string_view what) {
    for (const auto& [key, value] : body.items())
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
        report(member(path, key), fmt::format("`{}` is not an attribute of {}{}", key, what, didYouMean(key, allowed)));
  }

  // ---- Parameters

  void checkParameters() {
    const Json* params = section("Parameters");
    if (!params) return;
    for (const auto& [id, body] : params->items()) {
      std::string path = member("Parameters", id);
      checkLogicalId(path, id);
      if (resources_.contains(id))
        report(path, fmt::format("`{}` is both a parameter and a resource; logical IDs must be unique", id));
      if (!body.is_object()) {
        report(path, "a parameter must be an object; found " + describe(body));
        continue;
      }
      checkKeys(body, path, names(kParameterKeys), "a parameter");
      const std::string& type = parameters_[id];
      if (!body.contains("Type"))
        report(path, "the parameter has no `Type`; use String, Number, CommaDelimitedList or an AWS type");
      else if (type != "String" && type != "Number" && type != "List<Number>" && type != "CommaDelimitedList" &&
               !type.starts_with("AWS::") && !type.starts_with("List<AWS::"))
        report(member(path, "Type"), fmt::format("unknown parameter type {}; use String, Number, List<Number>, "
                                                 "CommaDelimitedList or an AWS-specific type",
                                                 body["Type"].dump()));
    }
  }

  // ---- Conditions

  void checkConditions() {
    const Json* conds = section("Conditions");
    if (!conds) return;
    section_ = Section::Conditions;
    for (const auto& [id, body] : conds->items()) {
      std::string path = member("Conditions", id);
      if (!isIntrinsic(body))
        report(path, "a condition must be `Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not` or `Condition`; found " +
                         describe(body));
      else
        walk(body, path);
    }
  }

  bool conditionExists(const Json& name, const std::string& path) {
    if (!name.is_string()) {
      report(path, "a condition name must be a string; found " + describe(name));
      return false;
    }
    const std::string& n = name.get_ref<const std::string&>();
    if (std::find(conditions_.begin(), conditions_.end(), n) != conditions_.end()) return true;
    report(path, fmt::format("`{}` is not a condition of this template{}", n, didYouMean(n, conditions_)));
    return false;
  }

  // ---- Resources

  void checkResources() {
    const Json* resources = section("Resources");
    if (!resources) return;
    section_ = Section::Resources;
    for (const auto& [id, body] : resources->items()) {
      current_ = id;
      deps_[id];
      checkResource(id, body);
    }
    current_.clear();
  }

  void checkResource(const std::string& id, const Json& body) {
    std::string path = member("Resources", id);
    checkLogicalId(path, id);
    if (!body.is_object()) {
      report(path, "a resource must be an object; found " + describe(body));
      return;
    }
    checkKeys(body, path, names(kResourceKeys), "a resource");
    const ResourceType* rt = resources_[id];
    std::string type;
    if (!body.contains("Type")) {
      report(path, "the resource has no `Type`");
    } else if (!body["Type"].is_string()) {
      report(member(path, "Type"), "a resource type must be a string; found " + describe(body["Type"]));
    } else {
      type = body["Type"].get<std::string>();
      if (!rt) report(member(path, "Type"), unknownType(type));
    }
    if (body.contains("Condition")) conditionExists(body["Condition"], member(path, "Condition"));
    if (body.contains("DependsOn")) checkDependsOn(body["DependsOn"], member(path, "DependsOn"));
    for (std::string_view policy : {"DeletionPolicy", "UpdateReplacePolicy"}) {
      auto it = body.find(policy);
      if (it == body.end()) continue;
      std::string allowed = policy == "DeletionPolicy" ? "Delete Retain RetainExceptOnCreate Snapshot"
                                                       : "Delete Retain Snapshot";
      bool ok = it->is_string() && !it->get<std::string>().empty() &&
                (" " + allowed + " ").find(" " + it->get<std::string>() + " ") != std::string::npos;
      if (!ok)
        report(member(path, std::string(policy)),
               fmt::format("`{}` must be one of {}; found {}", policy, allowed, describe(*it)));
    }
    for (std::string_view key : {"Metadata", "CreationPolicy", "UpdatePolicy"})
      if (body.contains(key)) walk(body[key], member(path, std::string(key)));

    std::string props_path = member(path, "Properties");
    auto props = body.find("Properties");
    if (props == body.end()) {
      if (rt)
        for (const std::string& r : rt->shape.required)
          report(path, fmt::format("missing required property `{}` of {}", r, type));
      return;
    }
    if (!props->is_object()) {
      report(props_path, "`Properties` must be an object; found " + describe(*props));
      return;
    }
    if (rt)
      checkProperties(rt->shape, *props, props_path, type);
    else
      walk(*props, props_path);
    checkPolicies(*props, props_path);
  }

  std::string unknownType(const std::string& type) {
    std::string best;
    std::size_t best_distance = std::string::npos;
    for (const auto& [known, rt] : schema_.resources) {
      std::size_t d = support::editDistance(lower(type), lower(known));
      if (d < best_distance) {
        best = known;
        best_distance = d;
      }
    }
    if (best_distance <= std::max<std::size_t>(2, type.size() / 3))
      return fmt::format("unknown resource type `{}`; did you mean `{}`?", type, best);
    return fmt::format("unknown resource type `{}`; the closest known type is `{}` (tools/cfn-spec/types.txt "
                       "lists the types the schema snapshot holds)",
                       type, best);
  }

  void checkDependsOn(const Json& value, const std::string& path) {
    auto one = [&](const Json& target, const std::string& at) {
      if (!target.is_string()) {
        report(at, "`DependsOn` names resources by logical ID; found " + describe(target));
        return;
      }
      const std::string& name = target.get_ref<const std::string&>();
      if (resources_.contains(name)) {
        deps_[current_].insert(name);
        return;
      }
      report(at, fmt::format("`DependsOn` names `{}`, which is not a resource of this template{}", name,
                             didYouMean(name, resource_order_)));
    };
    if (value.is_array())
      for (std::size_t i = 0; i < value.size(); ++i) one(value[i], index(path, i));
    else
      one(value, path);
  }

  // ---- properties and values

  void checkProperties(const Shape& shape, const Json& obj, const std::string& path, const std::string& owner) {
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

  void checkValue(const Type& type, const Json& v, const std::string& path) {
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
  void checkUnion(const Type& type, const Json& v, const std::string& path) {
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

  static bool sameShape(const Type& t, const Json& v) {
    using K = Type::Kind;
    if (v.is_object()) return t.kind == K::Named || t.kind == K::Map || t.kind == K::Json;
    if (v.is_array()) return t.kind == K::List || t.kind == K::Json;
    return isScalarKind(t.kind);
  }

  static bool accepts(const Type& t, Yields y) {
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

  bool deeper(const std::string& path) {
    if (++depth_ <= kMaxDepth) return true;
    --depth_;
    if (!too_deep_) report(path, fmt::format("the template nests deeper than {} levels", kMaxDepth));
    too_deep_ = true;
    return false;
  }

  // ---- intrinsic functions

  bool isIntrinsic(const Json& v) const {
    if (!v.is_object() || v.size() != 1) return false;
    const std::string& key = v.items().begin().key();
    return key == "Ref" || key.starts_with("Fn::") || (key == "Condition" && section_ == Section::Conditions);
  }

  // Finds and checks every intrinsic function inside `v`, which has no type
  // of its own (Metadata, function arguments, a resource of unknown type).
  void walk(const Json& v, const std::string& path) {
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
  Yields intrinsic(const Json& v, const std::string& path, const Type* expected) {
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
  Yields reference(const std::string& name, const std::string& at, const std::string& what) {
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

  Yields getAtt(const Json& arg, const std::string& at) {
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

  Yields attribute(const std::string& res, const std::optional<std::string>& attr, const std::string& at,
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
  void sub(const Json& arg, const std::string& at) {
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

  // ---- Outputs

  void checkOutputs() {
    const Json* outputs = section("Outputs");
    if (!outputs) return;
    section_ = Section::Outputs;
    Type string_type;
    string_type.kind = Type::Kind::String;
    for (const auto& [id, body] : outputs->items()) {
      std::string path = member("Outputs", id);
      checkLogicalId(path, id);
      if (!body.is_object()) {
        report(path, "an output must be an object; found " + describe(body));
        continue;
      }
      checkKeys(body, path, names(kOutputKeys), "an output");
      if (!body.contains("Value"))
        report(path, "the output has no `Value`");
      else
        checkValue(string_type, body["Value"], member(path, "Value"));
      if (body.contains("Condition")) conditionExists(body["Condition"], member(path, "Condition"));
      if (body.contains("Export")) {
        const Json& exp = body["Export"];
        std::string exp_path = member(path, "Export");
        if (!exp.is_object() || exp.size() != 1 || !exp.contains("Name"))
          report(exp_path, "`Export` must be an object with only `Name`; found " + describe(exp));
        else
          checkValue(string_type, exp["Name"], member(exp_path, "Name"));
      }
    }
  }

  // ---- IAM policy documents: no "Action": "*"

  void checkPolicies(const Json& v, const std::string& path) {
    if (v.is_object()) {
      if (auto st = v.find("Statement"); st != v.end()) {
        std::string st_path = member(path, "Statement");
        if (st->is_array())
          for (std::size_t i = 0; i < st->size(); ++i) checkStatement((*st)[i], index(st_path, i));
        else
          checkStatement(*st, st_path);
      }
      for (const auto& [key, item] : v.items())
        if (key != "Statement") checkPolicies(item, member(path, key));
    } else if (v.is_array()) {
      for (std::size_t i = 0; i < v.size(); ++i) checkPolicies(v[i], index(path, i));
    }
  }

  void checkStatement(const Json& s, const std::string& path) {
    if (!s.is_object()) return;
    if (auto fn = s.find("Fn::If"); s.size() == 1 && fn != s.end() && fn->is_array() && fn->size() == 3) {
      for (std::size_t i = 1; i < 3; ++i) checkStatement((*fn)[i], index(member(path, "Fn::If"), i));
      return;
    }
    auto action = s.find("Action");
    if (action == s.end()) return;
    std::string action_path = member(path, "Action");
    constexpr std::string_view message =
        "`\"Action\": \"*\"` allows every action of every service; list the actions this statement needs";
    if (*action == "*") report(action_path, std::string(message));
    if (action->is_array())
      for (std::size_t i = 0; i < action->size(); ++i)
        if ((*action)[i] == "*") report(index(action_path, i), std::string(message));
  }

  // ---- dependency cycles (Ref, Fn::GetAtt, Fn::Sub, DependsOn)

  void dependOn(const std::string& target) {
    if (section_ == Section::Resources && !current_.empty()) deps_[current_].insert(target);
  }

  // Tarjan's strongly connected components; one problem per cycle, shown
  // from its first resource in template order.
  void checkCycles() {
    std::map<std::string, std::size_t> order;
    for (std::size_t i = 0; i < resource_order_.size(); ++i) order[resource_order_[i]] = i;
    std::map<std::string, std::size_t> idx, low;
    std::vector<std::string> stack;
    std::set<std::string> on_stack;
    std::size_t counter = 0;
    std::vector<std::vector<std::string>> cycles;
    std::function<void(const std::string&)> connect = [&](const std::string& v) {
      idx[v] = low[v] = counter++;
      stack.push_back(v);
      on_stack.insert(v);
      for (const std::string& w : deps_[v]) {
        if (!idx.contains(w)) {
          connect(w);
          low[v] = std::min(low[v], low[w]);
        } else if (on_stack.contains(w)) {
          low[v] = std::min(low[v], idx[w]);
        }
      }
      if (low[v] != idx[v]) return;
      std::vector<std::string> scc;
      std::string w;
      do {
        w = stack.back();
        stack.pop_back();
        on_stack.erase(w);
        scc.push_back(w);
      } while (w != v);
      if (scc.size() > 1 || deps_[v].contains(v)) cycles.push_back(std::move(scc));
    };
    for (const std::string& id : resource_order_)
      if (!idx.contains(id)) connect(id);

    std::vector<std::pair<std::size_t, std::string>> found;
    for (const std::vector<std::string>& scc : cycles) {
      std::set<std::string> members(scc.begin(), scc.end());
      std::string start = *std::min_element(scc.begin(), scc.end(),
                                            [&](const auto& a, const auto& b) { return order[a] < order[b]; });
      found.emplace_back(order[start], describeCycle(start, members));
    }
    std::sort(found.begin(), found.end());
    for (const auto& [pos, text] : found)
      report(member("Resources", resource_order_[pos]),
             fmt::format("circular dependency: {}; break it by removing one of these references or DependsOn", text));
  }

  // The shortest cycle through `start` inside its component, breadth first.
  std::string describeCycle(const std::string& start, const std::set<std::string>& members) {
    std::map<std::string, std::string> parent;
    std::vector<std::string> queue{start};
    std::string last;
    for (std::size_t q = 0; q < queue.size() && last.empty(); ++q) {
      for (const std::string& w : deps_[queue[q]]) {
        if (w == start) {
          last = queue[q];
          break;
        }
        if (members.contains(w) && !parent.contains(w)) {
          parent[w] = queue[q];
          queue.push_back(w);
        }
      }
    }
    if (last.empty()) return "`" + start + "`";
    std::vector<std::string> chain{start};
    for (std::string v = last; v != start; v = parent[v]) chain.insert(chain.begin() + 1, v);
    chain.push_back(start);
    std::string out;
    for (const std::string& v : chain) out += (out.empty() ? "`" : " -> `") + v + "`";
    return out;
  }

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

}  // namespace

std::vector<Problem> validate(const nlohmann::ordered_json& tmpl, const Schema& schema) {
  return Validator(tmpl, schema).run();
}

std::vector<Problem> validate(const nlohmann::json& tmpl, const Schema& schema) {
  return validate(nlohmann::ordered_json(tmpl), schema);
}

}  // namespace arch::cloudformation
