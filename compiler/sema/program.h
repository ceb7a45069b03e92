// The checked program: what the semantic phase hands to the IR. Patterns are
// expanded, names resolved, every property typed with its default filled in,
// every connection matched to the catalog rule that gives it its meaning.
#pragma once

#include <string>
#include <vector>

#include "compiler/sema/catalog.h"
#include "compiler/sema/raw_value.h"

namespace arch::sema {

// `@allow(check, reason = "...")` on a component or declaration.
struct Allowance {
  std::string check;
  std::string reason;
  Span span;
};

struct Component {
  std::string name;   // hierarchical and unique: `main.public`, `app.db`
  const KindSpec* kind = nullptr;
  Value props;        // a Group: every property of the kind, defaults filled in
  std::optional<ComponentId> parent;     // the component it is declared in (tier in network)
  std::optional<ComponentId> placement;  // `in tier`
  std::vector<Allowance> allowances;
  Span span;          // its name in the source
  std::vector<Span> expansion;  // pattern instantiations it came from, innermost first
};

struct Connection {
  ComponentId from = 0, to = 0;
  const ConnectionRule* rule = nullptr;
  std::string event;                // `on EVENT`, or empty
  std::vector<std::string> access;  // `(read, write)`, or the rule's default
  Value settings;                   // a Group: port and the body's properties
  Span span;
};

// `cloudformation "AWS::SSM::Parameter" flags { ... }`: a resource written
// for one backend in its terms, for what the catalog does not cover. Only
// that backend emits it, checked against its schema.
struct RawResource {
  std::string backend;  // `cloudformation`, `terraform`
  std::string type;     // `AWS::SSM::Parameter`
  std::string name;     // hierarchical, like a component's: `app.flags`
  RawValue props;       // an Object: the body as written
  std::vector<Allowance> allowances;
  Span span;            // its name
  Span type_span;       // the type string
  std::vector<Span> expansion;  // pattern instantiations it came from, innermost first
};

// `override api.service { HealthCheckGracePeriodSeconds = 60 }`: properties
// laid over the resource a backend generates for a component with a role.
struct ResourceOverride {
  ComponentId component = 0;
  std::string role;     // `service`; empty: the component's own resource (`Db`)
  RawValue props;       // an Object: the properties, in the backend's terms
  std::vector<Allowance> allowances;
  Span span;            // the path
};

struct Architecture {
  std::string name;
  std::vector<Component> components;
  std::vector<Connection> connections;
  std::vector<RawResource> raw;
  std::vector<ResourceOverride> resource_overrides;
  Span span;
};

struct Deployment {
  std::string name;
  std::size_t architecture = 0;  // index into Program::architectures
  Value settings;                // a Group of the `deployment` kind
  // `override path { ... }`: the settings given, to be laid over the
  // component's own (only the fields written).
  std::vector<std::pair<ComponentId, Value>> overrides;
  // `override api.service { Property = ... }`: generated resources changed
  // for this deployment, after the architecture's own resource overrides.
  std::vector<ResourceOverride> resource_overrides;
  Span span;
};

struct Pipeline {
  std::string name;
  Value settings;  // a Group of the `pipeline` kind
  Span span;
};

struct Program {
  std::vector<Architecture> architectures;
  std::vector<Deployment> deployments;
  std::vector<Pipeline> pipelines;
  Catalog catalog;
};

}  // namespace arch::sema
