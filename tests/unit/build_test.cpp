// archc build, in memory: every program under tests/golden/build/ builds
// without errors, every template it makes passes the CloudFormation schema
// validation, and matches the reviewed golden beside the program
// (tests/golden/build/<program>/<deployment>/cloudformation/*.json); the
// examples that build do the same against tests/golden/examples/.
// ARCHC_UPDATE_GOLDEN=1 rewrites the goldens: review the diff.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "backends/cloudformation/validate.h"
#include "compiler/driver/driver.h"

namespace fs = std::filesystem;
using namespace arch;

namespace {

const cloudformation::Schema& schema() {
  static const cloudformation::Schema s = [] {
    std::string error;
    auto loaded = cloudformation::loadSchemaFile(std::string(ARCHC_SOURCE_DIR) + "/tests/schema/cloudformation.json", error);
    REQUIRE(loaded);
    return *loaded;
  }();
  return s;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Builds `file` from its own directory, so that the templates' Metadata
// names it relatively (`three_tier_core.arch:11`) whatever the checkout.
std::vector<backends::Artifact> buildFile(const std::string& file, driver::Result& result) {
  struct Chdir {
    fs::path previous = fs::current_path();
    explicit Chdir(const fs::path& to) { fs::current_path(to); }
    ~Chdir() { fs::current_path(previous); }
  } in(fs::path(file).parent_path());
  driver::Options options;
  options.files = {fs::path(file).filename().string()};
  options.render.format = DiagFormat::Short;
  options.include_dirs = {std::string(ARCHC_SOURCE_DIR) + "/stdlib"};
  return driver::buildInMemory(options, driver::BuildOptions{}, result);
}

// `content` is the reviewed golden at `golden`; ARCHC_UPDATE_GOLDEN=1
// rewrites it instead (then review the diff).
void matchGolden(const fs::path& golden, const std::string& content) {
  if (std::getenv("ARCHC_UPDATE_GOLDEN")) {
    fs::create_directories(golden.parent_path());
    std::ofstream(golden, std::ios::binary) << content;
  }
  CHECK(read(golden) == content);
}

}  // namespace

TEST_CASE("every build golden builds, validates and matches its reviewed template", "[build]") {
  fs::path dir = fs::path(ARCHC_SOURCE_DIR) / "tests/golden/build";
  std::size_t programs = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".arch") continue;
    ++programs;
    INFO(entry.path().filename().string());
    driver::Result result;
    std::vector<backends::Artifact> files = buildFile(entry.path().string(), result);
    CHECK(result.diagnostics.empty());
    REQUIRE(result.exit_code == 0);
    REQUIRE_FALSE(files.empty());
    for (const backends::Artifact& a : files) {
      INFO(a.path);
      auto problems = cloudformation::validate(nlohmann::json::parse(a.content), schema());
      for (const auto& p : problems) UNSCOPED_INFO(p.str());
      CHECK(problems.empty());
      matchGolden(dir / entry.path().stem() / a.path, a.content);
    }
  }
  CHECK(programs > 0);
}

TEST_CASE("a build is reproducible and independent of declaration order", "[build]") {
  std::string file = std::string(ARCHC_SOURCE_DIR) + "/tests/golden/build/three_tier_core.arch";
  driver::Result r1, r2, r3;
  auto first = buildFile(file, r1);
  auto second = buildFile(file, r2);
  REQUIRE(first.size() == 1);
  REQUIRE(second.size() == 1);
  CHECK(first[0].content == second[0].content);

  // The same program with its declarations in reverse order.
  std::string text = read(file);
  std::vector<std::string> lines;
  std::stringstream ss(text);
  for (std::string line; std::getline(ss, line);) lines.push_back(line);
  // Swap the load balancer and the database declarations (one line each).
  auto find = [&](std::string_view prefix) {
    return std::find_if(lines.begin(), lines.end(), [&](const std::string& l) { return l.rfind(prefix, 0) == 0; });
  };
  auto lb = find("  load_balancer"), db = find("  database");
  REQUIRE(lb != lines.end());
  REQUIRE(db != lines.end());
  std::iter_swap(lb, db);
  fs::path reordered = fs::temp_directory_path() / ("archc_reordered_" + std::to_string(::getpid()) + ".arch");
  {
    std::ofstream out(reordered);
    for (const std::string& l : lines) out << l << "\n";
  }
  auto third = buildFile(reordered.string(), r3);
  REQUIRE(third.size() == 1);
  // Only the Metadata line numbers may differ.
  auto strip = [](std::string s) {
    std::string out;
    std::stringstream in(s);
    for (std::string line; std::getline(in, line);)
      if (line.find("\"source\":") == std::string::npos) out += line + "\n";
    return out;
  };
  CHECK(strip(third[0].content) == strip(first[0].content));
  fs::remove(reordered);
}

