// Groups of settings (a component's properties, a `scale { ... }` block, a
// pattern's arguments): every declared field given, defaulted or reported
// missing, unknown ones with did-you-mean; and @range bounds.
#include <algorithm>

#include <fmt/format.h>

#include "compiler/sema/evaluate.h"
#include "compiler/sema/literals.h"
#include "compiler/support/suggest.h"

namespace arch::sema {
namespace {

// Statements of a `name { ... }` group block as field inputs.
void blockInputs(const ast::Block& block, std::vector<FieldInput>& out, const std::string& what,
                 const GroupSpec& spec, Diagnostics& diags) {
  for (const ast::Statement& s : block.statements) {
    if (const auto* a = std::get_if<ast::Assignment>(&s.node); a && a->target.parts.size() == 1) {
      out.push_back({&a->target.parts[0], a->value.get(), nullptr});
    } else if (const auto* n = std::get_if<ast::NestedBlock>(&s.node)) {
      out.push_back({&n->name, nullptr, &n->body});
    } else {
      Diagnostic& d = diags.report(DiagKind::UnknownProperty, s.span, what, "...");
      d.message = fmt::format("only settings of {} may be written here", what);
      d.addNote(fmt::format("{} takes: {}", what, fmt::join(spec.names(), ", ")));
    }
  }
}

}  // namespace

void checkBounds(const PropSpec& prop, const Value& v, Diagnostics& diags) {
  if (!v.ok() || (!prop.min && !prop.max)) return;
  if (v.kind == TypeKind::Range) {  // each end, reported once
    if (v.items.size() != 2) return;
    std::size_t before = diags.errorCount();
    checkBounds(prop, v.items[0], diags);
    if (diags.errorCount() == before && v.number2 != v.number) checkBounds(prop, v.items[1], diags);
    return;
  }
  bool below = prop.min && v.number < prop.min->number;
  bool above = prop.max && v.number > prop.max->number;
  if (!below && !above) return;
  std::string bounds = prop.min && prop.max ? fmt::format("from {} to {}", prop.min->str(), prop.max->str())
                       : prop.min           ? fmt::format("at least {}", prop.min->str())
                                            : fmt::format("at most {}", prop.max->str());
  diags.report(DiagKind::OutOfRange, v.span, fmt::format("`{}` = {}", prop.name, v.str()), bounds)
      .addLabel(prop.span, fmt::format("`{}` is declared here", prop.name));
}

Value evaluateGroup(const GroupSpec& spec, const std::vector<FieldInput>& inputs, Span owner_span,
                    const std::string& what, const Scope& scope, Diagnostics& diags, bool partial,
                    DiagKind missing) {
  Value out;
  out.kind = TypeKind::Group;
  out.span = owner_span;
  std::vector<Field> given;
  std::vector<std::string> misspelt;
  std::vector<std::pair<std::string, Span>> seen;
  bool ok = true;
  for (const FieldInput& in : inputs) {
    const std::string& key = in.key->text;
    auto dup = std::find_if(seen.begin(), seen.end(), [&](const auto& p) { return p.first == key; });
    if (dup != seen.end()) {
      diags.report(DiagKind::DuplicateProperty, in.key->span, key).addLabel(dup->second, "first set here");
      ok = false;
      continue;
    }
    seen.emplace_back(key, in.key->span);
    const PropSpec* prop = spec.find(key);
    if (!prop) {
      Diagnostic& d = diags.report(DiagKind::UnknownProperty, in.key->span, what, key);
      if (auto best = support::closest(key, spec.names())) {
        d.addHelp(fmt::format("did you mean `{}`?", *best));
        misspelt.push_back(*best);  // not also reported missing: one mistake, one error
      }
      else d.addNote(fmt::format("{} takes: {}", what, fmt::join(spec.names(), ", ")));
      ok = false;
      continue;
    }
    Value v;
    if (in.block) {
      if (prop->type.kind != TypeKind::Group || !prop->type.group) {
        diags.report(DiagKind::TypeMismatch, in.key->span, prop->type.describe(), "a block `{ ... }`")
            .addHelp(fmt::format("write `{} = {}`", key, exampleOf(prop->type)));
        ok = false;
        continue;
      }
      std::vector<FieldInput> nested;
      std::string nested_what = fmt::format("`{}`", key);
      blockInputs(*in.block, nested, nested_what, *prop->type.group, diags);
      v = evaluateGroup(*prop->type.group, nested, in.block->span, nested_what, scope, diags, partial);
    } else {
      v = evaluate(*in.value, prop->type, scope, diags);
      checkBounds(*prop, v, diags);
    }
    if (!v.ok() && v.absent) continue;  // `x = unset_optional_parameter`: as if not written
    ok &= v.ok();
    given.emplace_back(key, std::move(v));
  }
  if (partial) {
    out.fields = std::move(given);
    if (!ok) out.kind = TypeKind::Any;
    return out;
  }
  // Every declared property, in catalog order: given, defaulted or missing.
  for (const PropSpec& prop : spec.props) {
    auto it = std::find_if(given.begin(), given.end(), [&](const Field& f) { return f.name == prop.name; });
    if (it != given.end()) {
      out.fields.push_back(std::move(*it));
    } else if (prop.default_value) {
      // A default is reported, if ever, where the component is declared,
      // not in the catalog it came from.
      Value value = *prop.default_value;
      value.span = owner_span;
      out.fields.emplace_back(prop.name, std::move(value));
    } else if (prop.type.kind == TypeKind::Group && prop.type.group) {
      // An unwritten group is its defaults, or absent if it needs fields.
      bool needs = std::any_of(prop.type.group->props.begin(), prop.type.group->props.end(),
                               [](const PropSpec& p) { return p.required(); });
      if (!needs) {
        Diagnostics quiet(0);
        out.fields.emplace_back(prop.name, evaluateGroup(*prop.type.group, {}, owner_span, "", scope, quiet));
      }
    } else if (prop.required() && std::find(misspelt.begin(), misspelt.end(), prop.name) == misspelt.end()) {
      diags.report(missing, owner_span, what, prop.name)
          .addHelp(fmt::format("add `{} = {}` ({})", prop.name, exampleOf(prop.type), prop.type.describe()));
      ok = false;
    }
  }
  // On errors the fields written correctly stay readable (a pattern's good
  // arguments), but the group as a whole is not ok.
  if (!ok) out.kind = TypeKind::Any;
  return out;
}

}  // namespace arch::sema
