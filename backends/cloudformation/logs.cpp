// Where entry points write their request logs: a load balancer's access
// logs go to an S3 bucket (the only destination an ALB supports), a web
// ACL's to a CloudWatch Logs group named `aws-waf-logs-*` (the prefix WAF
// requires). Both are private, encrypted and expire.
#include <fmt/format.h>

#include "backends/cloudformation/template.h"

namespace arch::cloudformation {
namespace {

// The account Elastic Load Balancing writes access logs from, per region
// opened before August 2022 (AWS's "Attach a policy to your S3 bucket" table,
// also aws-cdk-lib's region-info fact table). Newer regions deliver as the
// service principal `logdelivery.elasticloadbalancing.amazonaws.com`.
struct ElbAccount {
  std::string_view region;
  std::string_view account;
};
constexpr ElbAccount kElbAccounts[] = {
    {"af-south-1", "098369216593"},     {"ap-east-1", "754344448648"},      {"ap-northeast-1", "582318560864"},
    {"ap-northeast-2", "600734575887"}, {"ap-northeast-3", "383597477331"}, {"ap-south-1", "718504428378"},
    {"ap-southeast-1", "114774131450"}, {"ap-southeast-2", "783225319266"}, {"ap-southeast-3", "589379963580"},
    {"ca-central-1", "985666609251"},   {"cn-north-1", "638102146993"},     {"cn-northwest-1", "037604701340"},
    {"eu-central-1", "054676820928"},   {"eu-north-1", "897822967062"},     {"eu-south-1", "635631232127"},
    {"eu-west-1", "156460612806"},      {"eu-west-2", "652711504416"},      {"eu-west-3", "009996457667"},
    {"me-south-1", "076674570225"},     {"sa-east-1", "507241528517"},      {"us-east-1", "127311923021"},
    {"us-east-2", "033677994240"},      {"us-gov-east-1", "190560391635"},  {"us-gov-west-1", "048591011584"},
    {"us-west-1", "027434742980"},      {"us-west-2", "797873946194"},
};

Json elbLogWriter(const std::string& region) {
  for (const ElbAccount& e : kElbAccounts)
    if (e.region == region)
      return Json{{"AWS", Template::sub(fmt::format("arn:${{AWS::Partition}}:iam::{}:root", e.account))}};
  return Json{{"Service", "logdelivery.elasticloadbalancing.amazonaws.com"}};
}

}  // namespace

Json denyInsecureTransport(const std::string& bucket) {
  return Json{{"Sid", "DenyInsecureTransport"},
              {"Effect", "Deny"},
              {"Principal", "*"},
              {"Action", "s3:*"},
              {"Resource", Json::array({Template::getAtt(bucket, "Arn"), Template::sub("${" + bucket + ".Arn}/*")})},
              {"Condition", Json{{"Bool", Json{{"aws:SecureTransport", "false"}}}}}};
}

Json& addPrivateBucket(Template& t, const std::string& id, const ir::Component& owner) {
  Json& b = t.add(id, "AWS::S3::Bucket", owner);
  b["BucketEncryption"] = Json{{"ServerSideEncryptionConfiguration",
                                Json::array({Json{{"ServerSideEncryptionByDefault", Json{{"SSEAlgorithm", "AES256"}}}}})}};
  b["PublicAccessBlockConfiguration"] = Json{{"BlockPublicAcls", true},
                                             {"BlockPublicPolicy", true},
                                             {"IgnorePublicAcls", true},
                                             {"RestrictPublicBuckets", true}};
  b["OwnershipControls"] = Json{{"Rules", Json::array({Json{{"ObjectOwnership", "BucketOwnerEnforced"}}})}};
  return b;
}

std::string emitAccessLogBucket(Template& t, const ir::Component& lb) {
  const std::string id = lb.id + "AccessLogs";
  // SSE-S3: ALB access logs do not support SSE-KMS.
  Json& b = addPrivateBucket(t, id, lb);
  b["LifecycleConfiguration"] = Json{
      {"Rules", Json::array({Json{{"Id", "expire-logs"},
                                  {"Status", "Enabled"},
                                  {"ExpirationInDays", (seconds(lb.prop("log_retention"), 90 * 86'400) + 86'399) / 86'400},
                                  {"AbortIncompleteMultipartUpload", Json{{"DaysAfterInitiation", 1}}}}})}};
  // Logs are evidence: deleting the stack keeps them (until they expire).
  t.resource(id)["DeletionPolicy"] = "Retain";
  t.resource(id)["UpdateReplacePolicy"] = "Retain";

  // Elastic Load Balancing may write under AWSLogs/<this account>/ only.
  const std::string policy = id + "Policy";
  Json& p = t.add(policy, "AWS::S3::BucketPolicy", lb, Tagging::None);
  p["Bucket"] = Template::ref(id);
  p["PolicyDocument"] = Json{
      {"Version", "2012-10-17"},
      {"Statement", Json::array({denyInsecureTransport(id),
                                 Json{{"Sid", "LoadBalancerWritesAccessLogs"},
                                      {"Effect", "Allow"},
                                      {"Principal", elbLogWriter(t.graph().region)},
                                      {"Action", "s3:PutObject"},
                                      {"Resource", Template::sub("${" + id + ".Arn}/AWSLogs/${AWS::AccountId}/*")}}})}};
  return policy;
}

void emitFirewallLogging(Template& t, const ir::Component& fw) {
  const std::string group = fw.id + "Logs";
  const std::string name = "aws-waf-logs-${AWS::StackName}-" + fw.id;
  Json& g = t.add(group, "AWS::Logs::LogGroup", fw);
  g["LogGroupName"] = Template::sub(name);
  g["RetentionInDays"] = logRetentionDays(seconds(fw.prop("log_retention"), 90 * 86'400) * 1000);

  // WAF wants the group's ARN without the `:*` that Fn::GetAtt Arn ends with.
  Json& c = t.add(fw.id + "Logging", "AWS::WAFv2::LoggingConfiguration", fw, Tagging::None);
  c["ResourceArn"] = Template::getAtt(fw.id, "Arn");
  c["LogDestinationConfigs"] =
      Json::array({Template::sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:" + name)});
  // Cookies and credentials stay out of the logs.
  c["RedactedFields"] = Json::array({Json{{"SingleHeader", Json{{"Name", "authorization"}}}},
                                     Json{{"SingleHeader", Json{{"Name", "cookie"}}}}});
  t.resource(fw.id + "Logging")["DependsOn"] = Json::array({group});
}

}  // namespace arch::cloudformation