TEST_CASE("the three-tier template is secure by construction", "[build]") {
  driver::Result r;
  auto files = buildFile(std::string(ARCHC_SOURCE_DIR) + "/tests/golden/build/three_tier_core.arch", r);
  REQUIRE(files.size() == 1);
  auto t = nlohmann::json::parse(files[0].content);
  const auto& res = t["Resources"];
  // The database admits only the service's group on 5432.
  std::size_t db_rules = 0;
  for (auto it = res.begin(); it != res.end(); ++it) {
    const auto& r2 = it.value();
    if (r2["Type"] != "AWS::EC2::SecurityGroupIngress") continue;
    if (r2["Properties"]["GroupId"]["Fn::GetAtt"][0] == "DbSecurityGroup") {
      ++db_rules;
      CHECK(r2["Properties"]["SourceSecurityGroupId"]["Fn::GetAtt"][0] == "ApiSecurityGroup");
      CHECK(r2["Properties"]["FromPort"] == 5432);
    }
    if (r2["Properties"]["GroupId"]["Fn::GetAtt"][0] == "ApiSecurityGroup") {
      CHECK(r2["Properties"]["SourceSecurityGroupId"]["Fn::GetAtt"][0] == "WebSecurityGroup");
      CHECK(r2["Properties"]["FromPort"] == 3000);
    }
  }
  CHECK(db_rules == 1);
  // Only the load balancer is open to the internet, on 80 and 443.
  for (auto it = res.begin(); it != res.end(); ++it) {
    const auto& sg = it.value();
    if (sg["Type"] != "AWS::EC2::SecurityGroup" || !sg["Properties"].contains("SecurityGroupIngress")) continue;
    CHECK(it.key() == "WebSecurityGroup");
    for (const auto& rule : sg["Properties"]["SecurityGroupIngress"])
      CHECK((rule["FromPort"] == 80 || rule["FromPort"] == 443));
  }
  // The database is private, encrypted and Multi-AZ.
  CHECK(res["Db"]["Properties"]["PubliclyAccessible"] == false);
  CHECK(res["Db"]["Properties"]["StorageEncrypted"] == true);
  CHECK(res["Db"]["Properties"]["MultiAZ"] == true);
  // Service and database subnets have no route to the internet gateway.
  for (auto it = res.begin(); it != res.end(); ++it) {
    const auto& route = it.value();
    if (route["Type"] != "AWS::EC2::Route" || !route["Properties"].contains("GatewayId")) continue;
    CHECK(route["Properties"]["RouteTableId"]["Ref"] == "MainPublicRouteTable");
  }
  CHECK(res["ApiService"]["Properties"]["NetworkConfiguration"]["AwsvpcConfiguration"]["AssignPublicIp"] == "DISABLED");
  // No policy allows every action.
  CHECK(files[0].content.find("\"Action\": \"*\"") == std::string::npos);
}

const std::vector<std::string> kExamplesThatBuild = {
    "event_driven.arch",           "event_driven_pattern.arch", "saas_mvp.arch",
    "serverless_api.arch",         "serverless_api_pattern.arch", "static_site_api.arch",
    "static_site_api_pattern.arch", "three_tier.arch",          "three_tier_pattern.arch"};

// Every standard pattern is used by an example that builds.
TEST_CASE("every stdlib pattern is imported by an example that builds", "[build]") {
  fs::path patterns = fs::path(ARCHC_SOURCE_DIR) / "stdlib/patterns";
  std::size_t count = 0;
  for (const auto& entry : fs::directory_iterator(patterns)) {
    if (entry.path().extension() != ".arch") continue;
    ++count;
    std::string import = "import std.patterns." + entry.path().stem().string() + "\n";
    bool used = false;
    for (const std::string& example : kExamplesThatBuild)
      used |= read(fs::path(ARCHC_SOURCE_DIR) / "examples" / example).find(import) != std::string::npos;
    INFO(import);
    CHECK(used);
  }
  CHECK(count >= 4);
}

