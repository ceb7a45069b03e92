// Private to backends/cloudformation/: the template being built, and the
// helpers every emitter uses (intrinsics, tags, metadata, parameters).
// Resources, parameters and outputs are sorted when written, so the output
// does not depend on the order of declarations.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/diag/diagnostic.h"
#include "compiler/ir/ir.h"

namespace arch::cloudformation {

using Json = nlohmann::ordered_json;

enum class Tagging { List, Map, None };

class Template {
 public:
  Template(const ir::Graph& graph, Diagnostics& diags) : graph_(graph), diags_(diags) {}

  const ir::Graph& graph() const { return graph_; }
  Diagnostics& diags() const { return diags_; }

  // Adds `Resources[id]` of `type`, made for `component` (its Metadata says
  // which and where from), tagged with the deployment's tags; returns its
  // Properties to fill.
  Json& add(const std::string& id, std::string_view type, const ir::Component& component,
            Tagging tagging = Tagging::List);
  Json& resource(const std::string& id) { return resources_[id]; }  // DependsOn, DeletionPolicy
  bool has(const std::string& id) const { return resources_.contains(id); }
  const std::map<std::string, Json>& resources() const { return resources_; }  // by logical ID

  // A deploy-time input (`param("CertificateArn")`), declared once.
  Json parameter(const std::string& name, std::string_view description = "");
  void output(const std::string& name, Json value, std::string_view description);

  static Json ref(const std::string& id) { return Json{{"Ref", id}}; }
  static Json getAtt(const std::string& id, std::string_view attr) {
    return Json{{"Fn::GetAtt", Json::array({id, std::string(attr)})}};
  }
  static Json sub(const std::string& text) { return Json{{"Fn::Sub", text}}; }

  // A string property: deferred parts (`${param:X}`) become Ref/Fn::Sub
  // of parameters.
  Json string(const sema::Value& v);
  Json string(const ir::Component& c, std::string_view prop) {
    const sema::Value* v = c.prop(prop);
    return v ? string(*v) : Json("");
  }
  Json tags(const ir::Component& c) const;  // [{Key, Value}], deployment tags + Name

  std::string dump() const;

