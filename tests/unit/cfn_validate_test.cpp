// The CloudFormation validator: the schema snapshot loads, the guide's
// three-tier core passes, and each rule reports exactly what it should.
#include <catch2/catch.hpp>

#include <fstream>
#include <ostream>
#include <sstream>

#include "backends/cloudformation/validate.h"

namespace arch::cloudformation {
// How Catch prints a problem when an assertion fails.
std::ostream& operator<<(std::ostream& os, const Problem& p) { return os << "{" << p.str() << "}"; }
}  // namespace arch::cloudformation

namespace {

using arch::cloudformation::Problem;
using arch::cloudformation::Schema;
using arch::cloudformation::validate;
using Json = nlohmann::ordered_json;
using Problems = std::vector<Problem>;

std::string readFile(const std::string& rel) {
  std::ifstream in(std::string(ARCHC_SOURCE_DIR) + "/" + rel, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const Schema& schema() {
  static const std::optional<Schema> loaded = [] {
    std::string error;
    std::optional<Schema> s =
        arch::cloudformation::loadSchemaFile(std::string(ARCHC_SOURCE_DIR) + "/tests/schema/cloudformation.json", error);
    INFO(error);
    REQUIRE(s);
    return s;
  }();
  return *loaded;
}

Json threeTier() {
  static const Json parsed = Json::parse(readFile("tests/golden/cfn-validate/three_tier.template.json"));
  return parsed;
}

Problems check(const Json& tmpl) { return validate(tmpl, schema()); }

Json minimal(Json resources) { return Json{{"Resources", std::move(resources)}}; }

Json logGroup() { return Json{{"Type", "AWS::Logs::LogGroup"}, {"Properties", {{"RetentionInDays", 30}}}}; }

}  // namespace

// ---- the snapshot

TEST_CASE("the schema snapshot loads and names its source", "[cfn]") {
  const Schema& s = schema();
  Json package = Json::parse(readFile("tools/cfn-spec/package.json"));
  CHECK(s.package == "@aws-cdk/aws-service-spec");
  CHECK(s.version == package["dependencies"]["@aws-cdk/aws-service-spec"].get<std::string>());
}

TEST_CASE("the snapshot holds exactly the resource types of types.txt", "[cfn]") {
  std::istringstream lines(readFile("tools/cfn-spec/types.txt"));
  std::set<std::string> wanted;
  for (std::string line; std::getline(lines, line);)
    if (!line.empty() && line[0] != '#') wanted.insert(line);
  std::set<std::string> have;
  for (const auto& [name, rt] : schema().resources) have.insert(name);
  CHECK(wanted.size() == 68);
  CHECK(have == wanted);
}

TEST_CASE("the snapshot is canonical: sorted keys, one entry per line", "[cfn]") {
  std::string text = readFile("tests/schema/cloudformation.json");
  // nlohmann::json sorts keys; the snapshot's layout is that order with one
  // resource or type per line, so re-serializing it must give the same bytes.
  nlohmann::json j = nlohmann::json::parse(text);
  std::string expected = "{\n";
  bool first_section = true;
  for (const auto& [section, entries] : j.items()) {
    expected += std::string(first_section ? "" : ",\n") + nlohmann::json(section).dump() + ":{\n";
    first_section = false;
    bool first = true;
    for (const auto& [key, value] : entries.items()) {
      expected += std::string(first ? "" : ",\n") + nlohmann::json(key).dump() + ":" + value.dump();
      first = false;
    }
    expected += "\n}";
  }
  expected += "\n}\n";
  CHECK(text == expected);
  CHECK(text.size() < 400 * 1024);
}

TEST_CASE("snapshot types parse and print back", "[cfn]") {
  const auto& service = schema().resources.at("AWS::ECS::Service");
  CHECK(service.shape.properties.at("LoadBalancers").str() == "List<AWS::ECS::Service.LoadBalancer>");
  CHECK(service.shape.properties.at("DesiredCount").str() == "Integer");
  const auto& method = schema().resources.at("AWS::ApiGateway::Method");
  CHECK(method.shape.properties.at("RequestParameters").str() == "Map<Boolean|String>");
  CHECK(schema().resources.at("AWS::IAM::Role").shape.required == std::set<std::string>{"AssumeRolePolicyDocument"});
  CHECK(schema().resources.at("AWS::RDS::DBInstance").attributes.contains("Endpoint.Address"));
  CHECK(schema().types.at("Tag").required == std::set<std::string>{"Key", "Value"});
}

TEST_CASE("a malformed snapshot is refused with a reason", "[cfn]") {
  std::string error;
  nlohmann::json bad = {{"source", {{"package", "p"}, {"version", "1"}}},
                        {"types", nlohmann::json::object()},
                        {"resources",
                         {{"AWS::X::Y",
                           {{"attributes", nlohmann::json::object()},
                            {"properties", {{"A", "List<AWS::X::Y.Missing>"}}},
                            {"required", nlohmann::json::array()}}}}}};
  CHECK_FALSE(arch::cloudformation::loadSchema(bad, error));
  CHECK(error == "resources.AWS::X::Y.A uses `AWS::X::Y.Missing`, which `types` does not define");
  bad["resources"]["AWS::X::Y"]["properties"]["A"] = "List<String";
  CHECK_FALSE(arch::cloudformation::loadSchema(bad, error));
  CHECK(error == "resources.AWS::X::Y.properties.A: `\"List<String\"` is not a type");
}

// ---- a valid template

TEST_CASE("the three-tier core passes with no problem", "[cfn]") {
  CHECK(check(threeTier()).empty());
  // The same template through nlohmann::json (keys sorted) passes too.
  CHECK(validate(nlohmann::json(threeTier()), schema()).empty());
}

// ---- one failing case per rule

TEST_CASE("an unknown resource type names the closest known one", "[cfn]") {
  Json t = threeTier();
  t["Resources"]["Vpc"]["Type"] = "AWS::EC2::Vpc";
  CHECK(check(t) == Problems{{"Resources.Vpc.Type", "unknown resource type `AWS::EC2::Vpc`; did you mean `AWS::EC2::VPC`?"}});

  t = minimal({{"Thing", {{"Type", "Custom::Thing"}}}});
  CHECK(check(t) == Problems{{"Resources.Thing.Type",
                              "unknown resource type `Custom::Thing`; the closest known type is `AWS::EC2::EIP` "
                              "(tools/cfn-spec/types.txt lists the types the schema snapshot holds)"}});
}

TEST_CASE("an unknown property suggests the closest", "[cfn]") {
  Json t = threeTier();
  t["Resources"]["Vpc"]["Properties"]["CidrBlok"] = t["Resources"]["Vpc"]["Properties"]["CidrBlock"];
  t["Resources"]["Vpc"]["Properties"].erase("CidrBlock");
  CHECK(check(t) == Problems{{"Resources.Vpc.Properties.CidrBlok",
                              "unknown property `CidrBlok` of AWS::EC2::VPC; did you mean `CidrBlock`?"}});

  // Inside a nested type, and a case-only difference.
  t = threeTier();
  auto& lb = t["Resources"]["ApiService"]["Properties"]["LoadBalancers"][0];
  lb["containerPort"] = lb["ContainerPort"];
  lb.erase("ContainerPort");
  CHECK(check(t) == Problems{{"Resources.ApiService.Properties.LoadBalancers[0].containerPort",
                              "unknown property `containerPort` of AWS::ECS::Service.LoadBalancer; did you mean "
                              "`ContainerPort`?"}});
}

TEST_CASE("a missing required property is reported", "[cfn]") {
  Json t = threeTier();
  t["Resources"]["DbSubnetGroup"]["Properties"].erase("SubnetIds");
  CHECK(check(t) == Problems{{"Resources.DbSubnetGroup.Properties",
                              "missing required property `SubnetIds` of AWS::RDS::DBSubnetGroup"}});

  // In a nested type: a container definition needs Image and Name.
  t = threeTier();
  t["Resources"]["ApiTaskDefinition"]["Properties"]["ContainerDefinitions"][0].erase("Image");
  CHECK(check(t) == Problems{{"Resources.ApiTaskDefinition.Properties.ContainerDefinitions[0]",
                              "missing required property `Image` of AWS::ECS::TaskDefinition.ContainerDefinition"}});

  // With no Properties at all.
  t = minimal({{"Sg", {{"Type", "AWS::EC2::SecurityGroup"}}}});
  CHECK(check(t) == Problems{{"Resources.Sg", "missing required property `GroupDescription` of AWS::EC2::SecurityGroup"}});
}

TEST_CASE("value types are checked deep inside nested types", "[cfn]") {
  Json t = threeTier();
  t["Resources"]["ApiService"]["Properties"]["NetworkConfiguration"]["AwsvpcConfiguration"]["Subnets"][0] =
      Json{{"Subnet", "A"}};
  CHECK(check(t) == Problems{{"Resources.ApiService.Properties.NetworkConfiguration.AwsvpcConfiguration.Subnets[0]",
                              "expected String; found an object"}});

  t = threeTier();
  t["Resources"]["ApiTaskDefinition"]["Properties"]["ContainerDefinitions"][0]["PortMappings"][0]["ContainerPort"] =
      "port 3000";
  CHECK(check(t) == Problems{{"Resources.ApiTaskDefinition.Properties.ContainerDefinitions[0].PortMappings[0]."
                              "ContainerPort",
                              "expected Integer; found the string \"port 3000\""}});

  // A single value where a list belongs, a list where a single value belongs.
  t = threeTier();
  t["Resources"]["LoadBalancer"]["Properties"]["Subnets"] = Json{{"Ref", "PublicSubnetA"}};
  t["Resources"]["PublicSubnetA"]["Properties"]["AvailabilityZone"] = Json{{"Fn::GetAZs", ""}};
  t["Resources"]["Db"]["Properties"]["MultiAZ"] = "yes";
  CHECK(check(t) == Problems{
                        {"Resources.PublicSubnetA.Properties.AvailabilityZone",
                         "expected String; found a list from `Fn::GetAZs`"},
                        {"Resources.LoadBalancer.Properties.Subnets", "expected List<String>; found a single value from `Ref`"},
                        {"Resources.Db.Properties.MultiAZ", "expected Boolean; found the string \"yes\""},
                    });

  // Both branches of Fn::If are checked against the property's type.
  t = threeTier();
  t["Resources"]["ApiService"]["Properties"]["DesiredCount"]["Fn::If"][2] = Json::array({2});
  CHECK(check(t) == Problems{{"Resources.ApiService.Properties.DesiredCount.Fn::If[2]", "expected Integer; found a list"}});
}

TEST_CASE("map keys that are not plain names are quoted in paths", "[cfn]") {
  Json t = minimal({{"Api", {{"Type", "AWS::ApiGateway::RestApi"}, {"Properties", {{"Name", "shop"}}}}},
                    {"GetItems",
                     {{"Type", "AWS::ApiGateway::Method"},
                      {"Properties",
                       {{"HttpMethod", "GET"},
                        {"AuthorizationType", "NONE"},
                        {"RestApiId", {{"Ref", "Api"}}},
                        {"ResourceId", {{"Fn::GetAtt", {"Api", "RootResourceId"}}}},
                        {"RequestParameters", {{"method.request.querystring.page", false}}}}}}}});
  CHECK(check(t).empty());
  t["Resources"]["GetItems"]["Properties"]["RequestParameters"]["method.request.querystring.page"] = Json::array();
  CHECK(check(t) == Problems{{"Resources.GetItems.Properties.RequestParameters[\"method.request.querystring.page\"]",
                              "expected Boolean|String; found a list"}});
}

TEST_CASE("numeric strings and string-like scalars are accepted as CloudFormation does", "[cfn]") {
  Json t = threeTier();
  auto& ingress = t["Resources"]["LoadBalancerSecurityGroup"]["Properties"]["SecurityGroupIngress"][0];
  ingress["FromPort"] = "443";
  ingress["ToPort"] = -1;
  t["Resources"]["Db"]["Properties"]["AllocatedStorage"] = 20;
  t["Resources"]["Db"]["Properties"]["StorageEncrypted"] = "true";
  CHECK(check(t).empty());
  ingress["FromPort"] = "4.5";
  CHECK(check(t) == Problems{{"Resources.LoadBalancerSecurityGroup.Properties.SecurityGroupIngress[0].FromPort",
                              "expected Integer; found the string \"4.5\""}});
}

TEST_CASE("Ref must name a parameter, a resource or a pseudo parameter", "[cfn]") {
  Json t = threeTier();
  t["Resources"]["LoadBalancer"]["Properties"]["Subnets"][1]["Ref"] = "PublicSubnetC";
  CHECK(check(t) == Problems{{"Resources.LoadBalancer.Properties.Subnets[1].Ref",
                              "`Ref` names `PublicSubnetC`, which is not a parameter, resource or pseudo parameter; "
                              "did you mean `PublicSubnetA`?"}});

  t = threeTier();
  t["Resources"]["ApiTaskDefinition"]["Properties"]["ContainerDefinitions"][0]["LogConfiguration"]["Options"]
   ["awslogs-region"]["Ref"] = "AWS::Regoin";
  CHECK(check(t) == Problems{{"Resources.ApiTaskDefinition.Properties.ContainerDefinitions[0].LogConfiguration."
                              "Options.awslogs-region.Ref",
                              "`Ref` names `AWS::Regoin`, which is not a parameter, resource or pseudo parameter; "
                              "did you mean `AWS::Region`?"}});
}

TEST_CASE("Fn::GetAtt must name a resource and an attribute of its type", "[cfn]") {
  Json t = threeTier();
  t["Resources"]["ApiTaskDefinition"]["Properties"]["ContainerDefinitions"][0]["Environment"][0]["Value"]["Fn::GetAtt"]
   [1] = "Endpoint.Adress";
  CHECK(check(t) == Problems{{"Resources.ApiTaskDefinition.Properties.ContainerDefinitions[0].Environment[0].Value."
                              "Fn::GetAtt",
                              "`Db` (AWS::RDS::DBInstance) has no attribute `Endpoint.Adress`; did you mean "
                              "`Endpoint.Address`?"}});

  t = threeTier();
  t["Resources"]["NatGateway"]["Properties"]["AllocationId"]["Fn::GetAtt"] = "NatIp.AllocationId";
  t["Outputs"]["LoadBalancerDnsName"]["Value"]["Fn::GetAtt"][0] = "CertificateArn";
  CHECK(check(t) == Problems{
                        {"Resources.NatGateway.Properties.AllocationId.Fn::GetAtt",
                         "`Fn::GetAtt` names `NatIp`, which is not a resource of this template; did you mean `NatEip`?"},
                        {"Outputs.LoadBalancerDnsName.Value.Fn::GetAtt",
                         "`Fn::GetAtt` needs a resource; `CertificateArn` is a parameter, so use `Ref`"},
                    });

  // An attribute that is a list cannot fill a single-valued property.
  t = threeTier();
  t["Resources"]["PublicSubnetA"]["Properties"]["CidrBlock"] = Json{{"Fn::GetAtt", {"Vpc", "CidrBlockAssociations"}}};
  CHECK(check(t) == Problems{{"Resources.PublicSubnetA.Properties.CidrBlock",
                              "expected String; found a list from `Fn::GetAtt`"}});
}

TEST_CASE("Fn::Sub references resolve like Ref and Fn::GetAtt", "[cfn]") {
  Json t = threeTier();
  t["Outputs"]["LoadBalancerDnsName"]["Export"]["Name"]["Fn::Sub"] = "${AWS::StackName}-${Enviroment}-dns";
  t["Outputs"]["DatabaseEndpoint"]["Value"]["Fn::Sub"] = "${Db.Endpoint.Adress}:${Db.Endpoint.Port} ${!Literal}";
  CHECK(check(t) == Problems{
                        {"Outputs.LoadBalancerDnsName.Export.Name.Fn::Sub",
                         "`${Enviroment}` in `Fn::Sub` names `Enviroment`, which is not a parameter, resource or "
                         "pseudo parameter; did you mean `Environment`?"},
                        {"Outputs.DatabaseEndpoint.Value.Fn::Sub",
                         "`Db` (AWS::RDS::DBInstance) has no attribute `Endpoint.Adress`; did you mean "
                         "`Endpoint.Address`?"},
                    });

  // Variables of the two-argument form shadow template names; an unclosed ${ is an error.
  t = threeTier();
  t["Resources"]["Vpc"]["Properties"]["Tags"][0]["Value"]["Fn::Sub"] =
      Json::array({"${Prefix}-vpc", {{"Prefix", {{"Ref", "AWS::StackName"}}}}});
  CHECK(check(t).empty());
  t["Resources"]["Vpc"]["Properties"]["Tags"][0]["Value"]["Fn::Sub"] = "${AWS::StackName-vpc";
  CHECK(check(t) == Problems{{"Resources.Vpc.Properties.Tags[0].Value.Fn::Sub",
                              "`${` without a closing `}` in `Fn::Sub`; write `${!` for a literal `${`"}});
}

TEST_CASE("DependsOn must name resources", "[cfn]") {
  Json t = threeTier();
  t["Resources"]["ApiService"]["DependsOn"] = Json::array({"HttpsListener", "HttpListener"});
  CHECK(check(t) == Problems{{"Resources.ApiService.DependsOn[1]",
                              "`DependsOn` names `HttpListener`, which is not a resource of this template; did you "
                              "mean `HttpsListener`?"}});
}

TEST_CASE("dependency cycles are reported once, through DependsOn, Ref, GetAtt and Sub", "[cfn]") {
  Json t = threeTier();
  t["Resources"]["Vpc"]["DependsOn"] = "ApiService";
  CHECK(check(t) == Problems{{"Resources.Vpc",
                              "circular dependency: `Vpc` -> `ApiService` -> `ApiSecurityGroup` -> `Vpc`; break it "
                              "by removing one of these references or DependsOn"}});

  // Two security groups that admit each other inline: the classic cycle.
  auto sg = [](const std::string& other) {
    return Json{{"Type", "AWS::EC2::SecurityGroup"},
                {"Properties",
                 {{"GroupDescription", "sg"},
                  {"SecurityGroupIngress",
                   {{{"IpProtocol", "tcp"},
                     {"FromPort", 443},
                     {"ToPort", 443},
                     {"SourceSecurityGroupId", {{"Fn::GetAtt", {other, "GroupId"}}}}}}}}}};
  };
  t = minimal({{"WebSg", sg("AppSg")}, {"AppSg", sg("WebSg")}});
  CHECK(check(t) == Problems{{"Resources.WebSg",
                              "circular dependency: `WebSg` -> `AppSg` -> `WebSg`; break it by removing one of these "
                              "references or DependsOn"}});

  t = minimal({{"Topic", {{"Type", "AWS::SNS::Topic"}, {"Properties", {{"TopicName", {{"Fn::Sub", "${Topic.TopicName}"}}}}}}}});
  CHECK(check(t) == Problems{{"Resources.Topic",
                              "circular dependency: `Topic` -> `Topic`; break it by removing one of these references "
                              "or DependsOn"}});
}

TEST_CASE("\"Action\": \"*\" in a policy document is an error", "[cfn]") {
  Json t = threeTier();
  auto& statement = t["Resources"]["TaskRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"][0];
  statement["Action"] = "*";
  const std::string message =
      "`\"Action\": \"*\"` allows every action of every service; list the actions this statement needs";
  CHECK(check(t) ==
        Problems{{"Resources.TaskRole.Properties.Policies[0].PolicyDocument.Statement[0].Action", message}});

  statement["Action"] = Json::array({"s3:GetObject", "*"});
  CHECK(check(t) ==
        Problems{{"Resources.TaskRole.Properties.Policies[0].PolicyDocument.Statement[0].Action[1]", message}});

  // A resource policy with a single statement object.
  t = minimal({{"Queue", {{"Type", "AWS::SQS::Queue"}}},
               {"QueuePolicy",
                {{"Type", "AWS::SQS::QueuePolicy"},
                 {"Properties",
                  {{"Queues", {{{"Ref", "Queue"}}}},
                   {"PolicyDocument",
                    {{"Statement",
                      {{"Effect", "Allow"}, {"Principal", "*"}, {"Action", "*"}, {"Resource", {{"Fn::GetAtt", {"Queue", "Arn"}}}}}}}}}}}}});
  CHECK(check(t) == Problems{{"Resources.QueuePolicy.Properties.PolicyDocument.Statement.Action", message}});
}

TEST_CASE("quotas: resources, parameters, outputs, template size", "[cfn]") {
  Json resources = Json::object();
  for (int i = 0; i < 500; ++i) resources["Logs" + std::to_string(i)] = logGroup();
  CHECK(check(minimal(resources)).empty());
  resources["Logs500"] = logGroup();
  CHECK(check(minimal(resources)) ==
        Problems{{"Resources", "the template has 501 resources; CloudFormation allows at most 500 in one template; "
                               "split the stack"}});

  Json t = minimal({{"Logs", logGroup()}});
  for (int i = 0; i < 201; ++i) t["Parameters"]["P" + std::to_string(i)] = Json{{"Type", "String"}};
  CHECK(check(t) == Problems{{"Parameters", "the template has 201 parameters; CloudFormation allows at most 200 in "
                                            "one template; split the stack"}});

  t = minimal({{"Logs", logGroup()}});
  for (int i = 0; i < 201; ++i) t["Outputs"]["O" + std::to_string(i)] = Json{{"Value", "x"}};
  CHECK(check(t) == Problems{{"Outputs", "the template has 201 outputs; CloudFormation allows at most 200 in one "
                                         "template; split the stack"}});

  t = minimal({{"Logs", logGroup()}});
  t["Metadata"]["Padding"] = std::string(1024 * 1024, 'x');
  std::vector<Problem> problems = check(t);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].path.empty());
  CHECK(problems[0].message ==
        "the template is " + std::to_string(t.dump().size()) +
            " bytes; CloudFormation allows at most 1048576 (1 MB); split the stack");
}

