// The escape hatches in the template: raw resources tagged `cloudformation`
// (emitted as written, with archc's metadata and the deployment's tags) and
// resource overrides (laid over the generated resources: blocks merge, `=`
// replaces). Both run after every generated resource exists, so that their
// references (`api.service`, `attr(uploads, "Arn")`) resolve to logical IDs
// and an override can name any generated resource.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "backends/cloudformation/validate.h"  // first: see escape.h
#include "backends/cloudformation/escape.h"
#include "compiler/support/suggest.h"

namespace arch::cloudformation {
namespace {

using sema::RawValue;

constexpr std::string_view kBackend = "cloudformation";

// Roles compare without case or underscores: `task_definition`,
// `taskdefinition` and the logical ID's `TaskDefinition` are one.
std::string normalized(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != '_') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// `TaskDefinition` -> `task_definition`: how a role is written in .arch.
std::string snakeCase(std::string_view pascal) {
  std::string out;
  for (std::size_t i = 0; i < pascal.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(pascal[i]);
    if (std::isupper(c) && i > 0 && !std::isupper(static_cast<unsigned char>(pascal[i - 1]))) out += '_';
    out += static_cast<char>(std::tolower(c));
  }
  return out;
}

bool isIntrinsic(const Json& j) {
  if (!j.is_object() || j.size() != 1) return false;
  const std::string& key = j.begin().key();
  return key == "Ref" || key.rfind("Fn::", 0) == 0;
}

class Escapes {
 public:
  Escapes(Template& t, const Schema& schema) : t_(t), g_(t.graph()), schema_(schema) {
    for (const auto& [id, r] : t.resources()) generated_.push_back(id);
  }

  void emitRaw(const ir::RawResource& r) {
    const ResourceType* rt = schema_.resource(r.type);
    if (!rt) return unknownType(r);
    if (t_.has(r.id)) {
      diags().report(DiagKind::IdentifierClash, r.span, r.name, ownerOf(r.id), r.id)
          .addHelp("rename the raw resource: generated resources are named after their components");
      return;
    }
    Json props = toJson(r.props);
    if (!r.props.field("Tags")) addTags(props, rt->shape, r.name);
    checkWrittenProperties(schema_, rt->shape, r.type, r.props, props, yieldsList(), diags());
    Json& resource = t_.resource(r.id);
    resource["Type"] = r.type;
    resource["Metadata"] = Json{{"archc", Json{{"raw", r.name}, {"source", source(r.origin)}}}};
    resource["Properties"] = std::move(props);
  }

  void applyOverride(const ir::ResourceOverride& o) {
    std::optional<std::string> id = generatedId(o.component, o.role, o.span);
    if (!id) return;
    Json& resource = t_.resource(*id);
    std::string type = resource.value("Type", "");
    Json& props = resource["Properties"];
    if (!props.is_object()) props = Json::object();
    merge(props, o.props);
    if (const ResourceType* rt = schema_.resource(type))
      checkWrittenProperties(schema_, rt->shape, type, o.props, props, yieldsList(), diags());
    // The template says where it departs from what archc generates.
    resource["Metadata"]["archc"]["overrides"].push_back(source(o.origin));
  }

 private:
  Diagnostics& diags() { return t_.diags(); }

  static std::string source(const ir::Origin& o) { return fmt::format("{}:{}", o.file, o.line); }

  std::string ownerOf(const std::string& id) const {
    const Json& r = t_.resources().at(id);
    if (r.contains("Metadata") && r["Metadata"].contains("archc")) {
      const Json& m = r["Metadata"]["archc"];
      if (m.contains("component")) return m["component"].get<std::string>();
      if (m.contains("raw")) return m["raw"].get<std::string>();
    }
    return id;
  }

  void unknownType(const ir::RawResource& r) {
    Diagnostic& d = diags().report(DiagKind::UnknownResourceType, r.type_span, "CloudFormation", r.type);
    std::vector<std::string> known;
    for (const auto& [name, rt] : schema_.resources) known.push_back(name);
    std::vector<std::string> lowered;
    for (const std::string& k : known) lowered.push_back(normalized(k));
    if (auto best = support::closest(normalized(r.type), lowered))
      d.addHelp(fmt::format("did you mean `{}`?",
                            known[static_cast<std::size_t>(std::find(lowered.begin(), lowered.end(), *best) - lowered.begin())]));
    d.addNote("archc checks raw resources against its schema snapshot, which holds only the types listed in "
              "tools/cfn-spec/types.txt");
    d.addHelp("to use another type, add it to tools/cfn-spec/types.txt and regenerate the snapshot (docs/schema.md)");
  }