 private:
  const ir::Graph& graph_;
  Diagnostics& diags_;
  // A node-based map: the Properties that add() returns stay valid while
  // further resources are added (an ordered_json object would move them).
  std::map<std::string, Json> resources_;
  Json parameters_ = Json::object();
  Json outputs_ = Json::object();
};

// Emitters, one per family of kinds (one file each). Each adds the
// resources of one component.
void emitNetwork(Template& t, ir::Index i);         // network.cpp: network, tier
void emitSecurityGroups(Template& t);               // security.cpp: from ingress/egress
void emitLoadBalancer(Template& t, ir::Index i);    // compute.cpp
void emitContainerService(Template& t, ir::Index i);
void emitDatabase(Template& t, ir::Index i);        // data.cpp
void emitDatabaseProxy(Template& t, ir::Index i);   // proxy.cpp
void emitFunction(Template& t, ir::Index i);        // serverless.cpp: function, queue, topic, bucket, secret
void emitQueue(Template& t, ir::Index i);
void emitTopic(Template& t, ir::Index i);
void emitBucket(Template& t, ir::Index i);
void emitSecret(Template& t, ir::Index i);
void emitRestApi(Template& t, ir::Index i);         // api.cpp
void emitHttpApi(Template& t, ir::Index i);
void emitCache(Template& t, ir::Index i);           // cache.cpp
void emitCdn(Template& t, ir::Index i);             // edge.cpp: cdn, firewall, dns_zone, static_site
void emitFirewall(Template& t, ir::Index i);
void emitDnsZone(Template& t, ir::Index i);
void emitStaticSite(Template& t, ir::Index i);
void emitAlarm(Template& t, ir::Index i);           // ops.cpp: alarm, budget
void emitBudget(Template& t, ir::Index i);
void emitDeploymentBudget(Template& t);             // ops.cpp: the deployment's own `budget`

// Physical names and RDS details shared by serverless.cpp, proxy.cpp,
// security.cpp and data.cpp.
std::string physicalName(const ir::Graph& g, const ir::Component& c, std::size_t max);
inline constexpr std::string_view kDatabaseUser = "archc";  // every database's master user
bool isAurora(const ir::Component& db);  // an Aurora cluster, not an RDS instance
std::optional<ir::Index> proxiedDatabase(const ir::Graph& g, ir::Index proxy);
// The rds-db:connect resource for connecting through `proxy` as kDatabaseUser.
Json databaseUserArn(const Template& t, ir::Index proxy);

// Reports that `component` cannot be emitted yet (E0703).
void notYet(Template& t, ir::Index i);
// Reports that `what` cannot be emitted yet (E0703), for notes and help.
Diagnostic& refuse(Template& t, Span span, const std::string& what);

// Shared pieces of emitters.
std::string digest(std::string_view text);  // stable, 10 hex digits (FNV-1a)
// A logical-ID part naming a value, not its position (`oncall@example.com`
// -> `OncallExampleCom` + 6 hex digits): reordering a list renames nothing.
std::string valueKey(std::string_view text);
std::vector<std::string> texts(const ir::Component& c, std::string_view key);  // a list<string> property
Json assumeRole(std::string_view service);   // trust policy for an AWS service principal
std::int64_t logRetentionDays(std::int64_t ms);  // rounded up to a value CloudWatch Logs accepts
std::int64_t seconds(const sema::Value* v, std::int64_t fallback);  // a duration in whole seconds
Json envValue(const Template& t, const ir::EnvVar& e);  // what an environment variable resolves to
// The `Environment` of compute `i`: its own `env` and what its connections add.
Json environment(Template& t, ir::Index i);

// Security-group rules between groups (logical IDs), as separate resources
// so that groups admitting each other form no cycle: `group` admits `peer`
// (ingress) or may send to it (egress), over TCP on `port`.
enum class Direction { Ingress, Egress };
void tcpRule(Template& t, const std::string& id, const ir::Component& owner, Direction direction,
             const std::string& group, const std::string& peer, std::int64_t port, const std::string& why);
// Inline egress that closes a group: CloudFormation otherwise opens all.
Json noEgress();

// Shared names of generated resources.
std::string securityGroupId(const ir::Component& c);  // `ApiSecurityGroup`
bool hasSecurityGroup(const ir::Graph& g, ir::Index i);
std::string subnetId(const ir::Component& tier, std::int64_t zone);  // `MainPublicSubnet1`
Json subnetsOf(const Template& t, ir::Index tier);   // [Ref subnet per zone]
// The subnet group of a data store (`<Id>SubnetGroup`) over its tier's
// subnets; `description` is the type's name for its description property.
std::string emitSubnetGroup(Template& t, const ir::Component& c, std::string_view type, std::string_view description);
std::int64_t zonesOf(const ir::Graph& g, ir::Index network);
// An IAM policy document allowing the graph's grants of `principal`: those
// of its code, or with `at_launch` those of what starts it (null: none).
Json grantsPolicy(const Template& t, ir::Index principal, bool at_launch = false);
// A load balancer that is a cdn's origin forwards only requests with a
// header whose value is a generated secret, which the cdn sends
// (compute.cpp): a dynamic reference, resolved when the stack deploys.
inline constexpr std::string_view kOriginVerifyHeader = "X-Origin-Verify";
bool behindCdn(const ir::Graph& g, ir::Index lb);
Json originVerifyValue(const ir::Component& lb);
// CloudFront reading S3 origins (edge.cpp): the origin access control of a
// bucket or static site, and the bucket-policy statement that lets only the
// distributions with it as an origin read its objects (null: none do).
std::string oacId(const ir::Component& bucket);
void emitOriginAccessControl(Template& t, ir::Index bucket);
Json cloudFrontReadStatement(const Template& t, ir::Index bucket);
// A bucket nobody outside reaches but through its policy: SSE-S3, public
// access blocked, ACLs off (logs.cpp); returns its Properties.
Json& addPrivateBucket(Template& t, const std::string& id, const ir::Component& owner);
// The bucket-policy statement that denies every request without TLS.
Json denyInsecureTransport(const std::string& bucket);
// Log destinations (logs.cpp): a load balancer's access-log bucket (returns
// the bucket policy the load balancer must wait for) and a firewall's
// request logging.
std::string emitAccessLogBucket(Template& t, const ir::Component& lb);
void emitFirewallLogging(Template& t, const ir::Component& fw);
// A web ACL's name, also its metric name (an Fn::Sub text), and whether it
// protects a cdn (scope CLOUDFRONT) rather than regional resources.
std::string firewallName(const ir::Component& fw);
bool protectsCdn(const ir::Graph& g, ir::Index fw);
// The ARN of a component's main resource (for policies), and the ARN
// pattern of its objects (buckets).
Json arnOf(const Template& t, ir::Index i);

}  // namespace arch::cloudformation
