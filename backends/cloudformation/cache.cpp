// Caches: ElastiCache for Redis OSS or Valkey, a replication group in the
// subnets of its tier, encrypted at rest and in transit, with a replica in
// another zone to fail over to, snapshots, and a security group that admits
// only what connects to it. A cache with `enabled = false` emits nothing.
#include <fmt/format.h>

#include "backends/cloudformation/template.h"

namespace arch::cloudformation {

void emitCache(Template& t, ir::Index i) {
  const ir::Graph& g = t.graph();
  const ir::Component& cache = g.components[i];
  if (!cache.flag("enabled", true)) return;
  std::string engine = cache.text("engine");
  if (engine == "memcached") {
    t.diags().report(DiagKind::NotYetEmitted, cache.span, fmt::format("a Memcached cache (`{}`)", cache.name))
        .addNote("Redis OSS and Valkey caches (replication groups) are emitted")
        .addHelp("use `engine = valkey`: it replicates, fails over and keeps snapshots");
    return;
  }
  if (!cache.tier) {
    t.diags().report(DiagKind::NotYetEmitted, cache.span, fmt::format("cache `{}` outside a tier", cache.name));
    return;
  }
  const std::string group = emitSubnetGroup(t, cache, "AWS::ElastiCache::SubnetGroup", "Description");

  std::int64_t replicas = cache.number("replicas", 1);
  bool failover = cache.flag("multi_az", true) && replicas >= 1;
  std::int64_t snapshot_days = cache.number("backups", 86'400'000) / 86'400'000;
  Json& p = t.add(cache.id, "AWS::ElastiCache::ReplicationGroup", cache);
  p["ReplicationGroupDescription"] = fmt::format("cache `{}` of {}", cache.name, g.architecture);
  p["Engine"] = engine.empty() ? "valkey" : engine;
  if (!cache.text("version").empty()) p["EngineVersion"] = cache.text("version");
  p["CacheNodeType"] = cache.text("instance").empty() ? "cache.t3.micro" : cache.text("instance");
  p["NumCacheClusters"] = replicas + 1;
  p["AutomaticFailoverEnabled"] = failover;
  p["MultiAZEnabled"] = failover;
  p["AtRestEncryptionEnabled"] = cache.flag("encrypted", true);
  p["TransitEncryptionEnabled"] = cache.flag("tls", true);
  p["CacheSubnetGroupName"] = Template::ref(group);
  p["SecurityGroupIds"] = Json::array({Template::getAtt(securityGroupId(cache), "GroupId")});
  p["SnapshotRetentionLimit"] = snapshot_days;
  p["AutoMinorVersionUpgrade"] = true;
  if (std::int64_t port = cache.number("port", 0)) p["Port"] = port;
  // Replacing or deleting the stack keeps a final snapshot when snapshots are kept.
  const char* policy = snapshot_days > 0 ? "Snapshot" : "Delete";
  t.resource(cache.id)["DeletionPolicy"] = policy;
  t.resource(cache.id)["UpdateReplacePolicy"] = policy;
  t.output(cache.id + "Endpoint", Template::getAtt(cache.id, "PrimaryEndPoint.Address"),
           fmt::format("primary endpoint of cache `{}`", cache.name));
}

}  // namespace arch::cloudformation
