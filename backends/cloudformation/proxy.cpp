// RDS Proxy: a `database_proxy` component (lowering also makes one,
// `db.proxy`, for `database db { proxy = true }`): AWS::RDS::DBProxy
// authenticating with the database's RDS-managed secret, through a role that
// may read that one secret only, and its default target group. Its network
// path (client -> proxy -> database) comes from the IR's ingress and egress
// like any other (security.cpp).
#include <fmt/format.h>

#include <cctype>

#include "backends/cloudformation/template.h"

namespace arch::cloudformation {


namespace {

bool isMysql(const ir::Component& db) {
  std::string e = db.text("engine");
  return e == "mysql" || e == "aurora_mysql";
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
  if (c.kind == "database_proxy")
    if (const sema::Value* db = c.prop("database"); db && db->ok() && db->kind == sema::TypeKind::Ref) return db->ref;
  return std::nullopt;
}


// Connecting through proxy `i` as the database's user with an IAM token: the
// rds-db ARN names the proxy's resource ID, the last part of its ARN.
Json databaseUserArn(const Template& t, ir::Index i) {
  const ir::Component& proxy = t.graph().components[i];
  Json id = Json{{"Fn::Select", Json::array({6, Json{{"Fn::Split", Json::array({":", Template::getAtt(proxy.id, "DBProxyArn")})}}})}};
  return Json{{"Fn::Sub", Json::array({"arn:${AWS::Partition}:rds-db:${AWS::Region}:${AWS::AccountId}:dbuser:${ProxyId}/" +
                                           std::string(kDatabaseUser),
                                       Json{{"ProxyId", id}}})}};
}

void emitDatabaseProxy(Template& t, ir::Index i) {
  const ir::Graph& g = t.graph();
  const ir::Component& owner = g.components[i];
  std::optional<ir::Index> db_index = proxiedDatabase(g, i);
  if (!db_index || !owner.tier || !hasSecurityGroup(g, i)) {
    t.diags().report(DiagKind::NotYetEmitted, owner.span, fmt::format("database proxy `{}` without a database and a tier", owner.name));
    return;
  }
  const ir::Component& db = g.components[*db_index];
  if (!db.tier) {
    t.diags().report(DiagKind::NotYetEmitted, owner.span, fmt::format("the RDS Proxy `{}` of database `{}`", owner.name, db.name))
        .addNote("RDS Proxy is emitted for databases in a tier");
    return;
  }
  const std::string& proxy = owner.id;
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
                                {"IAMAuth", owner.flag("iam_auth", true) ? "REQUIRED" : "DISABLED"},
                                {"Description", fmt::format("master credentials of database {}", db.name)}}});
  p["RequireTLS"] = owner.flag("require_tls", true);
  p["IdleClientTimeout"] = seconds(owner.prop("idle_timeout"), 1800);
  p["RoleArn"] = Template::getAtt(role, "Arn");
  p["VpcSubnetIds"] = subnetsOf(t, *owner.tier);
  p["VpcSecurityGroupIds"] = Json::array({Template::getAtt(securityGroupId(owner), "GroupId")});
  p["DebugLogging"] = false;  // would log SQL text, credentials included

  const sema::Value* pct = owner.prop("max_connections");
  Json& tg = t.add(proxy + "TargetGroup", "AWS::RDS::DBProxyTargetGroup", owner, Tagging::None);
  tg["DBProxyName"] = Template::ref(proxy);
  tg["TargetGroupName"] = "default";  // the only name RDS accepts
  tg[isAurora(db) ? "DBClusterIdentifiers" : "DBInstanceIdentifiers"] = Json::array({Template::ref(db.id)});
  tg["ConnectionPoolConfigurationInfo"] =
      Json{{"MaxConnectionsPercent", pct && pct->ok() ? pct->number / 100 : 100},
           {"ConnectionBorrowTimeout", seconds(owner.prop("borrow_timeout"), 120)}};

  t.output(proxy + "Endpoint", Template::getAtt(proxy, "Endpoint"), fmt::format("endpoint of the RDS Proxy of `{}`", db.name));
}

}  // namespace arch::cloudformation
