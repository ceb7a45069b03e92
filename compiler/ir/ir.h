// The IR: one architecture as deployed by one deployment, as a component
// graph with everything a backend needs already decided — defaults filled,
// overrides applied, and the consequences of each connection derived
// (network rules, permissions, event wiring, environment variables).
// Backends read only this; it knows nothing of any backend.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/sema/raw_value.h"
#include "compiler/sema/value.h"
#include "compiler/source/source.h"

namespace arch::ir {

using Index = std::uint32_t;  // a component's position in Graph::components

struct Origin {
  std::string file;  // as given on the command line, or <stdlib>/...
  std::uint32_t line = 0;
};

struct Component {
  std::string name;        // hierarchical: `app.db`
  std::string id;          // stable identifier derived from the name: `AppDb`
  std::string kind;        // catalog kind: `database`
  sema::Value props;       // every property, defaults filled, overrides applied
  std::optional<Index> parent;   // the component it is declared in (a tier's network)
  std::optional<Index> tier;     // `in tier`
  std::optional<Index> network;  // the network of its tier (or its own, for a tier)
  std::vector<std::string> allowed;  // checks waived with @allow
  Origin origin;
  Span span;  // for diagnostics of the backends

  const sema::Value* prop(std::string_view key) const { return props.field(key); }
  std::string text(std::string_view key) const;
  std::int64_t number(std::string_view key, std::int64_t fallback = 0) const;
  bool flag(std::string_view key, bool fallback = false) const;
};

// An arrow, with the meaning the catalog gives it.
struct Connection {
  Index from = 0, to = 0;
  std::string meaning;  // target, origin, alias, protects, notification, trigger, ...
  std::string event;
  std::vector<std::string> access;
  sema::Value settings;  // port, path, route, batch_size, ...
  Span span;
};

// `target` accepts `port` on TCP from `source`'s network identity (security
// group) only: derived from connections, never written by hand.
struct Ingress {
  Index target = 0;
  Index source = 0;
  std::int64_t port = 0;
  std::string why;  // "web -> api : 3000", for descriptions
};

// What a resource may do, scoped to one other resource: least privilege
// per connection. `actions` are service-qualified (`sqs:SendMessage`);
// `scope` says which of the resource's ARNs: the resource itself, its
// objects (`/*` for buckets), or both.
// Secret: the credentials secret the resource (a database) manages.
// DatabaseUser: connecting through the resource (an RDS Proxy) as the
// database's user, with an IAM token.
enum class GrantScope : std::uint8_t { Resource, Objects, Secret, DatabaseUser };
struct Grant {
  Index principal = 0;  // the compute that acts
  Index resource = 0;   // what it acts on
  std::vector<std::string> actions;
  GrantScope scope = GrantScope::Resource;
  // Held by what starts the compute (ECS's execution role), not by its code:
  // the platform reads the value and hands it over.
  bool at_launch = false;
};

// `source` may send to `target`'s port; with no target, HTTPS to anywhere
// (AWS APIs, image registries). Everything else outbound is closed.
struct Egress {
  Index source = 0;
  std::optional<Index> target;
  std::int64_t port = 0;
  std::string why;
};

// An environment variable telling code where something is.
// SecretValue: the value of a secret, injected when the compute starts.
enum class EnvValue : std::uint8_t { Name, Url, Arn, Endpoint, Port, SecretArn, SecretValue };
struct EnvVar {
  Index component = 0;  // whose environment
  std::string name;     // `JOBS_QUEUE_URL`
  Index target = 0;     // what it points at
  EnvValue value = EnvValue::Name;
  std::int64_t port = 0;  // a Port known when lowering (a proxy's); 0: the target reports it
};

// A resource written for one backend in its own terms
// (`cloudformation "AWS::SSM::Parameter" flags { ... }`): only the backend
// named `backend` emits it, the others leave it to that one. Deployment
// settings are filled into its strings like into components' properties.
// References in `props` index Graph::components or Graph::raw.
struct RawResource {
  std::string backend;  // `cloudformation`, `terraform`
  std::string type;     // `AWS::SSM::Parameter`
  std::string name;     // `app.flags`
  std::string id;       // stable identifier, as for components: `AppFlags`
  sema::RawValue props;
  Origin origin;
  Span span;            // its name
  Span type_span;       // its type string
};

// `override api.service { HealthCheckGracePeriodSeconds = 60 }`: properties
// laid over the resource `backend` generates for `component` under `role`
// (empty: the component's own resource). The property names are the
// backend's, so only that backend applies it.
struct ResourceOverride {
  std::string backend = "cloudformation";
  Index component = 0;
  std::string role;
  sema::RawValue props;  // an Object; blocks (`merge`) merge, `=` replaces
  Origin origin;
  Span span;             // the path
};

struct Graph {
  std::string architecture;
  std::string deployment;  // "" when the program has none
  std::string region;      // "" : the stack's region
  Span span;               // the deployment's name (or the architecture's)
  std::map<std::string, std::string> tags;  // sorted: deterministic output
  sema::Value settings;    // the deployment's settings (budget, release, ...)
  std::vector<Component> components;
  std::vector<Connection> connections;
  std::vector<Ingress> ingress;
  std::vector<Egress> egress;
  std::vector<Grant> grants;
  std::vector<EnvVar> env;
  std::vector<RawResource> raw;
  // The architecture's resource overrides, then the deployment's: later
  // ones win.
  std::vector<ResourceOverride> resource_overrides;

  std::vector<const Connection*> from(Index i) const;
  std::vector<const Connection*> to(Index i) const;
  std::vector<Index> ofKind(std::string_view kind) const;
};

// The stable identifier of a name: `app.db` -> `AppDb`, `jobs_dlq` -> `JobsDlq`.
std::string identifier(std::string_view name);

}  // namespace arch::ir
