// Where request logs go, by region: the load balancer's access-log bucket
// admits the region's Elastic Load Balancing account (regions opened before
// August 2022) or the log-delivery service principal (newer ones); the web
// ACL logs to a group named aws-waf-logs-*.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "compiler/driver/driver.h"

namespace fs = std::filesystem;
using namespace arch;

namespace {

nlohmann::json buildIn(const std::string& region, const std::string& lb_settings) {
  fs::path file = fs::temp_directory_path() / fmt::format("archc_logs_{}_{}.arch", ::getpid(), region);
  std::ofstream(file) << fmt::format(R"(architecture shop {{
  network main {{
    cidr = 10.0.0.0/16
    zones = 2
    tier public  {{ offset = 0 }}
    tier private {{ offset = 10 }}
  }}
  load_balancer web in public {{ {} }}
  firewall waf {{ log_retention = 30d }}
  waf -> web
}}
deployment live {{
  architecture = shop
  region = "{}"
}}
)",
                                     lb_settings, region);
  driver::Options options;
  options.files = {file.string()};
  options.render.format = DiagFormat::Short;
  options.include_dirs = {std::string(ARCHC_SOURCE_DIR) + "/stdlib"};
  driver::Result result;
  std::vector<backends::Artifact> files = driver::buildInMemory(options, driver::BuildOptions{}, result);
  fs::remove(file);
  INFO(result.diagnostics);
  REQUIRE(result.exit_code == 0);
  REQUIRE(files.size() == 1);
  return nlohmann::json::parse(files[0].content)["Resources"];
}

const nlohmann::json& statement(const nlohmann::json& res, std::string_view sid) {
  for (const auto& s : res["WebAccessLogsPolicy"]["Properties"]["PolicyDocument"]["Statement"])
    if (s["Sid"] == sid) return s;
  FAIL("no statement " << sid);
  static nlohmann::json none;
  return none;
}

}  // namespace

TEST_CASE("access logs of a load balancer in an older region admit the region's ELB account", "[build]") {
  nlohmann::json res = buildIn("eu-west-1", "");
  const auto& write = statement(res, "LoadBalancerWritesAccessLogs");
  CHECK(write["Principal"]["AWS"]["Fn::Sub"] == "arn:${AWS::Partition}:iam::156460612806:root");
  CHECK(write["Action"] == "s3:PutObject");
  CHECK(write["Resource"]["Fn::Sub"] == "${WebAccessLogs.Arn}/AWSLogs/${AWS::AccountId}/*");
  CHECK(statement(res, "DenyInsecureTransport")["Effect"] == "Deny");
  // The load balancer waits for the policy, names the bucket, and the
  // bucket keeps 90 days by default and outlives the stack.
  const auto& lb = res["WebLoadBalancer"];
  CHECK(lb["DependsOn"] == nlohmann::json::array({"WebAccessLogsPolicy"}));
  bool enabled = false, bucket = false;
  for (const auto& a : lb["Properties"]["LoadBalancerAttributes"]) {
    enabled |= a["Key"] == "access_logs.s3.enabled" && a["Value"] == "true";
    bucket |= a["Key"] == "access_logs.s3.bucket" && a["Value"]["Ref"] == "WebAccessLogs";
  }
  CHECK(enabled);
  CHECK(bucket);
  CHECK(res["WebAccessLogs"]["Properties"]["LifecycleConfiguration"]["Rules"][0]["ExpirationInDays"] == 90);
  CHECK(res["WebAccessLogs"]["DeletionPolicy"] == "Retain");
  CHECK(res["WebAccessLogs"]["Properties"]["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
           ["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256");
}

TEST_CASE("access logs of a load balancer in a newer region admit the log-delivery service", "[build]") {
  nlohmann::json res = buildIn("eu-central-2", "log_retention = 400d");
  const auto& write = statement(res, "LoadBalancerWritesAccessLogs");
  CHECK(write["Principal"] == nlohmann::json{{"Service", "logdelivery.elasticloadbalancing.amazonaws.com"}});
  CHECK(res["WebAccessLogs"]["Properties"]["LifecycleConfiguration"]["Rules"][0]["ExpirationInDays"] == 400);
}

TEST_CASE("without access logs there is no log bucket and no attribute", "[build]") {
  nlohmann::json res = buildIn("us-east-1", "access_logs = false");
  CHECK_FALSE(res.contains("WebAccessLogs"));
  CHECK_FALSE(res["WebLoadBalancer"].contains("DependsOn"));
  for (const auto& a : res["WebLoadBalancer"]["Properties"]["LoadBalancerAttributes"])
    CHECK(a["Key"].get<std::string>().rfind("access_logs", 0) == std::string::npos);
}

TEST_CASE("a web ACL logs to a group whose name WAF accepts", "[build]") {
  nlohmann::json res = buildIn("us-east-1", "");
  const auto& group = res["WafLogs"]["Properties"];
  std::string name = group["LogGroupName"]["Fn::Sub"];
  CHECK(name.rfind("aws-waf-logs-", 0) == 0);
  CHECK(group["RetentionInDays"] == 30);
  const auto& logging = res["WafLogging"];
  CHECK(logging["Type"] == "AWS::WAFv2::LoggingConfiguration");
  CHECK(logging["Properties"]["ResourceArn"]["Fn::GetAtt"][0] == "Waf");
  // The destination is the group's ARN without the `:*` of Fn::GetAtt Arn.
  std::string arn = logging["Properties"]["LogDestinationConfigs"][0]["Fn::Sub"];
  CHECK(arn.size() > name.size());
  CHECK(arn.compare(arn.size() - name.size(), name.size(), name) == 0);
  CHECK(logging["DependsOn"] == nlohmann::json::array({"WafLogs"}));
}
