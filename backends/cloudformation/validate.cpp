// The template validator's entry and its walk over the template's
// sections: which sections and keys exist, CloudFormation's quotas, logical
// IDs, parameters, conditions, resources (type, DependsOn, policies,
// properties) and outputs. What a property's value must be, what intrinsic
// functions may name, IAM policies and dependency cycles each have a file of
// their own (see Validator in validate_internal.h).
#include "backends/cloudformation/validate.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <string_view>
#include <utility>

#include "backends/cloudformation/validate_internal.h"
#include "compiler/support/suggest.h"

namespace arch::cloudformation {

std::string Problem::str() const { return path.empty() ? message : path + ": " + message; }

namespace validation {
namespace {

constexpr std::string_view kSections[] = {"AWSTemplateFormatVersion", "Description", "Parameters", "Conditions",
                                          "Resources", "Outputs", "Metadata"};
constexpr std::string_view kResourceKeys[] = {"Type", "Properties", "DependsOn", "Condition", "DeletionPolicy",
                                              "UpdateReplacePolicy", "Metadata", "CreationPolicy", "UpdatePolicy"};
constexpr std::string_view kParameterKeys[] = {"Type", "Default", "Description", "AllowedValues",
                                               "AllowedPattern", "ConstraintDescription", "MaxLength",
                                               "MinLength", "MaxValue", "MinValue", "NoEcho"};
constexpr std::string_view kOutputKeys[] = {"Value", "Description", "Export", "Condition"};
constexpr std::size_t kMaxDescriptionBytes = 1024;

}  // namespace

std::vector<Problem> Validator::run() {
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

// ---- sections, names, quotas

void Validator::checkSections() {
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

void Validator::quota(std::string_view name, std::string_view what, std::size_t limit) {
  const Json* s = section(name);
  if (s && s->size() > limit)
    report(std::string(name), fmt::format("the template has {} {}; CloudFormation allows at most {} in one "
                                          "template; split the stack",
                                          s->size(), what, limit));
}

void Validator::collectNames() {
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

void Validator::checkLogicalId(const std::string& path, const std::string& id) {
  if (id.empty() || !std::all_of(id.begin(), id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) && static_cast<unsigned char>(c) < 128;
      }))
    report(path, fmt::format("logical ID {} must be alphanumeric (A-Z, a-z, 0-9)", Json(id).dump()));
  else if (id.size() > kMaxLogicalIdLength)
    report(path, fmt::format("logical ID is {} characters long; CloudFormation allows at most {}", id.size(),
                             kMaxLogicalIdLength));
}

void Validator::checkKeys(const Json& body, const std::string& path, std::vector<std::string> allowed,
                          std::string_view what) {
  for (const auto& [key, value] : body.items())
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      report(member(path, key), fmt::format("`{}` is not an attribute of {}{}", key, what, didYouMean(key, allowed)));
}

// ---- Parameters

void Validator::checkParameters() {
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

void Validator::checkConditions() {
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

bool Validator::conditionExists(const Json& name, const std::string& path) {
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

void Validator::checkResources() {
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

void Validator::checkResource(const std::string& id, const Json& body) {
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

std::string Validator::unknownType(const std::string& type) {
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

void Validator::checkDependsOn(const Json& value, const std::string& path) {
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

// ---- Outputs

void Validator::checkOutputs() {
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

}  // namespace validation

std::vector<Problem> validate(const nlohmann::ordered_json& tmpl, const Schema& schema) {
  return validation::Validator(tmpl, schema).run();
}

std::vector<Problem> validate(const nlohmann::json& tmpl, const Schema& schema) {
  return validate(nlohmann::ordered_json(tmpl), schema);
}

}  // namespace arch::cloudformation
