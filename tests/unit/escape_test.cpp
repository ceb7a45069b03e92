// The escape hatches in the CloudFormation backend, in memory: what raw
// resources and resource overrides become in the template (the goldens under
// tests/golden/build/ show whole templates; these pin the rules).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "backends/cloudformation/validate.h"
#include "backends/cloudformation/escape.h"
#include "compiler/driver/driver.h"

namespace fs = std::filesystem;
using namespace arch;

namespace {

const std::string kShop = R"(
architecture shop {
  network main { tier private { offset = 10 } }
  container_service api in private { image = "shop/api:latest" }
  bucket uploads
)";

// Builds `text` (a whole program) and returns its templates by deployment.
std::map<std::string, nlohmann::json> build(const std::string& text, driver::Result& result) {
  fs::path file = fs::temp_directory_path() / ("archc_escape_" + std::to_string(::getpid()) + ".arch");
  std::ofstream(file) << text;
  driver::Options options;
  options.files = {file.string()};
  options.render.format = DiagFormat::Short;
  options.include_dirs = {std::string(ARCHC_SOURCE_DIR) + "/stdlib"};
  std::map<std::string, nlohmann::json> out;
  for (const backends::Artifact& a : driver::buildInMemory(options, driver::BuildOptions{}, result))
    out[a.path.substr(0, a.path.find('/'))] = nlohmann::json::parse(a.content);
  fs::remove(file);
  return out;
}

}  // namespace

TEST_CASE("the snapshot compiled into archc is the committed one", "[escape]") {
  std::string error;
  const cloudformation::Schema* embedded = cloudformation::embeddedSchema(error);
  REQUIRE(embedded);
  auto committed =
      cloudformation::loadSchemaFile(std::string(ARCHC_SOURCE_DIR) + "/tests/schema/cloudformation.json", error);
  REQUIRE(committed);
  CHECK(embedded->version == committed->version);
  CHECK(embedded->resources.size() == committed->resources.size());
  CHECK(embedded->types.size() == committed->types.size());
  CHECK(embedded->resource("AWS::SSM::Parameter"));
}

TEST_CASE("an override's blocks merge into what is generated, `=` replaces it", "[escape]") {
  driver::Result r;
  auto merged = build(kShop + R"(
  @allow(resource_override, reason = "test")
  override api.service { DeploymentConfiguration { MinimumHealthyPercent = 50 } }
})", r);
  INFO(r.diagnostics);
  REQUIRE(merged.count("default"));
  const auto& config = merged["default"]["Resources"]["ApiService"]["Properties"]["DeploymentConfiguration"];
  CHECK(config["MinimumHealthyPercent"] == 50);
  CHECK(config.contains("DeploymentCircuitBreaker"));  // generated, kept

  auto replaced = build(kShop + R"(
  @allow(resource_override, reason = "test")
  override api.service { DeploymentConfiguration = { MinimumHealthyPercent = 50 } }
})", r);
  REQUIRE(replaced.count("default"));
  const auto& only = replaced["default"]["Resources"]["ApiService"]["Properties"]["DeploymentConfiguration"];
  CHECK(only == nlohmann::json{{"MinimumHealthyPercent", 50}});
  // The template says where it departs from what archc generates.
  CHECK(replaced["default"]["Resources"]["ApiService"]["Metadata"]["archc"]["overrides"].size() == 1);
}

TEST_CASE("a deployment's resource override applies to it alone, after the architecture's", "[escape]") {
  driver::Result r;
  auto templates = build(kShop + R"(
  @allow(resource_override, reason = "test")
  override api.service { HealthCheckGracePeriodSeconds = 60 }
}
deployment staging {
  architecture = shop
  region = "us-east-1"
  @allow(resource_override, reason = "test")
  override api.service { HealthCheckGracePeriodSeconds = 300 }
}
deployment production {
  architecture = shop
  region = "us-east-1"
})", r);
  INFO(r.diagnostics);
  REQUIRE(templates.size() == 2);
  CHECK(templates["staging"]["Resources"]["ApiService"]["Properties"]["HealthCheckGracePeriodSeconds"] == 300);
  CHECK(templates["production"]["Resources"]["ApiService"]["Properties"]["HealthCheckGracePeriodSeconds"] == 60);
}

TEST_CASE("raw resources carry the deployment's tags when they set none, as their type takes them", "[escape]") {
  driver::Result r;
  auto templates = build(R"(
architecture shop {
  @allow(raw_resource, reason = "test")
  cloudformation "AWS::SNS::Topic" events { TopicName = "events" }
  @allow(raw_resource, reason = "test")
  cloudformation "AWS::SSM::Parameter" flags { Type = "String"  Value = "{}" }
  @allow(raw_resource, reason = "test")
  cloudformation "AWS::SSM::Parameter" owned { Type = "String"  Value = "{}"  Tags = { Owner = "me" } }
}
deployment production {
  architecture = shop
  region = "us-east-1"
  tags = { Project = "shop" }
})", r);
  INFO(r.diagnostics);
  REQUIRE(templates.count("production"));
  const auto& res = templates["production"]["Resources"];
  // List<Tag>: the deployment's tags and a Name, as generated resources have.
  CHECK(res["Events"]["Properties"]["Tags"] ==
        nlohmann::json::parse(R"([{"Key":"Name","Value":"events"},{"Key":"Project","Value":"shop"}])"));
  CHECK(res["Flags"]["Properties"]["Tags"] == nlohmann::json{{"Project", "shop"}});  // Map<String>
  CHECK(res["Owned"]["Properties"]["Tags"] == nlohmann::json{{"Owner", "me"}});      // the user's own
  CHECK(res["Flags"]["Metadata"]["archc"]["raw"] == "flags");
}

TEST_CASE("raw resources for another backend are left to it", "[escape]") {
  driver::Result r;
  auto templates = build(R"(
architecture shop {
  bucket uploads
  @allow(raw_resource, reason = "test")
  terraform "aws_ssm_parameter" flags { type = "String"  value = "{}" }
})", r);
  // No Terraform backend yet: refused (E0703), not dropped.
  CHECK(r.exit_code == 1);
  CHECK(r.diagnostics.find("error[E0703]") != std::string::npos);
  CHECK(r.diagnostics.find("`terraform` raw resource (`flags`)") != std::string::npos);
}