TEST_CASE("logical IDs are alphanumeric and at most 255 characters", "[cfn]") {
  Json t = minimal({{"Api-Logs", logGroup()}});
  CHECK(check(t) == Problems{{"Resources.Api-Logs", "logical ID \"Api-Logs\" must be alphanumeric (A-Z, a-z, 0-9)"}});

  std::string long_id(256, 'A');
  t = minimal({{long_id, logGroup()}});
  CHECK(check(t) ==
        Problems{{"Resources." + long_id, "logical ID is 256 characters long; CloudFormation allows at most 255"}});
  t = minimal({{std::string(255, 'A'), logGroup()}});
  CHECK(check(t).empty());
}

TEST_CASE("only the known top-level sections are allowed", "[cfn]") {
  Json t = threeTier();
  t["Output"] = Json::object();
  t["Transform"] = "AWS::Serverless-2016-10-31";
  t["AWSTemplateFormatVersion"] = "2010-09-10";
  CHECK(check(t) == Problems{
                        {"AWSTemplateFormatVersion",
                         "the only template format version is \"2010-09-09\"; found the string \"2010-09-10\""},
                        {"Output", "unknown top-level section `Output`; did you mean `Outputs`?"},
                        {"Transform",
                         "unknown top-level section `Transform`; a template has only AWSTemplateFormatVersion, "
                         "Description, Parameters, Conditions, Resources, Outputs and Metadata"},
                    });
  CHECK(check(Json{{"Description", "nothing"}}) ==
        Problems{{"", "the template has no `Resources` section; CloudFormation needs at least one resource"}});
  CHECK(check(Json::array()) == Problems{{"", "a template must be a JSON object; found a list"}});
}

