// Security groups from the IR's ingress and egress: every component with a
// network identity gets a group that admits only what connections allow,
// and sends only where they go. Rules are separate resources, so groups that
// admit each other never form a dependency cycle. Also the IAM policy
// documents built from grants.
#include <cctype>

#include <fmt/format.h>

#include "backends/cloudformation/template.h"

namespace arch::cloudformation {
namespace {

std::string vpcOf(const ir::Graph& g, ir::Index i) {
  const ir::Component& c = g.components[i];
  return g.components[*c.network].id + "Vpc";
}

// EC2 takes only a-zA-Z0-9, spaces and ._-:/()#,@[]+=&;{}!$* in group and
// rule descriptions: the IR's `api -> db` reads `api to db`, and anything
// else outside the set becomes a space.
std::string ec2Description(const std::string& text) {
  std::string out;
  for (std::size_t k = 0; k < text.size(); ++k) {
    if (text.compare(k, 2, "->") == 0) {
      out += "to";
      ++k;
      continue;
    }
    char ch = text[k];
    bool ok = std::isalnum(static_cast<unsigned char>(ch)) || std::string_view(" ._-:/()#,@[]+=&;{}!$*").find(ch) != std::string_view::npos;
    out += ok ? ch : ' ';
  }
  return out;
}

}  // namespace

Json noEgress() {
  return Json::array({Json{{"CidrIp", "255.255.255.255/32"}, {"IpProtocol", "icmp"}, {"FromPort", 252},
                           {"ToPort", 86}, {"Description", "no egress but what connections allow"}}});
}

void tcpRule(Template& t, const std::string& id, const ir::Component& owner, Direction direction,
             const std::string& group, const std::string& peer, std::int64_t port, const std::string& why) {
  bool in = direction == Direction::Ingress;
  Json& r = t.add(id, in ? "AWS::EC2::SecurityGroupIngress" : "AWS::EC2::SecurityGroupEgress", owner, Tagging::None);
  r["GroupId"] = Template::getAtt(group, "GroupId");
  r[in ? "SourceSecurityGroupId" : "DestinationSecurityGroupId"] = Template::getAtt(peer, "GroupId");
  r["IpProtocol"] = "tcp";
  r["FromPort"] = port;
  r["ToPort"] = port;
  r["Description"] = ec2Description(why);
}

bool hasSecurityGroup(const ir::Graph& g, ir::Index i) {
  const ir::Component& c = g.components[i];
  if (!c.network || !c.flag("enabled", true)) return false;
  return c.kind == "load_balancer" || c.kind == "container_service" || c.kind == "database" || c.kind == "cache" ||
         c.kind == "database_proxy" || c.kind == "function";
}

std::string securityGroupId(const ir::Component& c) { return c.id + "SecurityGroup"; }

void emitSecurityGroups(Template& t) {
  const ir::Graph& g = t.graph();
  for (ir::Index i = 0; i < g.components.size(); ++i) {
    if (!hasSecurityGroup(g, i)) continue;
    const ir::Component& c = g.components[i];
    Json& sg = t.add(securityGroupId(c), "AWS::EC2::SecurityGroup", c);
    sg["GroupDescription"] = ec2Description(fmt::format("{} {}: admits only its connections", c.kind, c.name));
    sg["VpcId"] = Template::ref(vpcOf(g, i));
    Json egress = Json::array();
    for (const ir::Egress& e : g.egress)
      if (e.source == i && !e.target)
        egress.push_back(Json{{"CidrIp", "0.0.0.0/0"}, {"IpProtocol", "tcp"}, {"FromPort", e.port}, {"ToPort", e.port},
                              {"Description", ec2Description(e.why)}});
    sg["SecurityGroupEgress"] = egress.empty() ? noEgress() : egress;
    // A public load balancer is the one entry from the internet: HTTPS, and
    // HTTP only to redirect (or serve, without a certificate).
    if (c.kind == "load_balancer" && !c.flag("internal")) {
      Json ingress = Json::array();
      bool https = !c.text("https").empty() || (c.prop("https") && c.prop("https")->deferred);
      if (https)
        ingress.push_back(Json{{"CidrIp", "0.0.0.0/0"}, {"IpProtocol", "tcp"}, {"FromPort", 443}, {"ToPort", 443},
                               {"Description", "HTTPS from the internet"}});
      if (!https || c.flag("redirect_http", true))
        ingress.push_back(Json{{"CidrIp", "0.0.0.0/0"}, {"IpProtocol", "tcp"}, {"FromPort", 80}, {"ToPort", 80},
                               {"Description", https ? "HTTP from the internet, redirected to HTTPS" : "HTTP from the internet"}});
      sg["SecurityGroupIngress"] = ingress;
    }
  }
  for (const ir::Ingress& in : g.ingress) {
    if (!hasSecurityGroup(g, in.target) || !hasSecurityGroup(g, in.source)) continue;
    const ir::Component& target = g.components[in.target];
    const ir::Component& source = g.components[in.source];
    tcpRule(t, fmt::format("{}From{}Ingress", target.id, source.id), target, Direction::Ingress,
            securityGroupId(target), securityGroupId(source), in.port, in.why);
  }
  for (const ir::Egress& e : g.egress) {
    if (!e.target || !hasSecurityGroup(g, e.source) || !hasSecurityGroup(g, *e.target)) continue;
    const ir::Component& source = g.components[e.source];
    const ir::Component& target = g.components[*e.target];
    tcpRule(t, fmt::format("{}To{}Egress", source.id, target.id), source, Direction::Egress,
            securityGroupId(source), securityGroupId(target), e.port, e.why);
  }
}

Json arnOf(const Template& t, ir::Index i) {
  const ir::Component& c = t.graph().components[i];
  if (c.kind == "topic" || c.kind == "secret") return Template::ref(c.id);  // Ref is the ARN
  return Template::getAtt(c.id, "Arn");
}

Json grantsPolicy(const Template& t, ir::Index principal, bool at_launch) {
  const ir::Graph& g = t.graph();
  Json statements = Json::array();
  for (const ir::Grant& gr : g.grants) {
    if (gr.principal != principal || gr.at_launch != at_launch) continue;
    const ir::Component& r = g.components[gr.resource];
    Json resource;
    switch (gr.scope) {
      case ir::GrantScope::Resource: resource = arnOf(t, gr.resource); break;
      case ir::GrantScope::Objects: resource = Template::sub("${" + r.id + ".Arn}/*"); break;
      case ir::GrantScope::Secret: resource = Template::getAtt(r.id, "MasterUserSecret.SecretArn"); break;
      case ir::GrantScope::DatabaseUser: resource = databaseUserArn(t, gr.resource); break;
    }
    statements.push_back(Json{{"Effect", "Allow"}, {"Action", gr.actions}, {"Resource", resource}});
  }
  if (statements.empty()) return nullptr;
  return Json{{"Version", "2012-10-17"}, {"Statement", statements}};
}

}  // namespace arch::cloudformation