// The examples that build today must build and validate; the others must be
// refused only for what the backends cannot emit yet (E0703), never for
// anything else. Moving an example to the first list is the sign a backend
// landed.
TEST_CASE("the examples build, or are refused only for what is not emitted yet", "[build]") {
  const std::vector<std::string>& kBuild = kExamplesThatBuild;
  fs::path dir = fs::path(ARCHC_SOURCE_DIR) / "examples";
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".arch") continue;
    std::string name = entry.path().filename().string();
    INFO(name);
    driver::Result result;
    std::vector<backends::Artifact> files = buildFile(entry.path().string(), result);
    if (std::find(kBuild.begin(), kBuild.end(), name) != kBuild.end()) {
      CHECK(result.diagnostics.empty());
      REQUIRE(result.exit_code == 0);
      for (const backends::Artifact& a : files) {
        INFO(a.path);
        auto problems = cloudformation::validate(nlohmann::json::parse(a.content), schema());
        for (const auto& p : problems) UNSCOPED_INFO(p.str());
        CHECK(problems.empty());
        matchGolden(fs::path(ARCHC_SOURCE_DIR) / "tests/golden/examples" / entry.path().stem() / a.path, a.content);
      }
      continue;
    }
    CHECK(result.exit_code == 1);
    std::stringstream lines(result.diagnostics);
    for (std::string line; std::getline(lines, line);)
      if (!line.empty()) CHECK(line.find("error[E0703]") != std::string::npos);
  }
}

// `database { proxy = true }`: the function's path to the database is the
// proxy, and it connects with an IAM token, never the database's password.
TEST_CASE("a function reaches a proxied database only through the proxy", "[build]") {
  driver::Result result;
  auto files = buildFile(std::string(ARCHC_SOURCE_DIR) + "/tests/golden/build/serverless_core.arch", result);
  REQUIRE(result.exit_code == 0);
  nlohmann::json res = nlohmann::json::parse(files[0].content)["Resources"];
  std::set<std::string> db_sources;
  for (auto it = res.begin(); it != res.end(); ++it) {
    const auto& r = it.value();
    if (r["Type"] != "AWS::EC2::SecurityGroupIngress") continue;
    if (r["Properties"]["GroupId"]["Fn::GetAtt"][0] == "DbSecurityGroup")
      db_sources.insert(r["Properties"]["SourceSecurityGroupId"]["Fn::GetAtt"][0].get<std::string>());
  }
  CHECK(db_sources == std::set<std::string>{"DbProxySecurityGroup"});
  std::string role = res["HandlerRole"].dump();
  CHECK(role.find("MasterUserSecret") == std::string::npos);
  CHECK(role.find("rds-db:connect") != std::string::npos);
  const auto& vars = res["Handler"]["Properties"]["Environment"]["Variables"];
  CHECK(vars["DB_HOST"]["Fn::GetAtt"][0] == "DbProxy");
  CHECK_FALSE(vars.contains("DB_SECRET_ARN"));
}

// Logical IDs name values, not positions: reordering an alarm's email list
// renames no subscription (which would send new confirmation emails).
TEST_CASE("subscriptions are named after their address and not their position", "[build]") {
  auto ids = [](const std::string& emails) {
    fs::path file = fs::temp_directory_path() / ("archc_subs_" + std::to_string(::getpid()) + ".arch");
    std::ofstream(file) << "architecture a {\n  queue jobs\n  alarm deep { metric = depth  threshold = 100  email = [" << emails
                        << "] }\n  deep -> jobs\n}\n";
    driver::Result result;
    auto files = buildFile(file.string(), result);
    fs::remove(file);
    REQUIRE(result.exit_code == 0);
    std::set<std::string> out;
    nlohmann::json res = nlohmann::json::parse(files[0].content)["Resources"];
    for (auto it = res.begin(); it != res.end(); ++it)
      if (it.value()["Type"] == "AWS::SNS::Subscription") out.insert(it.key());
    return out;
  };
  std::set<std::string> one = ids(R"("a@example.com", "b@example.com")");
  CHECK(one.size() == 2);
  CHECK(one == ids(R"("b@example.com", "a@example.com")"));
}