TEST_CASE("resource attributes, conditions and intrinsic functions are checked", "[cfn]") {
  Json t = threeTier();
  t["Resources"]["Db"]["DeletionPolicy"] = "Keep";
  t["Resources"]["Db"]["Condition"] = "IsProdution";
  t["Resources"]["Db"]["Dependson"] = "Vpc";
  t["Resources"]["Db"]["Properties"]["DBInstanceClass"] = Json{{"Fn::Concat", {"db.", "t4g.micro"}}};
  CHECK(check(t) == Problems{
                        {"Resources.Db.Dependson", "`Dependson` is not an attribute of a resource; did you mean `DependsOn`?"},
                        {"Resources.Db.Condition", "`IsProdution` is not a condition of this template; did you mean `IsProduction`?"},
                        {"Resources.Db.DeletionPolicy",
                         "`DeletionPolicy` must be one of Delete Retain RetainExceptOnCreate Snapshot; found the string "
                         "\"Keep\""},
                        {"Resources.Db.Properties.DBInstanceClass.Fn::Concat",
                         "unknown intrinsic function `Fn::Concat`"},
                    });

  // Conditions may refer to parameters only.
  t = threeTier();
  t["Conditions"]["HasVpc"] = Json{{"Fn::Not", {{{"Fn::Equals", {{{"Ref", "Vpc"}}, ""}}}}}};
  CHECK(check(t) == Problems{{"Conditions.HasVpc.Fn::Not[0].Fn::Equals[0].Ref",
                              "`Ref` names the resource `Vpc`; conditions can refer only to parameters"}});
}

TEST_CASE("outputs must be single values", "[cfn]") {
  Json t = threeTier();
  t["Outputs"]["Zones"] = Json{{"Value", {{"Fn::GetAZs", ""}}}};
  t["Outputs"]["Nothing"] = Json{{"Description", "no value"}};
  CHECK(check(t) == Problems{
                        {"Outputs.Zones.Value", "expected String; found a list from `Fn::GetAZs`"},
                        {"Outputs.Nothing", "the output has no `Value`"},
                    });
}
