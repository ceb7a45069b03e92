// Databases: RDS in the isolated tier's subnet group, Multi-AZ, encrypted,
// never public, backed up, protected from deletion, with the master
// password managed by RDS in Secrets Manager (readable by the compute that
// connects to it, through the grants).
#include <fmt/format.h>

#include "backends/cloudformation/template.h"

namespace arch::cloudformation {


void emitDatabase(Template& t, ir::Index i) {
  const ir::Graph& g = t.graph();
  const ir::Component& db = g.components[i];
  std::string engine = db.text("engine");
  if (engine.rfind("aurora", 0) == 0) {
    t.diags().report(DiagKind::NotYetEmitted, db.span, fmt::format("an Aurora database (`engine = {}`)", engine))
        .addNote("RDS engines `postgres` and `mysql` are emitted");
    return;
  }
  if (!db.tier) {
    t.diags().report(DiagKind::NotYetEmitted, db.span, fmt::format("database `{}` outside a tier", db.name));
    return;
  }
  const std::string group = db.id + "SubnetGroup";
  Json& sg = t.add(group, "AWS::RDS::DBSubnetGroup", db);
  sg["DBSubnetGroupDescription"] = fmt::format("subnets of database `{}`", db.name);
  sg["SubnetIds"] = subnetsOf(t, *db.tier);

  Json& p = t.add(db.id, "AWS::RDS::DBInstance", db);
  p["Engine"] = engine;
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
  p["EnablePerformanceInsights"] = db.flag("insights");
  if (!db.text("db_name").empty()) p["DBName"] = db.text("db_name");
  if (std::int64_t port = db.number("port", 0)) p["Port"] = std::to_string(port);
  // Replacing or deleting the stack keeps a final snapshot.
  const char* policy = db.flag("final_snapshot", true) ? "Snapshot" : "Delete";
  t.resource(db.id)["DeletionPolicy"] = policy;
  t.resource(db.id)["UpdateReplacePolicy"] = policy;
  t.output(db.id + "Endpoint", Template::getAtt(db.id, "Endpoint.Address"), fmt::format("endpoint of database `{}`", db.name));
}

}  // namespace arch::cloudformation
