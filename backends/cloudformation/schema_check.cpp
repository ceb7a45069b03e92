// Checks the properties a raw resource or a resource override writes
// against the schema snapshot, with the rules of the template validator
// (validate.cpp: which JSON values each type takes), but reported where the
// .arch text wrote them: unknown properties (E0706), missing required ones
// (E0707), values of the wrong type (E0708).
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "backends/cloudformation/validate.h"  // first: see escape.h
#include "backends/cloudformation/escape.h"
#include "compiler/support/suggest.h"

namespace arch::cloudformation {
namespace {

using sema::RawValue;
using Kind = RawValue::Kind;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The closest candidate ignoring case: `healthcheckgraceperiodseconds` is
// a near miss of `HealthCheckGracePeriodSeconds`.
std::optional<std::string> closestName(std::string_view name, const std::vector<std::string>& candidates) {
  std::vector<std::string> lowered;
  for (const std::string& c : candidates) lowered.push_back(lower(c));
  for (std::size_t i = 0; i < candidates.size(); ++i)
    if (lowered[i] == lower(name)) return candidates[i];  // only the case differs
  std::optional<std::string> best = support::closest(lower(name), lowered);
  if (!best) return std::nullopt;
  return candidates[static_cast<std::size_t>(std::find(lowered.begin(), lowered.end(), *best) - lowered.begin())];
}

std::string describe(const RawValue& v) {
  switch (v.kind) {
    case Kind::String: {
      if (v.deferred) return "a value given at deploy time";
      std::string s = v.text.size() > 40 ? v.text.substr(0, 37) + "..." : v.text;
      return "the string " + Json(s).dump();
    }
    case Kind::Integer: return fmt::format("the number {}", v.integer);
    case Kind::Number: return "the number " + Json(v.number).dump();
    case Kind::Bool: return v.flag ? "the boolean true" : "the boolean false";
    case Kind::List: return "a list";
    case Kind::Object: return "an object";
    case Kind::Ref: return fmt::format("`{}`", v.str());
    case Kind::Invalid: break;
  }
  return "a value";
}

const Json kNothing;

const Json& member(const Json& j, const std::string& key) {
  return j.is_object() && j.contains(key) ? j[key] : kNothing;
}

class Checker {
 public:
  Checker(const Schema& schema, const std::function<bool(const RawValue&)>& yields_list)
      : schema_(schema), yields_list_(yields_list) {}

  void object(const Shape& shape, const std::string& owner, const std::string& where, const RawValue& written,
              const Json& result) {
    std::vector<std::string> names;
    for (const auto& [name, type] : shape.properties) names.push_back(name);
    for (const sema::RawField& f : written.fields) {
      auto it = shape.properties.find(f.key);
      if (it == shape.properties.end()) {
        Finding& x = add(DiagKind::UnknownResourceProperty, f.key_span, {owner, f.key});
        if (auto best = closestName(f.key, names)) x.help = fmt::format("did you mean `{}`?", *best);
        else x.note = fmt::format("its properties: {}", fmt::join(names, ", "));
        continue;
      }
      value(it->second, where.empty() ? f.key : where + "." + f.key, f.value, member(result, f.key));
    }
    std::vector<std::string> missing;
    for (const std::string& r : shape.required)
      if (!result.is_object() || !result.contains(r)) missing.push_back(r);
    if (missing.empty()) return;
    Finding& x = add(DiagKind::MissingResourceProperty, written.span, {owner, missing.front()});
    if (missing.size() > 1)
      x.message = fmt::format("`{}` needs the properties `{}`", owner, fmt::join(missing, "`, `"));
  }

  // What is wrong, kept until the end: a union tries its members and keeps
  // only the findings of the one that fits best.
  struct Finding {
    DiagKind kind;
    Span span;
    std::vector<std::string> args;
    std::string help, note;
    std::string message;  // when the registry's format does not fit
  };
  std::vector<Finding> findings_;

 private:
  Finding& add(DiagKind kind, Span span, std::vector<std::string> args) {
    findings_.push_back(Finding{kind, span, std::move(args), {}, {}, {}});
    return findings_.back();
  }

  void mismatch(const Type& type, const std::string& where, const RawValue& v) {
    add(DiagKind::ResourceValueType, v.span, {where, type.str(), describe(v)});
  }

