// Databases in the isolated tier's subnet group, encrypted, never public,
// backed up, protected from deletion, with the master password managed by
// RDS in Secrets Manager (readable by the compute that connects to it,
// through the grants). RDS engines are one instance (Multi-AZ: a standby)
// plus read replicas; Aurora engines a cluster with a writer and readers,
// under the database's identifier so that endpoints, secrets and proxies
// name it the same way.
#include <algorithm>

#include <fmt/format.h>

#include "backends/cloudformation/template.h"

namespace arch::cloudformation {
namespace {

// Performance Insights is on by default, where RDS offers it: not for
// MySQL on the micro and small burstable classes.
bool insights(const ir::Component& db) {
  std::string cls = db.text("instance");
  bool small = cls.rfind("db.t", 0) == 0 && (cls.find(".micro") != std::string::npos || cls.find(".small") != std::string::npos);
  return db.flag("insights") && !(db.text("engine") == "mysql" && small);
}

void emitRdsInstance(Template& t, const ir::Component& db, const std::string& group) {
  Json& p = t.add(db.id, "AWS::RDS::DBInstance", db);
  p["Engine"] = db.text("engine");
  if (!db.text("version").empty()) p["EngineVersion"] = db.text("version");
  p["DBInstanceClass"] = db.text("instance");
  const sema::Value* storage = db.prop("storage");
  std::int64_t low = storage ? storage->number : 20LL << 30, high = storage ? storage->number2 : 0;
  p["AllocatedStorage"] = std::to_string(low >> 30);
  if (storage && storage->kind == sema::TypeKind::Range && high > low) p["MaxAllocatedStorage"] = high >> 30;
  if (!db.text("storage_type").empty()) p["StorageType"] = db.text("storage_type");
  p["StorageEncrypted"] = db.flag("encrypted", true);
  p["MultiAZ"] = db.flag("multi_az", true);
  p["PubliclyAccessible"] = false;
  p["DBSubnetGroupName"] = Template::ref(group);
  p["VPCSecurityGroups"] = Json::array({Template::getAtt(securityGroupId(db), "GroupId")});
  p["MasterUsername"] = std::string(kDatabaseUser);
  p["ManageMasterUserPassword"] = true;
  p["BackupRetentionPeriod"] = db.number("backups", 7LL * 86'400'000) / 86'400'000;
  p["DeletionProtection"] = db.flag("deletion_protection", true);
  p["CopyTagsToSnapshot"] = true;
  p["EnableIAMDatabaseAuthentication"] = db.flag("iam_auth");
  p["AutoMinorVersionUpgrade"] = db.flag("auto_minor_upgrade", true);
  p["EnablePerformanceInsights"] = insights(db);
  if (!db.text("db_name").empty()) p["DBName"] = db.text("db_name");
  if (std::int64_t port = db.number("port", 0)) p["Port"] = std::to_string(port);

  // Read replicas copy the source's storage, encryption and subnet group;
  // they take its class and security group.
  for (std::int64_t n = 1; n <= db.number("replicas", 0); ++n) {
    Json& r = t.add(fmt::format("{}Replica{}", db.id, n), "AWS::RDS::DBInstance", db);
    r["SourceDBInstanceIdentifier"] = Template::ref(db.id);
    r["DBInstanceClass"] = db.text("instance");
    r["PubliclyAccessible"] = false;
    r["VPCSecurityGroups"] = Json::array({Template::getAtt(securityGroupId(db), "GroupId")});
    r["AutoMinorVersionUpgrade"] = db.flag("auto_minor_upgrade", true);
    r["EnablePerformanceInsights"] = insights(db);
    r["CopyTagsToSnapshot"] = true;
  }
}

// Aurora: the cluster holds the data, the credentials and the endpoints;
// its instances hold only compute. Multi-AZ is a reader in another zone.
void emitAuroraCluster(Template& t, const ir::Component& db, const std::string& group) {
  bool postgres = db.text("engine") == "aurora_postgres";
  Json& c = t.add(db.id, "AWS::RDS::DBCluster", db);
  c["Engine"] = postgres ? "aurora-postgresql" : "aurora-mysql";
  if (!db.text("version").empty()) c["EngineVersion"] = db.text("version");
  c["StorageEncrypted"] = db.flag("encrypted", true);
  c["DBSubnetGroupName"] = Template::ref(group);
  c["VpcSecurityGroupIds"] = Json::array({Template::getAtt(securityGroupId(db), "GroupId")});
  c["MasterUsername"] = std::string(kDatabaseUser);
  c["ManageMasterUserPassword"] = true;
  // Aurora keeps at least one day of backups.
  c["BackupRetentionPeriod"] = std::max<std::int64_t>(1, db.number("backups", 7LL * 86'400'000) / 86'400'000);
  c["DeletionProtection"] = db.flag("deletion_protection", true);
  c["CopyTagsToSnapshot"] = true;
  c["EnableIAMDatabaseAuthentication"] = db.flag("iam_auth");
  if (!db.text("db_name").empty()) c["DatabaseName"] = db.text("db_name");
  if (std::int64_t port = db.number("port", 0)) c["Port"] = port;

  std::int64_t instances = 1 + std::max<std::int64_t>(db.number("replicas", 0), db.flag("multi_az", true) ? 1 : 0);
  for (std::int64_t n = 1; n <= instances; ++n) {
    Json& p = t.add(fmt::format("{}Instance{}", db.id, n), "AWS::RDS::DBInstance", db);
    p["Engine"] = c["Engine"];
    p["DBClusterIdentifier"] = Template::ref(db.id);
    p["DBInstanceClass"] = db.text("instance");
    p["DBSubnetGroupName"] = Template::ref(group);
    p["PubliclyAccessible"] = false;
    p["AutoMinorVersionUpgrade"] = db.flag("auto_minor_upgrade", true);
    p["EnablePerformanceInsights"] = insights(db);
  }
}

}  // namespace

bool isAurora(const ir::Component& db) { return db.text("engine").rfind("aurora", 0) == 0; }

void emitDatabase(Template& t, ir::Index i) {
  const ir::Graph& g = t.graph();
  const ir::Component& db = g.components[i];
  if (!db.tier) {
    t.diags().report(DiagKind::NotYetEmitted, db.span, fmt::format("database `{}` outside a tier", db.name));
    return;
  }
  const std::string group = emitSubnetGroup(t, db, "AWS::RDS::DBSubnetGroup", "DBSubnetGroupDescription");

  if (isAurora(db)) emitAuroraCluster(t, db, group);
  else emitRdsInstance(t, db, group);
  // Replacing or deleting the stack keeps a final snapshot (of the cluster,
  // for Aurora: its instances hold no data).
  const char* policy = db.flag("final_snapshot", true) ? "Snapshot" : "Delete";
  t.resource(db.id)["DeletionPolicy"] = policy;
  t.resource(db.id)["UpdateReplacePolicy"] = policy;
  t.output(db.id + "Endpoint", Template::getAtt(db.id, "Endpoint.Address"), fmt::format("endpoint of database `{}`", db.name));
}

}  // namespace arch::cloudformation
