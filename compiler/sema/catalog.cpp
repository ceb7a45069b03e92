// Builds the catalog from `kind` declarations: properties with types,
// defaults and bounds, groups, enum variants and connection rules.
#include "compiler/sema/catalog.h"

#include <algorithm>

#include <fmt/format.h>

#include "compiler/modules/modules.h"
#include "compiler/sema/evaluate.h"
#include "compiler/support/suggest.h"

namespace arch::sema {
namespace {

constexpr std::string_view kMeanings[] = {"target",       "origin",  "alias",       "protects",
                                          "notification", "trigger", "subscription", "integration",
                                          "network",      "access",  "watches"};

class Builder {
 public:
  explicit Builder(Diagnostics& diags) : diags_(diags) {}

  std::unique_ptr<KindSpec> kind(const ast::TopDecl& d) {
    auto k = std::make_unique<KindSpec>();
    k->name = d.name.text;
    k->parent = d.parent ? d.parent->text : "";
    k->doc = d.doc;
    k->span = d.name.span;
    k->props.name = d.name.text;
    k->props.doc = d.doc;
    k->props.span = d.name.span;
    for (const ast::Attribute& a : d.attributes) placement(a, *k);
    group(d.body, k->props, k.get());
    return k;
  }

 private:
  void placement(const ast::Attribute& a, KindSpec& k) {
    const ast::RefExpr* arg = a.args.size() == 1 ? std::get_if<ast::RefExpr>(&a.args[0].value->node) : nullptr;
    std::string value = arg ? arg->path.str() : "";
    if (a.name.text == "placement" && (value == "required" || value == "optional")) {
      k.placement = value == "required" ? Placement::Required : Placement::Optional;
      return;
    }
    diags_.report(DiagKind::InvalidCatalog, a.span,
                  "a kind takes `@placement(required)` or `@placement(optional)`");
  }

  // Fills `spec` from a block of property declarations and nested groups.
  // Groups first, so that enum alternatives can name them in any order.
  void group(const ast::Block& block, GroupSpec& spec, KindSpec* kind) {
    for (const ast::Statement& s : block.statements) {
      const auto* n = std::get_if<ast::NestedBlock>(&s.node);
      if (!n) continue;
      if (kind && n->name.text == "connections") {
        connections(n->body, *kind);
        continue;
      }
      auto g = std::make_unique<GroupSpec>();
      g->name = n->name.text;
      g->span = n->name.span;
      g->doc = docOf(s);
      group(n->body, *g, nullptr);
      spec.groups.push_back(std::move(g));
    }
    for (const ast::Statement& s : block.statements) {
      if (const auto* p = std::get_if<ast::PropertyDecl>(&s.node)) {
        spec.props.push_back(property(*p, s.attributes, spec));
      } else if (const auto* n = std::get_if<ast::NestedBlock>(&s.node)) {
        if (kind && n->name.text == "connections") continue;
        // A group is also a property of group type, unless an enum uses it
        // as a variant's fields.
        const GroupSpec* g = findGroup(spec, n->name.text);
        if (usedAsVariant(block, n->name.text)) continue;
        PropSpec prop;
        prop.name = n->name.text;
        prop.type.kind = TypeKind::Group;
        prop.type.group = g;
        prop.doc = g ? g->doc : "";
        prop.span = n->name.span;
        spec.props.push_back(std::move(prop));
      } else {
        diags_.report(DiagKind::InvalidCatalog, s.span,
                      "a kind holds `name: type = default` declarations, groups and `connections`");
      }
    }
  }

  static bool usedAsVariant(const ast::Block& block, std::string_view name) {
    for (const ast::Statement& s : block.statements)
      if (const auto* p = std::get_if<ast::PropertyDecl>(&s.node); p && p->type.alternatives.size() > 1)
        for (const ast::TypeAtom& a : p->type.alternatives)
          if (a.name.text == name) return true;
    return false;
  }

  static const GroupSpec* findGroup(const GroupSpec& spec, std::string_view name) {
    for (const auto& g : spec.groups)
      if (g->name == name) return g.get();
    return nullptr;
  }