  void value(const Type& type, const std::string& where, const RawValue& v, const Json& result) {
    using K = Type::Kind;
    if (!v.ok()) return;
    if (type.kind == K::Union) return union_(type, where, v, result);
    bool ok = true;
    switch (v.kind) {
      case Kind::String:
        if (v.deferred) {  // a Ref or Fn::Sub: one value
          ok = isScalarKind(type.kind) || type.kind == K::Json;
          break;
        }
        switch (type.kind) {
          case K::String: case K::Timestamp: break;
          case K::Integer: case K::Long: ok = isIntegerText(v.text); break;
          case K::Double: ok = isNumberText(v.text); break;
          case K::Boolean: ok = lower(v.text) == "true" || lower(v.text) == "false"; break;
          default: ok = false;
        }
        break;
      case Kind::Integer: ok = type.kind == K::String || type.kind == K::Integer || type.kind == K::Long ||
                               type.kind == K::Double; break;
      case Kind::Number: ok = type.kind == K::String || type.kind == K::Double; break;
      case Kind::Bool: ok = type.kind == K::String || type.kind == K::Boolean; break;
      case Kind::Ref:
        ok = yields_list_(v) ? type.kind == K::List || type.kind == K::Json : isScalarKind(type.kind) || type.kind == K::Json;
        break;
      case Kind::List:
        if (type.kind == K::List) {
          for (std::size_t i = 0; i < v.items.size(); ++i)
            value(type.items.front(), fmt::format("{}[{}]", where, i), v.items[i],
                  result.is_array() && i < result.size() ? result[i] : kNothing);
        } else {
          ok = type.kind == K::Json;
        }
        break;
      case Kind::Object:
        if (type.kind == K::Named) {
          if (const Shape* shape = schema_.shape(type.name)) object(*shape, type.name, where, v, result);
        } else if (type.kind == K::Map) {
          for (const sema::RawField& f : v.fields)
            value(type.items.front(), where + "." + f.key, f.value, member(result, f.key));
        } else {
          ok = type.kind == K::Json;
        }
        break;
      case Kind::Invalid: break;
    }
    if (!ok) mismatch(type, where, v);
  }

  // A value fits a union when it fits one member. Otherwise, when only one
  // member has the value's shape, what is wrong inside it; else the union.
  void union_(const Type& type, const std::string& where, const RawValue& v, const Json& result) {
    std::vector<Finding> same_shape;
    int shaped = 0;
    for (const Type& m : type.items) {
      std::size_t before = findings_.size();
      value(m, where, v, result);
      if (findings_.size() == before) return;
      std::vector<Finding> found(findings_.begin() + static_cast<std::ptrdiff_t>(before), findings_.end());
      findings_.resize(before);
      bool object = v.kind == Kind::Object && (m.kind == Type::Kind::Named || m.kind == Type::Kind::Map);
      bool list = v.kind == Kind::List && m.kind == Type::Kind::List;
      if (object || list) {
        ++shaped;
        same_shape = std::move(found);
      }
    }
    if (shaped == 1)
      findings_.insert(findings_.end(), same_shape.begin(), same_shape.end());
    else
      mismatch(type, where, v);
  }

  const Schema& schema_;
  const std::function<bool(const RawValue&)>& yields_list_;
};

}  // namespace

void checkWrittenProperties(const Schema& schema, const Shape& shape, const std::string& owner,
                            const sema::RawValue& written, const Json& result,
                            const std::function<bool(const sema::RawValue&)>& yields_list, Diagnostics& diags) {
  Checker checker(schema, yields_list);
  checker.object(shape, owner, "", written, result);
  for (const Checker::Finding& f : checker.findings_) {
    Diagnostic* d = nullptr;
    if (f.args.size() == 3) d = &diags.report(f.kind, f.span, f.args[0], f.args[1], f.args[2]);
    else d = &diags.report(f.kind, f.span, f.args[0], f.args[1]);
    if (!f.message.empty()) d->message = f.message;
    if (!f.help.empty()) d->addHelp(f.help);
    if (!f.note.empty()) d->addNote(f.note);
  }
}

}  // namespace arch::cloudformation
