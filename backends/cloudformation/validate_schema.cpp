// Loading the schema snapshot: its type strings (`List<AWS::EC2::VPC.Tag>`,
// `String|Integer`) parsed into Type, and every shape checked to be
// well-formed before a template is validated against it, so that the
// validator itself can trust what it looks up.
#include "backends/cloudformation/validate.h"

#include <algorithm>
#include <fmt/format.h>
#include <fstream>
#include <string_view>
#include <utility>

namespace arch::cloudformation {

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

}  // namespace arch::cloudformation