  static std::string docOf(const ast::Statement& s) {
    if (const auto* d = std::get_if<ast::Declaration>(&s.node)) return d->doc;
    if (const auto* p = std::get_if<ast::PropertyDecl>(&s.node)) return p->doc;
    return {};
  }

  PropSpec property(const ast::PropertyDecl& p, const std::vector<ast::Attribute>& attrs, const GroupSpec& owner) {
    PropSpec prop;
    prop.name = p.name.text;
    prop.span = p.name.span;
    prop.doc = p.doc;
    prop.type = resolveType(p.type, &owner, diags_);
    EmptyScope none;  // catalog defaults are literals
    if (p.default_value) prop.default_value = evaluate(*p.default_value, prop.type, none, diags_);
    for (const ast::Attribute& a : attrs) {
      if (a.name.text != "range" || a.args.size() != 2) {
        diags_.report(DiagKind::InvalidCatalog, a.span, "a property takes `@range(min, max)`");
        continue;
      }
      Type bound = prop.type.kind == TypeKind::Range && !prop.type.args.empty() ? prop.type.args[0] : prop.type;
      if (bound.kind == TypeKind::Range) bound = Type::of(TypeKind::Int);
      bound.optional = false;
      prop.min = evaluate(*a.args[0].value, bound, none, diags_);
      prop.max = evaluate(*a.args[1].value, bound, none, diags_);
    }
    return prop;
  }

  void connections(const ast::Block& block, KindSpec& kind) {
    for (const ast::Statement& s : block.statements) {
      const auto* d = std::get_if<ast::Declaration>(&s.node);
      if (!d) {
        diags_.report(DiagKind::InvalidCatalog, s.span, "`connections` holds `TO_KIND MEANING [{ ... }]` entries");
        continue;
      }
      ConnectionRule rule;
      rule.to_kind = d->kind.text;
      rule.meaning = d->name.text;
      rule.doc = d->doc;
      rule.span = d->kind.span;
      rule.accepts.name = fmt::format("{} -> {}", kind.name, rule.to_kind);
      if (std::find(std::begin(kMeanings), std::end(kMeanings), rule.meaning) == std::end(kMeanings))
        diags_.report(DiagKind::InvalidCatalog, d->name.span, fmt::format("unknown meaning `{}`", rule.meaning));
      if (d->body) group(*d->body, rule.accepts, nullptr);
      kind.connections.push_back(std::move(rule));
    }
  }