  // The deployment's tags, as the generated resources carry them, on a
  // raw resource whose type is taggable and that sets no `Tags` itself.
  void addTags(Json& props, const Shape& shape, const std::string& name) const {
    auto it = shape.properties.find("Tags");
    if (it == shape.properties.end()) return;
    const Type& type = it->second;
    if (type.kind == Type::Kind::Map && !g_.tags.empty()) {
      Json map = Json::object();
      for (const auto& [k, v] : g_.tags) map[k] = v;
      props["Tags"] = std::move(map);
    } else if (type.kind == Type::Kind::List && type.items.front().kind == Type::Kind::Named) {
      const Shape* tag = schema_.shape(type.items.front().name);
      if (!tag || !tag->properties.contains("Key") || !tag->properties.contains("Value")) return;
      std::map<std::string, std::string> all = g_.tags;
      all.try_emplace("Name", name);
      Json list = Json::array();
      for (const auto& [k, v] : all) list.push_back(Json{{"Key", k}, {"Value", v}});
      props["Tags"] = std::move(list);
    }
  }

  // The logical ID of the resource generated for `component` under `role`
  // (`api` + `service` = `ApiService`), or nothing (reported at `span`).
  std::optional<std::string> generatedId(ir::Index component, const std::string& role, Span span) {
    const ir::Component& c = g_.components[component];
    std::string prefix = ir::identifier(c.name);
    std::string wanted = ir::identifier(role.empty() ? c.name : c.name + "." + role);
    for (const std::string& id : generated_)
      if (normalized(id) == normalized(wanted)) return id;
    // Its roles: what was generated for it (or a part of it, a tier's
    // subnets) under its identifier.
    std::vector<std::string> roles;
    for (const std::string& id : generated_) {
      std::string owner = ownerOf(id);
      if (id.rfind(prefix, 0) != 0 || (owner != c.name && owner.rfind(c.name + ".", 0) != 0)) continue;
      roles.push_back(id == prefix ? c.name : c.name + "." + snakeCase(id.substr(prefix.size())));
    }
    std::sort(roles.begin(), roles.end());
    std::string written = role.empty() ? c.name : c.name + "." + role;
    Diagnostic& d = diags().report(DiagKind::UnknownGeneratedResource, span, c.name, wanted);
    if (roles.empty()) {
      d.addNote(fmt::format("nothing is generated for `{}` in this template{}", c.name,
                            c.flag("enabled", true) ? "" : ": it is switched off (`enabled = false`)"));
      return std::nullopt;
    }
    if (auto best = support::closest(written, roles); best && *best != written)
      d.addHelp(fmt::format("did you mean `{}`?", *best));
    d.addNote(fmt::format("the resources generated for `{}`: {}", c.name, fmt::format("`{}`", fmt::join(roles, "`, `"))));
    if (role.empty()) d.addNote("a component's own resource has its identifier as logical ID; name a role as in `NAME.ROLE`");
    return std::nullopt;
  }

  // The logical ID and type a reference names, or nothing (reported).
  std::optional<std::pair<std::string, std::string>> target(const RawValue& ref, bool report) {
    if (ref.target == RawValue::Target::Raw) {
      const ir::RawResource& raw = g_.raw[ref.index];
      if (raw.backend != kBackend) {
        if (report)
          diags().report(DiagKind::UnknownGeneratedResource, ref.span, raw.name, raw.id).message =
              fmt::format("`{}` is a `{}` raw resource: a CloudFormation template cannot refer to it", raw.name,
                          raw.backend);
        return std::nullopt;
      }
      return std::pair{raw.id, raw.type};
    }
    std::optional<std::string> id;
    if (report) {
      id = generatedId(ref.index, ref.role, ref.span);
    } else {
      const ir::Component& c = g_.components[ref.index];
      std::string wanted = normalized(ir::identifier(ref.role.empty() ? c.name : c.name + "." + ref.role));
      for (const std::string& g : generated_)
        if (normalized(g) == wanted) id = g;
    }
    if (!id) return std::nullopt;
    return std::pair{*id, t_.resources().at(*id).value("Type", "")};
  }

