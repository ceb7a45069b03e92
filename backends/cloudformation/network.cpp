// A network: VPC, one subnet per tier and zone (cidrsubnet(cidr, bits,
// offset + zone)), an internet gateway for public tiers, NAT gateways for
// private ones (per zone, single or none), route tables, gateway and
// interface endpoints, and flow logs.
#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "backends/cloudformation/template.h"

namespace arch::cloudformation {
namespace {

bool tierIsPublic(const ir::Component& tier) {
  const sema::Value* p = tier.prop("public");
  if (p && p->ok() && p->kind == sema::TypeKind::Bool) return p->flag;
  return tier.name.substr(tier.name.rfind('.') + 1) == "public";
}

std::string subnetCidr(const ir::Component& network, const ir::Component& tier, std::int64_t zone) {
  const sema::Value* cidr = network.prop("cidr");
  std::int64_t prefix = cidr->number2 + tier.number("bits", 8);
  auto address = static_cast<std::uint32_t>(cidr->number + ((tier.number("offset") + zone) << (32 - prefix)));
  return fmt::format("{}.{}.{}.{}/{}", address >> 24, (address >> 16) & 255, (address >> 8) & 255, address & 255, prefix);
}

std::vector<ir::Index> tiersOf(const ir::Graph& g, ir::Index network) {
  std::vector<ir::Index> out;
  for (ir::Index i = 0; i < g.components.size(); ++i)
    if (g.components[i].kind == "tier" && g.components[i].parent == network) out.push_back(i);
  return out;
}

// Interface endpoints: an elastic network interface per zone in the first
// private tier (isolated tiers only when there is no other), private DNS so
// that SDKs use them unchanged, and one security group admitting HTTPS from
// the VPC (compute already sends HTTPS anywhere). ECR needs two: its API and
// the registry (image layers come through the S3 gateway endpoint).
void emitInterfaceEndpoints(Template& t, ir::Index net_index, const std::vector<ir::Index>& tiers,
                            const std::vector<std::string>& services) {
  const ir::Graph& g = t.graph();
  const ir::Component& net = g.components[net_index];
  std::optional<ir::Index> home;
  for (ir::Index tier : tiers) {
    const ir::Component& tc = g.components[tier];
    if (tierIsPublic(tc)) continue;
    if (!home || (g.components[*home].flag("isolated") && !tc.flag("isolated"))) home = tier;
  }
  if (!home) {
    t.diags()
        .report(DiagKind::NotYetEmitted, net.span, fmt::format("interface endpoints of network `{}` without a private tier", net.name))
        .addHelp("declare a private tier for them (and for the compute that uses them)");
    return;
  }
  const std::string vpc = net.id + "Vpc", group = net.id + "EndpointSecurityGroup";
  Json& sg = t.add(group, "AWS::EC2::SecurityGroup", net);
  sg["GroupDescription"] = fmt::format("interface endpoints of network {}: HTTPS from the VPC", net.name);
  sg["VpcId"] = Template::ref(vpc);
  sg["SecurityGroupIngress"] = Json::array({Json{{"CidrIp", Template::getAtt(vpc, "CidrBlock")},
                                                 {"IpProtocol", "tcp"},
                                                 {"FromPort", 443},
                                                 {"ToPort", 443},
                                                 {"Description", "HTTPS from the VPC"}}});
  sg["SecurityGroupEgress"] = noEgress();
  for (const std::string& service : services) {
    for (std::string_view name : service == "ecr" ? std::vector<std::string_view>{"ecr.api", "ecr.dkr"}
                                                  : std::vector<std::string_view>{service}) {
      std::string suffix(name);
      std::replace(suffix.begin(), suffix.end(), '.', '_');
      std::string id = net.id + ir::identifier(suffix) + "Endpoint";
      Json& ep = t.add(id, "AWS::EC2::VPCEndpoint", net);
      ep["VpcId"] = Template::ref(vpc);
      ep["ServiceName"] = Template::sub("com.amazonaws.${AWS::Region}." + std::string(name));
      ep["VpcEndpointType"] = "Interface";
      ep["PrivateDnsEnabled"] = true;
      ep["SubnetIds"] = subnetsOf(t, *home);
      ep["SecurityGroupIds"] = Json::array({Template::getAtt(group, "GroupId")});
    }
  }
}

}  // namespace

std::int64_t zonesOf(const ir::Graph& g, ir::Index network) { return g.components[network].number("zones", 2); }

std::string subnetId(const ir::Component& tier, std::int64_t zone) { return fmt::format("{}Subnet{}", tier.id, zone + 1); }

Json subnetsOf(const Template& t, ir::Index tier) {
  const ir::Graph& g = t.graph();
  Json out = Json::array();
  std::int64_t zones = zonesOf(g, *g.components[tier].parent);
  for (std::int64_t z = 0; z < zones; ++z) out.push_back(Template::ref(subnetId(g.components[tier], z)));
  return out;
}

std::string emitSubnetGroup(Template& t, const ir::Component& c, std::string_view type, std::string_view description) {
  const std::string id = c.id + "SubnetGroup";
  Json& sg = t.add(id, type, c);
  sg[std::string(description)] = fmt::format("subnets of {} {}", c.kind, c.name);
  sg["SubnetIds"] = subnetsOf(t, *c.tier);
  return id;
}

void emitNetwork(Template& t, ir::Index i) {
  const ir::Graph& g = t.graph();
  const ir::Component& net = g.components[i];
  const std::string vpc = net.id + "Vpc";
  Json& v = t.add(vpc, "AWS::EC2::VPC", net);
  v["CidrBlock"] = net.prop("cidr")->text;
  v["EnableDnsHostnames"] = true;
  v["EnableDnsSupport"] = true;

  std::vector<ir::Index> tiers = tiersOf(g, i);
  std::int64_t zones = zonesOf(g, i);
  std::string nat = net.text("nat");
  std::optional<ir::Index> public_tier;
  for (ir::Index tier : tiers)
    if (tierIsPublic(g.components[tier])) public_tier = public_tier ? public_tier : tier;

  const std::string igw = net.id + "InternetGateway", attach = net.id + "GatewayAttachment";
  if (public_tier) {
    t.add(igw, "AWS::EC2::InternetGateway", net);
    Json& a = t.add(attach, "AWS::EC2::VPCGatewayAttachment", net, Tagging::None);
    a["VpcId"] = Template::ref(vpc);
    a["InternetGatewayId"] = Template::ref(igw);
  }

  // Subnets.
  for (ir::Index tier : tiers) {
    const ir::Component& tc = g.components[tier];
    for (std::int64_t z = 0; z < zones; ++z) {
      Json& s = t.add(subnetId(tc, z), "AWS::EC2::Subnet", tc);
      s["VpcId"] = Template::ref(vpc);
      s["CidrBlock"] = subnetCidr(net, tc, z);
      s["AvailabilityZone"] = Json{{"Fn::Select", Json::array({z, Json{{"Fn::GetAZs", ""}}})}};
      s["MapPublicIpOnLaunch"] = tierIsPublic(tc);
    }
  }

  // NAT gateways, in the public tier: one per zone, or one for all.
  std::vector<std::string> nats;
  if (nat != "none" && public_tier) {
    std::int64_t count = nat == "single" ? 1 : zones;
    for (std::int64_t z = 0; z < count; ++z) {
      std::string eip = fmt::format("{}NatAddress{}", net.id, z + 1), gw = fmt::format("{}NatGateway{}", net.id, z + 1);
      Json& e = t.add(eip, "AWS::EC2::EIP", net);
      e["Domain"] = "vpc";
      t.resource(eip)["DependsOn"] = attach;
      Json& n = t.add(gw, "AWS::EC2::NatGateway", net);
      n["AllocationId"] = Template::getAtt(eip, "AllocationId");
      n["SubnetId"] = Template::ref(subnetId(g.components[*public_tier], z));
      nats.push_back(gw);
    }
  }

  // Route tables: public tiers route to the internet gateway; private tiers
  // to their zone's NAT gateway; isolated tiers nowhere outside the VPC.
  std::vector<std::string> private_tables;
  for (ir::Index tier : tiers) {
    const ir::Component& tc = g.components[tier];
    bool is_public = tierIsPublic(tc), isolated = tc.flag("isolated");
    bool per_zone = !is_public && !isolated && nats.size() > 1;
    std::int64_t tables = per_zone ? zones : 1;
    for (std::int64_t z = 0; z < tables; ++z) {
      std::string table = per_zone ? fmt::format("{}RouteTable{}", tc.id, z + 1) : tc.id + "RouteTable";
      Json& rt = t.add(table, "AWS::EC2::RouteTable", tc);
      rt["VpcId"] = Template::ref(vpc);
      if (!is_public) private_tables.push_back(table);
      if (is_public || (!isolated && !nats.empty())) {
        std::string route = table.substr(0, table.size() - std::string("RouteTable").size()) + "DefaultRoute";
        if (per_zone) route = fmt::format("{}DefaultRoute{}", tc.id, z + 1);
        Json& r = t.add(route, "AWS::EC2::Route", tc, Tagging::None);
        r["RouteTableId"] = Template::ref(table);
        r["DestinationCidrBlock"] = "0.0.0.0/0";
        if (is_public) {
          r["GatewayId"] = Template::ref(igw);
          t.resource(route)["DependsOn"] = attach;
        } else {
          r["NatGatewayId"] = Template::ref(nats[static_cast<std::size_t>(per_zone ? z : 0)]);
        }
      }
      for (std::int64_t zone = per_zone ? z : 0; zone < (per_zone ? z + 1 : zones); ++zone) {
        std::string assoc = fmt::format("{}RouteTableAssociation{}", tc.id, zone + 1);
        Json& a = t.add(assoc, "AWS::EC2::SubnetRouteTableAssociation", tc, Tagging::None);
        a["SubnetId"] = Template::ref(subnetId(tc, zone));
        a["RouteTableId"] = Template::ref(table);
      }
    }
  }

  // Gateway endpoints keep S3 and DynamoDB traffic inside AWS's network;
  // interface endpoints reach the other services without a NAT gateway.
  std::vector<std::string> interfaces;
  if (const sema::Value* endpoints = net.prop("endpoints"); endpoints && endpoints->ok()) {
    for (const sema::Value& e : endpoints->items) {
      if (e.text != "s3" && e.text != "dynamodb") {
        interfaces.push_back(e.text);
        continue;
      }
      std::string id = net.id + ir::identifier(e.text) + "Endpoint";
      Json& ep = t.add(id, "AWS::EC2::VPCEndpoint", net);
      ep["VpcId"] = Template::ref(vpc);
      ep["ServiceName"] = Template::sub("com.amazonaws.${AWS::Region}." + e.text);
      ep["VpcEndpointType"] = "Gateway";
      Json tables = Json::array();
      for (const std::string& table : private_tables) tables.push_back(Template::ref(table));
      ep["RouteTableIds"] = tables;
    }
  }
  if (!interfaces.empty()) emitInterfaceEndpoints(t, i, tiers, interfaces);

  // Flow logs to CloudWatch Logs, with a role that may write only there.
  if (net.flag("flow_logs", true)) {
    std::string group = net.id + "FlowLogGroup", role = net.id + "FlowLogRole";
    Json& lg = t.add(group, "AWS::Logs::LogGroup", net);
    lg["RetentionInDays"] = logRetentionDays(net.number("flow_log_retention", 90LL * 86'400'000));
    Json& r = t.add(role, "AWS::IAM::Role", net);
    r["AssumeRolePolicyDocument"] = Json{
        {"Version", "2012-10-17"},
        {"Statement", Json::array({Json{{"Effect", "Allow"},
                                        {"Principal", Json{{"Service", "vpc-flow-logs.amazonaws.com"}}},
                                        {"Action", "sts:AssumeRole"}}})}};
    r["Policies"] = Json::array({Json{
        {"PolicyName", "flow-logs"},
        {"PolicyDocument",
         Json{{"Version", "2012-10-17"},
              {"Statement", Json::array({Json{{"Effect", "Allow"},
                                              {"Action", Json::array({"logs:CreateLogStream", "logs:DescribeLogStreams",
                                                                      "logs:PutLogEvents"})},
                                              {"Resource", Template::getAtt(group, "Arn")}}})}}}}});
    Json& f = t.add(net.id + "FlowLog", "AWS::EC2::FlowLog", net);
    f["ResourceId"] = Template::ref(vpc);
    f["ResourceType"] = "VPC";
    f["TrafficType"] = "ALL";
    f["LogDestinationType"] = "cloud-watch-logs";
    f["LogGroupName"] = Template::ref(group);
    f["DeliverLogsPermissionArn"] = Template::getAtt(role, "Arn");
  }
  t.output(net.id + "VpcId", Template::ref(vpc), fmt::format("VPC of network `{}`", net.name));
}

}  // namespace arch::cloudformation