// `x = p` with an optional pattern parameter `p` left unset is as if `x`
// were not written: the component keeps its other settings and defaults,
// the connection its place (both were silently dropped before).
TEST_CASE("an unset optional parameter leaves the setting unwritten", "[build]") {
  fs::path file = fs::temp_directory_path() / ("archc_unset_" + std::to_string(::getpid()) + ".arch");
  std::ofstream(file) << R"(pattern p(cert: string?, prefix: string?) {
  network net { tier public { offset = 0 } }
  load_balancer lb in public { https = cert  idle_timeout = 30s }
  bucket uploads
  queue jobs
  uploads -> jobs on object_created { prefix = prefix }
}
architecture a { p one }
)";
  driver::Options options;
  options.files = {file.string()};
  options.include_dirs = {std::string(ARCHC_SOURCE_DIR) + "/stdlib"};
  driver::BuildOptions build;
  build.dump_ir = true;
  driver::Result result = driver::build(options, build);
  fs::remove(file);
  INFO(result.diagnostics);
  REQUIRE(result.exit_code == 0);
  CHECK(result.output.find("idle_timeout = 30s") != std::string::npos);
  CHECK(result.output.find("access_logs = true") != std::string::npos);
  CHECK(result.output.find("connect one.uploads -> one.jobs notification") != std::string::npos);
}

// Defense in depth: behind CloudFront (and its web ACL) the load balancer
// answers 403 unless the request carries the distribution's secret header.
TEST_CASE("a load balancer behind a cdn forwards only what the cdn sends", "[build]") {
  driver::Result result;
  auto files = buildFile(std::string(ARCHC_SOURCE_DIR) + "/examples/three_tier.arch", result);
  REQUIRE(result.exit_code == 0);
  nlohmann::json res = nlohmann::json::parse(files[0].content)["Resources"];
  const auto& listener = res["WebHttpsListener"]["Properties"];
  CHECK(listener["DefaultActions"][0]["FixedResponseConfig"]["StatusCode"] == "403");
  const auto& rule = res["WebApiRule"]["Properties"];
  CHECK(rule["Conditions"][1]["HttpHeaderConfig"]["HttpHeaderName"] == "X-Origin-Verify");
  bool sent = false;
  for (const auto& origin : res["Edge"]["Properties"]["DistributionConfig"]["Origins"])
    if (origin.contains("OriginCustomHeaders"))
      sent |= origin["OriginCustomHeaders"][0]["HeaderValue"] == rule["Conditions"][1]["HttpHeaderConfig"]["Values"][0];
  CHECK(sent);
}

// The deployment's tags on every resource whose type takes tags (by the
// schema snapshot), in the build goldens and the examples alike.
TEST_CASE("every taggable resource carries tags", "[build]") {
  std::size_t checked = 0;
  for (const char* dir : {"tests/golden/build", "tests/golden/examples"})
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(ARCHC_SOURCE_DIR) / dir)) {
      if (entry.path().extension() != ".json") continue;
      nlohmann::json res = nlohmann::json::parse(read(entry.path()))["Resources"];
      for (auto it = res.begin(); it != res.end(); ++it) {
        auto type = schema().resources.find(it.value()["Type"].get<std::string>());
        if (type == schema().resources.end() || !type->second.shape.properties.contains("Tags")) continue;
        INFO(entry.path().filename().string() << ": " << it.key());
        CHECK(it.value()["Properties"].contains("Tags"));
        ++checked;
      }
    }
  CHECK(checked > 100);
}

// `api -> key (read)` for a container service: ECS injects the value, so only
// the execution role may read the secret; the task's code holds no right to it.
TEST_CASE("a container service gets a secret's value and not a right to read it", "[build]") {
  driver::Result result;
  auto files = buildFile(std::string(ARCHC_SOURCE_DIR) + "/examples/saas_mvp.arch", result);
  REQUIRE(result.exit_code == 0);
  nlohmann::json res = nlohmann::json::parse(files[0].content)["Resources"];
  const auto& container = res["AppApiTaskDefinition"]["Properties"]["ContainerDefinitions"][0];
  CHECK(container["Secrets"][0]["Name"] == "STRIPE_KEY");
  CHECK(container["Secrets"][0]["ValueFrom"]["Ref"] == "AppStripeKey");
  CHECK(container["Environment"].dump().find("STRIPE") == std::string::npos);
  CHECK(res["AppApiExecutionRole"].dump().find("AppStripeKey") != std::string::npos);
  CHECK(res["AppApiTaskRole"].dump().find("AppStripeKey") == std::string::npos);
}