  Diagnostics& diags_;
};

}  // namespace

bool knownMeaning(std::string_view meaning) {
  return std::find(std::begin(kMeanings), std::end(kMeanings), meaning) != std::end(kMeanings);
}

const PropSpec* GroupSpec::find(std::string_view prop) const {
  for (const PropSpec& p : props)
    if (p.name == prop) return &p;
  return nullptr;
}

std::vector<std::string> GroupSpec::names() const {
  std::vector<std::string> out;
  for (const PropSpec& p : props) out.push_back(p.name);
  return out;
}

std::string KindSpec::summary() const { return doc.substr(0, doc.find('\n')); }

const ConnectionRule* KindSpec::connection(std::string_view to_kind) const {
  for (const ConnectionRule& r : connections)
    if (r.to_kind == to_kind) return &r;
  return nullptr;
}

const KindSpec* Catalog::find(std::string_view kind) const {
  auto it = kinds_.find(kind);
  return it == kinds_.end() ? nullptr : it->second.get();
}

namespace {

const GroupSpec* findOwnGroup(const GroupSpec* owner, std::string_view name) {
  if (owner)
    for (const auto& g : owner->groups)
      if (g->name == name) return g.get();
  return nullptr;
}

// One alternative that names a type: a primitive (with its arguments) or a
// group of the owner. Nothing when it is a plain name (an enum member).
std::optional<Type> namedType(const ast::TypeAtom& atom, const GroupSpec* owner, Diagnostics& diags) {
  Type out;
  if (!primitiveType(atom.name.text, out.kind)) {
    if (const GroupSpec* g = findOwnGroup(owner, atom.name.text); g && atom.args.empty()) {
      out.kind = TypeKind::Group;
      out.group = g;
      return out;
    }
    return std::nullopt;
  }
  if (out.kind == TypeKind::Ref) {
    for (const ast::TypeExpr& arg : atom.args)
      for (const ast::TypeAtom& a : arg.alternatives) out.names.push_back(a.name.text);
    return out;
  }
  for (const ast::TypeExpr& arg : atom.args) out.args.push_back(resolveType(arg, owner, diags));
  return out;
}

}  // namespace

Type resolveType(const ast::TypeExpr& t, const GroupSpec* owner, Diagnostics& diags) {
  std::vector<Type> types;
  Type members;  // the plain names: an enum
  members.kind = TypeKind::Enum;
  for (const ast::TypeAtom& atom : t.alternatives) {
    if (std::optional<Type> named = namedType(atom, owner, diags); named && t.alternatives.size() == 1) {
      named->optional = t.optional;
      return *named;
    } else if (named && named->kind != TypeKind::Group) {
      types.push_back(*named);
    } else {
      members.names.push_back(atom.name.text);
      members.variants.push_back(findOwnGroup(owner, atom.name.text));
    }
  }
  if (std::all_of(members.variants.begin(), members.variants.end(), [](const GroupSpec* g) { return !g; }))
    members.variants.clear();
  // A lone name that is almost a type is a typo, not a one-member enum.
  static const std::vector<std::string> kTypeNames = {"string", "int", "float", "bool", "duration", "size",
                                                      "money", "percent", "cidr", "port", "range", "list",
                                                      "map", "ref"};
  static constexpr std::pair<std::string_view, std::string_view> kAliases[] = {
      {"integer", "int"}, {"str", "string"}, {"text", "string"}, {"boolean", "bool"}, {"number", "float"},
      {"double", "float"}, {"time", "duration"}, {"bytes", "size"}, {"array", "list"}, {"dict", "map"},
      {"object", "map"}};
  if (types.empty() && members.names.size() == 1) {
    for (auto [alias, real] : kAliases)
      if (members.names[0] == alias) {
        diags.report(DiagKind::UnknownType, t.alternatives[0].name.span, members.names[0])
            .addHelp(fmt::format("did you mean `{}`?", real));
        return Type{};
      }
    if (auto best = support::closest(members.names[0], kTypeNames)) {
      diags.report(DiagKind::UnknownType, t.alternatives[0].name.span, members.names[0])
          .addHelp(fmt::format("did you mean `{}`?", *best));
      return Type{};
    }
  }
  Type out;
  if (types.empty()) {
    out = std::move(members);
  } else {
    out.kind = TypeKind::Union;
    out.alts = std::move(types);
    if (!members.names.empty()) out.alts.push_back(std::move(members));
  }
  out.optional = t.optional;
  return out;
}

Catalog buildCatalog(const modules::ModuleSet& modules, Diagnostics& diags) {
  Catalog catalog;
  Builder builder(diags);
  // The stdlib's kinds first, so that a program's kind of the same name is
  // the one reported.
  std::vector<const modules::Module*> order;
  for (const modules::Module& m : modules.modules)
    if (m.origin == modules::Origin::Catalog) order.push_back(&m);
  for (const modules::Module& m : modules.modules)
    if (m.origin != modules::Origin::Catalog) order.push_back(&m);
  for (const modules::Module* m : order)
    for (const ast::TopDecl& d : m->ast.decls)
      if (d.kind == ast::TopKind::Kind) {
        if (const KindSpec* existing = catalog.find(d.name.text)) {
          diags.report(DiagKind::DuplicateDefinition, d.name.span, d.name.text)
              .withLabel("declared again here")
              .addLabel(existing->span, "the catalog declares it here")
              .addHelp("give your kind another name");
          continue;
        }
        catalog.add(builder.kind(d));
      }
  return catalog;
}

}  // namespace arch::sema
