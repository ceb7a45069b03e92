// The template under construction: resources with metadata and tags,
// parameters for deploy-time inputs, outputs, and deterministic output.
#include "backends/cloudformation/template.h"

#include <cctype>

#include <fmt/format.h>

namespace arch::cloudformation {

Json& Template::add(const std::string& id, std::string_view type, const ir::Component& c, Tagging tagging) {
  Json& r = resources_[id];
  r = Json::object();
  // Room for every resource-level key (Type, Metadata, Properties, DependsOn,
  // DeletionPolicy, UpdateReplacePolicy, Condition, UpdatePolicy), so that
  // adding one later does not move the Properties returned below.
  r.get_ref<Json::object_t&>().reserve(8);
  r["Type"] = std::string(type);
  r["Metadata"] = Json{{"archc", Json{{"component", c.name}, {"source", fmt::format("{}:{}", c.origin.file, c.origin.line)}}}};
  Json& props = r["Properties"] = Json::object();
  if (tagging == Tagging::List) {
    props["Tags"] = tags(c);
  } else if (tagging == Tagging::Map) {
    Json map = Json::object();
    for (const auto& [k, v] : graph_.tags) map[k] = v;
    props["Tags"] = map;
  }
  return props;
}

Json Template::tags(const ir::Component& c) const {
  std::map<std::string, std::string> all = graph_.tags;
  all.try_emplace("Name", c.name);
  Json out = Json::array();
  for (const auto& [k, v] : all) out.push_back(Json{{"Key", k}, {"Value", v}});
  return out;
}

Json Template::parameter(const std::string& name, std::string_view description) {
  if (!parameters_.contains(name)) {
    Json p = {{"Type", "String"}};
    if (!description.empty()) p["Description"] = std::string(description);
    parameters_[name] = p;
  }
  return ref(name);
}

void Template::output(const std::string& name, Json value, std::string_view description) {
  outputs_[name] = Json{{"Description", std::string(description)}, {"Value", std::move(value)}};
}

Json Template::string(const sema::Value& v) {
  if (!v.deferred) return v.text;
  // `${param:X}` is the template parameter X; a string that is only that
  // is a Ref, anything else a Fn::Sub.
  std::string text;
  std::size_t pos = 0;
  std::string only;
  int params = 0;
  while (pos < v.text.size()) {
    std::size_t start = v.text.find("${param:", pos);
    if (start == std::string::npos) {
      text += v.text.substr(pos);
      break;
    }
    std::size_t end = v.text.find('}', start);
    std::string name = v.text.substr(start + 8, end - start - 8);
    parameter(name, "given at deploy time: param(\"" + name + "\")");
    text += v.text.substr(pos, start - pos) + "${" + name + "}";
    only = name;
    ++params;
    pos = end + 1;
  }
  if (params == 1 && text == "${" + only + "}") return ref(only);
  return sub(text);
}

Json assumeRole(std::string_view service) {
  return Json{{"Version", "2012-10-17"},
              {"Statement", Json::array({Json{{"Effect", "Allow"},
                                              {"Principal", Json{{"Service", std::string(service)}}},
                                              {"Action", "sts:AssumeRole"}}})}};
}

std::int64_t logRetentionDays(std::int64_t ms) {
  static constexpr std::int64_t kDays[] = {1,   3,   5,   7,   14,  30,   60,   90,   120,  150,  180,
                                           365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653};
  std::int64_t days = (ms + 86'400'000 - 1) / 86'400'000;
  for (std::int64_t d : kDays)
    if (d >= days) return d;
  return 3653;
}

Diagnostic& refuse(Template& t, Span span, const std::string& what) {
  return t.diags().report(DiagKind::NotYetEmitted, span, what);
}

std::string digest(std::string_view text) {
  std::uint64_t h = 14695981039346656037ULL;  // FNV-1a, 64 bits
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return fmt::format("{:016X}", h).substr(0, 10);
}

std::string valueKey(std::string_view text) {
  std::string out;
  bool upper = true;
  for (char c : text) {
    if (out.size() >= 32) break;
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out + digest(text).substr(0, 6);
}

std::string oacId(const ir::Component& bucket) { return bucket.id + "OriginAccessControl"; }

std::vector<std::string> texts(const ir::Component& c, std::string_view key) {
  std::vector<std::string> out;
  if (const sema::Value* v = c.prop(key); v && v->ok())
    for (const sema::Value& item : v->items) out.push_back(item.text);
  return out;
}

std::int64_t seconds(const sema::Value* v, std::int64_t fallback) { return v && v->ok() ? v->number / 1000 : fallback; }

Json envValue(const Template& t, const ir::EnvVar& e) {
  const ir::Component& target = t.graph().components[e.target];
  switch (e.value) {
    case ir::EnvValue::Name:
    case ir::EnvValue::Url: return Template::ref(target.id);
    case ir::EnvValue::Arn: return arnOf(t, e.target);
    // A replication group names its endpoint differently from RDS, and a
    // proxy has a host name only: it listens on its engine's standard port.
    case ir::EnvValue::Endpoint:
      if (target.kind == "database_proxy") return Template::getAtt(target.id, "Endpoint");
      return Template::getAtt(target.id, target.kind == "cache" ? "PrimaryEndPoint.Address" : "Endpoint.Address");
    case ir::EnvValue::Port:
      if (e.port) return std::to_string(e.port);  // decided when lowering (a proxy's)
      return Template::getAtt(target.id, target.kind == "cache" ? "PrimaryEndPoint.Port" : "Endpoint.Port");
    case ir::EnvValue::SecretArn: return Template::getAtt(target.id, "MasterUserSecret.SecretArn");
    case ir::EnvValue::SecretValue: return arnOf(t, e.target);  // as ValueFrom of a container's Secrets
  }
  return "";
}

Json environment(Template& t, ir::Index i) {
  const ir::Component& c = t.graph().components[i];
  Json env = Json::array();
  if (const sema::Value* vars = c.prop("env"); vars && vars->ok())
    for (const sema::Field& f : vars->fields) env.push_back(Json{{"Name", f.name}, {"Value", t.string(f.value)}});
  for (const ir::EnvVar& e : t.graph().env)
    if (e.component == i && e.value != ir::EnvValue::SecretValue)
      env.push_back(Json{{"Name", e.name}, {"Value", envValue(t, e)}});
  return env;
}

std::string Template::dump() const {
  auto sorted = [](const Json& section) {
    std::map<std::string, Json> byKey;
    for (auto it = section.begin(); it != section.end(); ++it) byKey.emplace(it.key(), it.value());
    Json out = Json::object();
    for (auto& [k, v] : byKey) out[k] = v;
    return out;
  };
  Json t;
  t["AWSTemplateFormatVersion"] = "2010-09-09";
  t["Description"] = graph_.deployment.empty()
                         ? fmt::format("{}: generated by archc", graph_.architecture)
                         : fmt::format("{} ({}): generated by archc", graph_.architecture, graph_.deployment);
  if (!parameters_.empty()) t["Parameters"] = sorted(parameters_);
  Json resources = Json::object();
  for (const auto& [id, r] : resources_) resources[id] = r;
  t["Resources"] = resources;
  if (!outputs_.empty()) t["Outputs"] = sorted(outputs_);
  return t.dump(2) + "\n";
}

}  // namespace arch::cloudformation
