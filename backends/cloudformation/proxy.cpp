// RDS Proxy: a `database_proxy` component, or the proxy of a `database`
// with `proxy = true` (data.cpp calls emitBuiltInProxy). Either way:
// AWS::RDS::DBProxy authenticating with the database's RDS-managed secret,
// through a role that may read that one secret only; its default target
// group; and the network path client -> proxy -> database, each hop
// admitting only the previous one's security group.
//
// The IR has no proxy hop in its ingress yet: `handler -> db` derives
// "db admits handler". For a database with `proxy = true`, the proxy's
// own group and its rules are added here (the proxy admits the functions
// that reach the database; the database admits the proxy). For a
// `database_proxy` component, security.cpp makes its group from the IR
// (functions -> proxy) and this file adds proxy -> database.
#include <fmt/format.h>

#include <cctype>

#include "backends/cloudformation/template.h"

namespace arch::cloudformation {


namespace {

bool isMysql(const ir::Component& db) {
  std::string e = db.text("engine");
  return e == "mysql" || e == "aurora_mysql";
}

std::int64_t databasePort(const ir::Component& db) {
  if (std::int64_t p = db.number("port", 0)) return p;
  return isMysql(db) ? 3306 : 5432;
}

// The proxy `owner` (a database_proxy, or the database itself) in front of
// database `db`, in the subnets of `tier`, with security group `group`.
void emitProxy(Template& t, const ir::Component& owner, const ir::Component& db, ir::Index tier,
               const std::string& group, bool iam, bool tls, std::int64_t idle_s, std::int64_t max_percent,
               std::int64_t borrow_s) {
  const ir::Graph& g = t.graph();
  const std::string proxy = proxyResourceId(owner);
  const std::string role = proxy + "Role";
  const Json secret = Template::getAtt(db.id, "MasterUserSecret.SecretArn");

  // The proxy reads the database's credentials, and nothing else. The
  // RDS-managed secret is encrypted with the aws/secretsmanager key, whose
  // policy already admits use through Secrets Manager within the account.
  Json& r = t.add(role, "AWS::IAM::Role", owner);
  r["AssumeRolePolicyDocument"] = assumeRole("rds.amazonaws.com");
  r["Policies"] = Json::array({Json{
      {"PolicyName", "database-secret"},
      {"PolicyDocument", Json{{"Version", "2012-10-17"},
                              {"Statement", Json::array({Json{{"Effect", "Allow"},
                                                              {"Action", Json::array({"secretsmanager:GetSecretValue"})},
                                                              {"Resource", secret}}})}}}}});

  Json& p = t.add(proxy, "AWS::RDS::DBProxy", owner);
  p["DBProxyName"] = physicalName(g, owner, 60);
  p["EngineFamily"] = isMysql(db) ? "MYSQL" : "POSTGRESQL";
  p["Auth"] = Json::array({Json{{"AuthScheme", "SECRETS"},
                                {"SecretArn", secret},
                                {"IAMAuth", iam ? "REQUIRED" : "DISABLED"},
                                {"Description", fmt::format("master credentials of database `{}`", db.name)}}});
  p["RequireTLS"] = tls;
  p["IdleClientTimeout"] = idle_s;
  p["RoleArn"] = Template::getAtt(role, "Arn");
  p["VpcSubnetIds"] = subnetsOf(t, tier);
  p["VpcSecurityGroupIds"] = Json::array({Template::getAtt(group, "GroupId")});
  p["DebugLogging"] = false;  // would log SQL text, credentials included

  Json& tg = t.add(proxy + "TargetGroup", "AWS::RDS::DBProxyTargetGroup", owner, Tagging::None);
  tg["DBProxyName"] = Template::ref(proxy);
  tg["TargetGroupName"] = "default";  // the only name RDS accepts
  tg["DBInstanceIdentifiers"] = Json::array({Template::ref(db.id)});
  tg["ConnectionPoolConfigurationInfo"] = Json{{"MaxConnectionsPercent", max_percent}, {"ConnectionBorrowTimeout", borrow_s}};

  // proxy -> database, on the database's port.
  std::int64_t port = databasePort(db);
  std::string why = fmt::format("{} -> {} (RDS Proxy)", owner.kind == "database" ? owner.name + " proxy" : owner.name, db.name);
  tcpRule(t, fmt::format("{}From{}Ingress", db.id, proxy), db, Direction::Ingress, securityGroupId(db),
          group, port, why);
  tcpRule(t, fmt::format("{}To{}Egress", proxy, db.id), owner, Direction::Egress, group,
          securityGroupId(db), port, why);

  t.output(proxy + "Endpoint", Template::getAtt(proxy, "Endpoint"), fmt::format("endpoint of the RDS Proxy of `{}`", db.name));
}

}  // namespace

// `<arch>-<deployment>-<component>`, lower case, letters, digits and single
// hyphens, starting with a letter, at most `max` characters: a name that is
// the same on every build of the deployment (no stack name: its length is
// unknown at compile time).
std::string physicalName(const ir::Graph& g, const ir::Component& c, std::size_t max) {
  std::string raw = g.architecture + "-" + (g.deployment.empty() ? "" : g.deployment + "-") + c.name;
  std::string out;
  for (char ch : raw) {
    char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    bool alnum = std::isalnum(static_cast<unsigned char>(lower)) != 0;
    if (alnum) out += lower;
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  if (out.empty() || !std::isalpha(static_cast<unsigned char>(out[0]))) out = "a-" + out;
  if (out.size() > max) out.resize(max);
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::optional<ir::Index> proxiedDatabase(const ir::Graph& g, ir::Index i) {
  const ir::Component& c = g.components[i];
  if (c.kind == "database" && c.flag("proxy")) return i;
  if (c.kind == "database_proxy")
    if (const sema::Value* db = c.prop("database"); db && db->ok() && db->kind == sema::TypeKind::Ref) return db->ref;
  return std::nullopt;
}

std::string proxyResourceId(const ir::Component& c) { return c.kind == "database" ? c.id + "Proxy" : c.id; }

// RDS Proxy listens on the engine's standard port, whatever the database's.
std::int64_t proxyPort(const ir::Graph& g, ir::Index i) {
  std::optional<ir::Index> db = proxiedDatabase(g, i);
  return db && isMysql(g.components[*db]) ? 3306 : 5432;
}

// The proxy of `database { proxy = true }` takes database_proxy's defaults:
// IAM authentication and TLS required.
bool proxyUsesIam(const ir::Graph& g, ir::Index i) {
  const ir::Component& c = g.components[i];
  return c.kind == "database" ? true : c.flag("iam_auth", true);
}

void emitBuiltInProxy(Template& t, ir::Index i) {
  const ir::Graph& g = t.graph();
  const ir::Component& db = g.components[i];
  const std::string proxy = proxyResourceId(db);
  const std::string group = proxy + "SecurityGroup";
  Json& sg = t.add(group, "AWS::EC2::SecurityGroup", db);
  sg["GroupDescription"] = fmt::format("RDS Proxy of database {}: admits only the functions that reach it", db.name);
  sg["VpcId"] = Template::ref(g.components[*db.network].id + "Vpc");
  sg["SecurityGroupEgress"] = noEgress();
  // Functions reach the database through the proxy: the proxy admits them
  // on its port, and they may send there.
  std::int64_t port = proxyPort(g, i);
  for (const ir::Ingress& in : g.ingress) {
    if (in.target != i || !hasSecurityGroup(g, in.source) || g.components[in.source].kind != "function") continue;
    const ir::Component& src = g.components[in.source];
    std::string why = fmt::format("{} -> {} (RDS Proxy)", src.name, db.name);
    tcpRule(t, fmt::format("{}From{}Ingress", proxy, src.id), db, Direction::Ingress, group,
            securityGroupId(src), port, why);
    tcpRule(t, fmt::format("{}To{}Egress", src.id, proxy), src, Direction::Egress, securityGroupId(src),
            group, port, why);
  }
  emitProxy(t, db, db, *db.tier, group, proxyUsesIam(g, i), true, 1800, 100, 120);
}

void emitDatabaseProxy(Template& t, ir::Index i) {
  const ir::Graph& g = t.graph();
  const ir::Component& p = g.components[i];
  std::optional<ir::Index> db = proxiedDatabase(g, i);
  if (!db || !p.tier || !hasSecurityGroup(g, i)) {
    t.diags().report(DiagKind::NotYetEmitted, p.span, fmt::format("database proxy `{}` without a database and a tier", p.name));
    return;
  }
  const ir::Component& d = g.components[*db];
  if (d.text("engine").rfind("aurora", 0) == 0 || !d.tier) {
    t.diags().report(DiagKind::NotYetEmitted, p.span, fmt::format("the RDS Proxy `{}` of database `{}`", p.name, d.name))
        .addNote("RDS Proxy is emitted for RDS `postgres` and `mysql` databases in a tier");
    return;
  }
  const sema::Value* pct = p.prop("max_connections");
  std::int64_t percent = pct && pct->ok() ? pct->number / 100 : 100;
  emitProxy(t, p, d, *p.tier, securityGroupId(p), proxyUsesIam(g, i), p.flag("require_tls", true),
            seconds(p.prop("idle_timeout"), 1800), percent, seconds(p.prop("borrow_timeout"), 120));
}

}  // namespace arch::cloudformation