  const Type* attributeType(const std::string& type, const std::string& attribute) const {
    const ResourceType* rt = schema_.resource(type);
    if (!rt) return nullptr;
    auto it = rt->attributes.find(attribute);
    return it == rt->attributes.end() ? nullptr : &it->second;
  }

  Json reference(const RawValue& ref) {
    auto found = target(ref, /*report=*/true);
    if (!found) return nullptr;
    const auto& [id, type] = *found;
    if (ref.attribute.empty()) return Template::ref(id);
    if (!attributeType(type, ref.attribute) && schema_.resource(type)) {
      std::vector<std::string> names;
      for (const auto& [name, t] : schema_.resource(type)->attributes) names.push_back(name);
      Diagnostic& d = diags().report(DiagKind::UnknownResourceAttribute, ref.span, type, ref.attribute);
      if (auto best = support::closest(ref.attribute, names))
        d.addHelp(fmt::format("did you mean `{}`?", *best));
      else
        d.addNote(names.empty() ? fmt::format("`{}` has no attributes", type)
                                : fmt::format("its attributes: {}", fmt::join(names, ", ")));
    }
    return Template::getAtt(id, ref.attribute);
  }

  std::function<bool(const RawValue&)> yieldsList() {
    return [this](const RawValue& ref) {
      if (ref.attribute.empty()) return false;
      auto found = target(ref, /*report=*/false);
      const Type* t = found ? attributeType(found->second, ref.attribute) : nullptr;
      return t && t->kind == Type::Kind::List;
    };
  }

  Json toJson(const RawValue& v) {
    switch (v.kind) {
      case RawValue::Kind::String: {
        sema::Value text;
        text.kind = sema::TypeKind::String;
        text.text = v.text;
        text.deferred = v.deferred;
        return t_.string(text);
      }
      case RawValue::Kind::Integer: return v.integer;
      case RawValue::Kind::Number: return v.number;
      case RawValue::Kind::Bool: return v.flag;
      case RawValue::Kind::List: {
        Json out = Json::array();
        for (const RawValue& item : v.items) out.push_back(toJson(item));
        return out;
      }
      case RawValue::Kind::Object: {
        Json out = Json::object();
        for (const sema::RawField& f : v.fields) out[f.key] = toJson(f.value);
        return out;
      }
      case RawValue::Kind::Ref: return reference(v);
      case RawValue::Kind::Invalid: break;
    }
    return nullptr;
  }

  // `Name { ... }` merges into the generated object; `Name = ...` replaces
  // it (an intrinsic function is replaced too: it is one value).
  void merge(Json& into, const RawValue& obj) {
    for (const sema::RawField& f : obj.fields) {
      Json& slot = into[f.key];
      if (f.value.kind == RawValue::Kind::Object && f.value.merge && slot.is_object() && !isIntrinsic(slot))
        merge(slot, f.value);
      else
        slot = toJson(f.value);
    }
  }

  Template& t_;
  const ir::Graph& g_;
  const Schema& schema_;
  std::vector<std::string> generated_;  // logical IDs before any raw resource
};

}  // namespace

void emitEscapeHatches(Template& t) {
  const ir::Graph& g = t.graph();
  bool raw = std::any_of(g.raw.begin(), g.raw.end(), [](const ir::RawResource& r) { return r.backend == kBackend; });
  bool overrides = std::any_of(g.resource_overrides.begin(), g.resource_overrides.end(),
                               [](const ir::ResourceOverride& o) { return o.backend == kBackend; });
  if (!raw && !overrides) return;
  std::string error;
  const Schema* schema = embeddedSchema(error);
  if (!schema) {
    t.diags().report(DiagKind::UnknownResourceType, g.span, "CloudFormation", "").message =
        "cannot check raw resources and overrides: " + error;
    return;
  }
  Escapes escapes(t, *schema);
  for (const ir::RawResource& r : g.raw)
    if (r.backend == kBackend) escapes.emitRaw(r);
  for (const ir::ResourceOverride& o : g.resource_overrides)
    if (o.backend == kBackend) escapes.applyOverride(o);
}

}  // namespace arch::cloudformation
