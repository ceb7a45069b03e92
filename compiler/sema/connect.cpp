// Connections: each arrow (and each route) is matched to the catalog rule
// for its pair of kinds, which gives it a meaning; its qualifiers — `on
// EVENT`, `(access)`, `: port` — and its body are checked against the rule.
#include <algorithm>

#include <fmt/format.h>

#include "compiler/sema/elaborate.h"
#include "compiler/support/suggest.h"

namespace arch::sema {
namespace {

constexpr std::string_view kQualifiers[] = {"event", "access", "port"};

bool isQualifier(std::string_view name) {
  return std::find(std::begin(kQualifiers), std::end(kQualifiers), name) != std::end(kQualifiers);
}

std::string validTargets(const KindSpec& kind) {
  std::vector<std::string> out;
  for (const ConnectionRule& r : kind.connections) out.push_back(fmt::format("`{}` ({})", r.to_kind, r.meaning));
  return out.empty() ? std::string("nothing: it is only ever the target of connections")
                     : fmt::format("{}", fmt::join(out, ", "));
}

bool checkMember(const PropSpec& spec, const ast::Name& name, std::string_view what, Diagnostics& diags) {
  const std::vector<std::string>& allowed = spec.type.names;
  if (std::find(allowed.begin(), allowed.end(), name.text) != allowed.end()) return true;
  Diagnostic& d = diags.report(DiagKind::InvalidQualifier, name.span, what, name.text);
  if (auto best = support::closest(name.text, allowed)) d.addHelp(fmt::format("did you mean `{}`?", *best));
  d.addNote(fmt::format("this connection takes {}", spec.type.describe()));
  return false;
}

bool validRoute(std::string_view spec) {
  static constexpr std::string_view kMethods[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"};
  std::size_t space = spec.find(' ');
  if (space == std::string_view::npos) return false;
  std::string_view method = spec.substr(0, space), path = spec.substr(space + 1);
  return std::find(std::begin(kMethods), std::end(kMethods), method) != std::end(kMethods) && !path.empty() &&
         path[0] == '/' && path.find(' ') == std::string_view::npos;
}

}  // namespace

void connect(Architecture& arch, const PendingConnection& p, const Catalog&, Diagnostics& diags) {
  InstanceScope& scope = *p.scope;
  std::optional<ComponentId> from, to;
  Span at = p.span;
  if (p.conn) {
    from = scope.component(p.conn->from, diags);
    to = scope.component(p.conn->to, diags);
    at = p.conn->arrow;
  } else {
    from = p.route_owner;
    to = scope.component(p.route->target, diags);
  }
  if (!from || !to) return;
  const Component& a = arch.components[*from];
  const Component& b = arch.components[*to];
  if (*from == *to) {
    diags.report(DiagKind::SelfConnection, p.span, a.name);
    return;
  }
  const ConnectionRule* rule = a.kind->connection(b.kind->name);
  if (!rule || (p.route && rule->meaning != "integration")) {
    Diagnostic& d = diags.report(DiagKind::InvalidConnection, at, a.kind->name, b.kind->name)
                        .withLabel(fmt::format("`{}` is a `{}`, `{}` a `{}`", a.name, a.kind->name, b.name, b.kind->name));
    if (p.route) d.message = fmt::format("a route of a `{}` cannot lead to a `{}`", a.kind->name, b.kind->name);
    d.addNote(fmt::format("a `{}` connects to {}", a.kind->name, validTargets(*a.kind)));
    if (!p.route && b.kind->connection(a.kind->name))
      d.addHelp(fmt::format("connections point from user to used: did you mean `{} -> {}`?", b.name, a.name));
    return;
  }

  Connection c;
  c.from = *from;
  c.to = *to;
  c.rule = rule;
  c.span = p.span;
  c.settings.kind = TypeKind::Group;
  c.settings.span = p.span;
  const PropSpec* event = rule->accepts.find("event");
  const PropSpec* access = rule->accepts.find("access");
  const PropSpec* port = rule->accepts.find("port");
  bool ok = true;

  if (p.route) {
    std::string spec = p.route->spec.plainText();
    if (!p.route->spec.isPlain() || !validRoute(spec)) {
      diags.report(DiagKind::InvalidQualifier, p.route->spec.span, "route", spec)
          .addHelp("write a method and a path: `route \"GET /users/{id}\" -> handler`")
          .addNote("methods: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY");
      ok = false;
    }
    Value v;
    v.kind = TypeKind::String;
    v.text = spec;
    v.span = p.route->spec.span;
    c.settings.fields.emplace_back("route", std::move(v));
  }

  const ast::Connection* conn = p.conn;
  if (conn && conn->event) {
    if (!event) {
      diags.report(DiagKind::QualifierNotAllowed, conn->event->span, "event").addHelp("remove `on ...`");
      ok = false;
    } else if (checkMember(*event, *conn->event, "event", diags)) {
      c.event = conn->event->text;
    } else {
      ok = false;
    }
  } else if (event && event->default_value) {
    c.event = event->default_value->text;
  } else if (event && !event->type.optional) {
    diags.report(DiagKind::MissingEvent, at)
        .addHelp(fmt::format("write `{} -> {} on {}`", a.name, b.name,
                             event->type.names.empty() ? "EVENT" : event->type.names[0]))
        .addNote(fmt::format("events: {}", fmt::join(event->type.names, ", ")));
    ok = false;
  }

  if (conn && !conn->access.empty()) {
    if (!access) {
      diags.report(DiagKind::QualifierNotAllowed, conn->access[0].span, "access modes").addHelp("remove `(...)`");
      ok = false;
    } else {
      for (const ast::Name& mode : conn->access) {
        if (checkMember(*access, mode, "access mode", diags)) c.access.push_back(mode.text);
        else ok = false;
      }
    }
  } else if (access && access->default_value) {
    c.access.push_back(access->default_value->text);
  }

  if (conn && conn->port) {
    if (!port) {
      diags.report(DiagKind::QualifierNotAllowed, conn->port->span, "port").addHelp("remove `: ...`");
      ok = false;
    } else {
      Value v = evaluate(*conn->port, port->type, scope, diags);
      ok &= v.ok();
      c.settings.fields.emplace_back("port", std::move(v));
    }
  }

  // The body: the rule's other properties.
  GroupSpec body_spec;
  body_spec.name = rule->accepts.name;
  for (const PropSpec& prop : rule->accepts.props)
    if (!isQualifier(prop.name)) body_spec.props.push_back(prop);
  std::vector<FieldInput> inputs;
  const ast::Block* body = conn && conn->body ? &*conn->body : (p.route && p.route->body ? &*p.route->body : nullptr);
  if (body) {
    for (const ast::Statement& s : body->statements) {
      if (const auto* asg = std::get_if<ast::Assignment>(&s.node); asg && asg->target.parts.size() == 1) {
        inputs.push_back({&asg->target.parts[0], asg->value.get(), nullptr});
      } else if (const auto* n = std::get_if<ast::NestedBlock>(&s.node)) {
        inputs.push_back({&n->name, nullptr, &n->body});
      } else {
        diags.report(DiagKind::UnknownProperty, s.span, "a connection", "").message =
            "a connection's block holds only its settings";
        ok = false;
      }
    }
  }
  Value settings = evaluateGroup(body_spec, inputs, at, fmt::format("the connection `{} -> {}`", a.name, b.name),
                                 scope, diags);
  if (!settings.ok()) return;
  for (auto& field : settings.fields) c.settings.fields.push_back(std::move(field));
  if (!ok) return;

  if (!p.route) {
    for (const Connection& other : arch.connections) {
      if (other.from == c.from && other.to == c.to && other.event == c.event &&
          !other.settings.field("route") && !c.settings.field("path") && !other.settings.field("path")) {
        Diagnostic& d = diags.report(DiagKind::DuplicateConnection, at, a.name, b.name);
        d.addLabel(other.span, "first connected here");
        if (!c.access.empty() && c.access != other.access) {
          std::vector<std::string> modes = other.access;
          for (const std::string& m : c.access)
            if (std::find(modes.begin(), modes.end(), m) == modes.end()) modes.push_back(m);
          d.addHelp(fmt::format("write one connection with every mode: `{} -> {} ({})`", a.name, b.name, fmt::join(modes, ", ")));
        } else {
          d.addHelp("remove one of them");
        }
        return;
      }
    }
  }
  arch.connections.push_back(std::move(c));
}

}  // namespace arch::sema
