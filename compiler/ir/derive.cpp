// What each connection implies, for every backend alike: which network
// identity may reach which on what port (ingress and egress), which
// permissions compute gets on which resource (least privilege, per
// connection), and which environment variables tell code where things are.
#include <algorithm>
#include <cctype>
#include <optional>

#include <fmt/format.h>

#include "compiler/ir/lower.h"

namespace arch::ir {
namespace {

// The database behind a proxy.
std::optional<Index> databaseOf(const Graph& g, Index proxy) {
  const sema::Value* db = g.components[proxy].prop("database");
  if (db && db->ok() && db->kind == sema::TypeKind::Ref) return db->ref;
  return std::nullopt;
}

// The proxy of `database { proxy = true }` (lower.cpp adds it as `db.proxy`).
std::optional<Index> builtInProxy(const Graph& g, Index db) {
  for (Index i = 0; i < g.components.size(); ++i)
    if (g.components[i].kind == "database_proxy" && g.components[i].parent == db) return i;
  return std::nullopt;
}

// The port a data store listens on: its own `port`, else its engine's. An
// RDS Proxy listens on its engine's standard port, whatever the database's.
std::int64_t servicePort(const Graph& g, Index i) {
  const Component& c = g.components[i];
  if (c.kind == "database_proxy") {
    std::optional<Index> db = databaseOf(g, i);
    std::string engine = db ? g.components[*db].text("engine") : "";
    return engine == "mysql" || engine == "aurora_mysql" ? 3306 : 5432;
  }
  if (std::int64_t p = c.number("port", 0)) return p;
  std::string engine = c.text("engine");
  if (engine == "mysql" || engine == "aurora_mysql") return 3306;
  if (engine == "postgres" || engine == "aurora_postgres") return 5432;
  if (engine == "memcached") return 11211;
  if (engine == "redis" || engine == "valkey") return 6379;
  return c.kind == "container_service" ? 80 : 443;
}

std::string envName(const Component& c, std::string_view suffix) {
  std::string local = c.name.substr(c.name.rfind('.') + 1);
  std::string out;
  for (char ch : local) out += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return out + "_" + std::string(suffix);
}

bool has(const std::vector<std::string>& modes, std::string_view mode) {
  return std::find(modes.begin(), modes.end(), mode) != modes.end();
}

void accessGrants(Graph& g, const Connection& c) {
  const Component& target = g.components[c.to];
  const std::vector<std::string>& modes = c.access;
  auto grant = [&](std::vector<std::string> actions, GrantScope scope) {
    g.grants.push_back(Grant{c.from, c.to, std::move(actions), scope});
  };
  if (target.kind == "bucket") {
    bool read = has(modes, "read") || has(modes, "read_write");
    bool write = has(modes, "write") || has(modes, "read_write");
    if (read) {
      grant({"s3:ListBucket"}, GrantScope::Resource);
      grant({"s3:GetObject"}, GrantScope::Objects);
    }
    if (write) grant({"s3:AbortMultipartUpload", "s3:PutObject"}, GrantScope::Objects);
    g.env.push_back(EnvVar{c.from, envName(target, "BUCKET"), c.to, EnvValue::Name});
  } else if (target.kind == "queue") {
    if (has(modes, "send")) grant({"sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"}, GrantScope::Resource);
    if (has(modes, "receive"))
      grant({"sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"},
            GrantScope::Resource);
    g.env.push_back(EnvVar{c.from, envName(target, "QUEUE_URL"), c.to, EnvValue::Url});
  } else if (target.kind == "topic") {
    grant({"sns:Publish"}, GrantScope::Resource);
    g.env.push_back(EnvVar{c.from, envName(target, "TOPIC_ARN"), c.to, EnvValue::Arn});
  } else if (target.kind == "secret" && g.components[c.from].kind == "container_service") {
    // ECS injects the value at start-up: the code never holds a right to
    // read it (`STRIPE_KEY`, from the task definition's Secrets).
    g.grants.push_back(Grant{c.from, c.to, {"secretsmanager:GetSecretValue"}, GrantScope::Resource, true});
    std::string name = envName(target, "");
    g.env.push_back(EnvVar{c.from, name.substr(0, name.size() - 1), c.to, EnvValue::SecretValue});
  } else if (target.kind == "secret") {
    grant({"secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"}, GrantScope::Resource);
    g.env.push_back(EnvVar{c.from, envName(target, "SECRET_ARN"), c.to, EnvValue::Arn});
  }
}

void networkRules(Graph& g, Index from, Index to, std::int64_t port) {
  std::string why = fmt::format("{} -> {}", g.components[from].name, g.components[to].name);
  g.ingress.push_back(Ingress{to, from, port, why});
  g.egress.push_back(Egress{from, to, port, why});
}

// `compute -> database | cache | proxy`: the network path, where the code
// finds it, and the credentials. Functions reach a database with
// `proxy = true` through its proxy; a proxy with IAM authentication is
// entered with an IAM token (rds-db:connect), so the compute never holds the
// database's password.
void networkConnection(Graph& g, const Connection& c) {
  const Component& from = g.components[c.from];
  const Component& to = g.components[c.to];
  Index entry = c.to;
  if (from.kind == "function" && to.kind == "database")
    if (std::optional<Index> proxy = builtInProxy(g, c.to)) entry = *proxy;
  const sema::Value* p = c.settings.field("port");
  std::int64_t port = p && p->ok() ? p->number : servicePort(g, entry);
  // Only compute inside the network has a network identity to admit.
  if (from.tier || from.kind == "container_service") networkRules(g, c.from, entry, port);
  // The database the credentials are for: the entry, or the one behind it.
  bool via_proxy = g.components[entry].kind == "database_proxy";
  Index db = entry;
  if (via_proxy) db = databaseOf(g, entry).value_or(entry);
  bool has_db = g.components[db].kind == "database";
  // The variables are named after the database, also through a proxy:
  // code asks for the database's host (`BOOKS_HOST`), whatever is in front.
  // A proxy reports no port: it listens on its engine's standard one.
  const Component& named = has_db ? g.components[db] : to;
  g.env.push_back(EnvVar{c.from, envName(named, "HOST"), entry, EnvValue::Endpoint});
  g.env.push_back(EnvVar{c.from, envName(named, "PORT"), entry, EnvValue::Port, via_proxy ? servicePort(g, entry) : 0});
  if (!has_db) return;
  if (via_proxy && g.components[entry].flag("iam_auth", true)) {
    g.grants.push_back(Grant{c.from, entry, {"rds-db:connect"}, GrantScope::DatabaseUser});
    return;
  }
  g.grants.push_back(Grant{c.from, db, {"secretsmanager:GetSecretValue"}, GrantScope::Secret});
  g.env.push_back(EnvVar{c.from, envName(named, "SECRET_ARN"), db, EnvValue::SecretArn});
}

}  // namespace

void derive(Graph& g) {
  for (const Connection& c : g.connections) {
    const Component& to = g.components[c.to];
    if (c.meaning == "target") {
      const sema::Value* p = c.settings.field("port");
      std::int64_t port = p && p->ok() ? p->number : to.number("port", 80);
      networkRules(g, c.from, c.to, port);
    } else if (c.meaning == "network") {
      networkConnection(g, c);
    } else if (c.meaning == "access") {
      accessGrants(g, c);
    } else if (c.meaning == "trigger") {
      // The function reads its own queue through the event source mapping.
      g.grants.push_back(Grant{c.to, c.from,
                               {"sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
                                "sqs:ReceiveMessage"},
                               GrantScope::Resource});
    }
  }
  for (Index i = 0; i < g.components.size(); ++i) {
    const Component& c = g.components[i];
    // Compute reaches AWS APIs and image registries over HTTPS.
    if (c.kind == "container_service" || (c.kind == "function" && c.tier))
      g.egress.push_back(Egress{i, std::nullopt, 443, "HTTPS to AWS APIs"});
    // A proxy reaches its database on the database's port.
    if (c.kind == "database_proxy" && c.tier)
      if (std::optional<Index> db = databaseOf(g, i); db && g.components[*db].tier)
        networkRules(g, i, *db, servicePort(g, *db));
  }
}

}  // namespace arch::ir
