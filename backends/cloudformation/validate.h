// Checks a CloudFormation template against the schema snapshot
// (tests/schema/cloudformation.json, made by tools/cfn-spec/extract.mjs).
//
// The tests run it over every template archc emits; docs/schema.md lists
// what it checks and what it does not.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace arch::cloudformation {

// A property or attribute type of the snapshot, parsed from its text form:
// String Integer Long Double Boolean Timestamp Json Null, a type name,
// List<T>, Map<T>, or a union `A|B`.
struct Type {
  enum class Kind { String, Integer, Long, Double, Boolean, Timestamp, Json, Null, Named, List, Map, Union };
  Kind kind = Kind::Json;
  std::string name;         // Named: a key of Schema::types
  std::vector<Type> items;  // List and Map: one element type; Union: the members

  std::string str() const;  // back to the snapshot's text form
};

// The properties of a resource type or of a nested property type.
struct Shape {
  std::map<std::string, Type> properties;
  std::set<std::string> required;
};

struct ResourceType {
  Shape shape;
  std::map<std::string, Type> attributes;  // what Fn::GetAtt may name
};

struct Schema {
  std::string package;  // where the snapshot came from
  std::string version;
  std::map<std::string, ResourceType> resources;  // "AWS::EC2::VPC"
  std::map<std::string, Shape> types;             // "AWS::ECS::Service.LoadBalancer", "Tag"

  const ResourceType* resource(const std::string& type) const;
  const Shape* shape(const std::string& type_name) const;
};

// Reads a snapshot. On a malformed snapshot (a missing section, a type
// string that does not parse, a type name used but not defined) returns
// nothing and says why in `error`.
std::optional<Schema> loadSchema(const nlohmann::json& snapshot, std::string& error);
std::optional<Schema> loadSchemaFile(const std::string& path, std::string& error);

// One thing wrong with a template: where (a JSON path such as
// `Resources.Api.Properties.NetworkConfiguration.AwsvpcConfiguration.Subnets[0]`,
// empty for the template as a whole) and what, in the style of archc's
// diagnostics (lowercase, names in backticks, the fix after a semicolon).
struct Problem {
  std::string path;
  std::string message;

  std::string str() const;  // "path: message"
  friend bool operator==(const Problem&, const Problem&) = default;
};

// CloudFormation's quotas that the validator enforces.
inline constexpr std::size_t kMaxResources = 500;
inline constexpr std::size_t kMaxParameters = 200;
inline constexpr std::size_t kMaxOutputs = 200;
inline constexpr std::size_t kMaxTemplateBytes = 1024 * 1024;  // of the compact serialization
inline constexpr std::size_t kMaxLogicalIdLength = 255;

// Which JSON values a schema type takes, shared with the checks of raw
// resources and overrides (schema_check.cpp): strings CloudFormation reads
// as numbers, and the scalar kinds.
bool isIntegerText(const std::string& s);
bool isNumberText(const std::string& s);
bool isScalarKind(Type::Kind k);

// Every problem found, in template order (sections, then logical IDs in
// the order the JSON object holds them); empty when the template is valid.
std::vector<Problem> validate(const nlohmann::json& tmpl, const Schema& schema);
std::vector<Problem> validate(const nlohmann::ordered_json& tmpl, const Schema& schema);

}  // namespace arch::cloudformation
