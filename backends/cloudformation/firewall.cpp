// WAF web ACLs: AWS managed rule groups, a rate limit, geo blocking; the
// scope (CLOUDFRONT or REGIONAL) follows from what the firewall protects,
// and its request logs go to a CloudWatch Logs group (logs.cpp).
#include <cctype>

#include <fmt/format.h>

#include "backends/cloudformation/template.h"

namespace arch::cloudformation {
namespace {

struct ManagedGroup {
  std::string_view rule;
  std::string_view name;
};

constexpr ManagedGroup kManagedGroups[] = {
    {"aws_common", "AWSManagedRulesCommonRuleSet"},
    {"known_bad_inputs", "AWSManagedRulesKnownBadInputsRuleSet"},
    {"ip_reputation", "AWSManagedRulesAmazonIpReputationList"},
    {"anonymous_ip", "AWSManagedRulesAnonymousIpList"},
    {"sql_injection", "AWSManagedRulesSQLiRuleSet"},
    {"linux", "AWSManagedRulesLinuxRuleSet"},
    {"unix", "AWSManagedRulesUnixRuleSet"},
    {"windows", "AWSManagedRulesWindowsRuleSet"},
    {"php", "AWSManagedRulesPHPRuleSet"},
    {"wordpress", "AWSManagedRulesWordPressRuleSet"},
    {"admin_protection", "AWSManagedRulesAdminProtectionRuleSet"},
    {"bot_control", "AWSManagedRulesBotControlRuleSet"},
};

Json visibility(const Json& metric) {
  return Json{{"CloudWatchMetricsEnabled", true}, {"MetricName", metric}, {"SampledRequestsEnabled", true}};
}

}  // namespace

std::string firewallName(const ir::Component& fw) { return "${AWS::StackName}-" + fw.id; }

bool protectsCdn(const ir::Graph& g, ir::Index fw) {
  for (const ir::Connection* c : g.from(fw))
    if (c->meaning == "protects" && g.components[c->to].kind == "cdn") return true;
  return false;
}

void emitFirewall(Template& t, ir::Index i) {
  const ir::Graph& g = t.graph();
  const ir::Component& fw = g.components[i];
  std::size_t before = t.diags().errorCount();

  bool cloudfront = protectsCdn(g, i);
  std::vector<ir::Index> regional_targets;  // load balancers and REST API stages
  for (const ir::Connection* c : g.from(i)) {
    if (c->meaning != "protects") continue;
    const ir::Component& target = g.components[c->to];
    if (target.kind == "cdn") continue;
    if (target.kind == "load_balancer" || target.kind == "rest_api") {
      regional_targets.push_back(c->to);
    } else {
      refuse(t, c->span, fmt::format("firewall `{}` protecting a `{}` (`{}`)", fw.name, target.kind, target.name))
          .addNote(fmt::format("the CloudFront backend does not emit the `{}` kind yet", target.kind));
    }
  }
  if (cloudfront && !regional_targets.empty())
    refuse(t, fw.span, fmt::format("firewall `{}` protecting both a cdn and a load balancer or API", fw.name))
        .addNote("a web ACL has one scope: CLOUDFRONT (created in us-east-1) for distributions, REGIONAL for load balancers and APIs")
        .addHelp("declare one firewall for the cdn and another for the load balancers");
  if (cloudfront && !g.region.empty() && g.region != "us-east-1")
    refuse(t, fw.span, fmt::format("firewall `{}` for a cdn in region {}", fw.name, g.region))
        .addNote("a web ACL for CloudFront (scope CLOUDFRONT) can only be created in us-east-1, and this stack deploys to " +
                 g.region)
        .addNote("a separate us-east-1 stack for it, referenced across regions, is not emitted yet")
        .addHelp("deploy to `region = \"us-east-1\"`, or protect the load balancer with a REGIONAL firewall instead");
  for (std::string_view key : {"allow_ips", "block_ips"})
    if (!texts(fw, key).empty())
      refuse(t, fw.prop(key)->span.valid() ? fw.prop(key)->span : fw.span, fmt::format("`{}` of firewall `{}`", key, fw.name))
          .addNote("address lists need an AWS::WAFv2::IPSet, which archc does not emit yet");
  if (t.diags().errorCount() != before) return;

  bool count = fw.text("mode") == "count";
  Json action = count ? Json{{"Count", Json::object()}} : Json{{"Block", Json::object()}};
  Json rules = Json::array();
  std::int64_t priority = 0;
  auto metric = [&](std::string_view rule) { return fmt::format("{}-{}", fw.id, rule); };

  if (std::vector<std::string> countries = texts(fw, "blocked_countries"); !countries.empty())
    rules.push_back(Json{{"Name", "BlockedCountries"},
                         {"Priority", priority++},
                         {"Action", action},
                         {"Statement", Json{{"GeoMatchStatement", Json{{"CountryCodes", countries}}}}},
                         {"VisibilityConfig", visibility(metric("BlockedCountries"))}});
  if (const sema::Value* limit = fw.prop("rate_limit"); limit && limit->ok()) {
    std::int64_t window = seconds(fw.prop("rate_window"), 300);
    // WAF counts over 60, 120, 300 or 600 seconds: the next one up.
    for (std::int64_t w : {60, 120, 300, 600})
      if (window <= w) {
        window = w;
        break;
      }
    rules.push_back(Json{{"Name", "RateLimit"},
                         {"Priority", priority++},
                         {"Action", action},
                         {"Statement", Json{{"RateBasedStatement", Json{{"Limit", limit->number},
                                                                        {"AggregateKeyType", "IP"},
                                                                        {"EvaluationWindowSec", std::min<std::int64_t>(window, 600)}}}}},
                         {"VisibilityConfig", visibility(metric("RateLimit"))}});
  }
  for (const std::string& r : texts(fw, "rules")) {
    const ManagedGroup* group = nullptr;
    for (const ManagedGroup& m : kManagedGroups)
      if (m.rule == r) group = &m;
    if (!group) continue;
    Json statement = {{"VendorName", "AWS"}, {"Name", std::string(group->name)}};
    if (r == "bot_control")
      statement["ManagedRuleGroupConfigs"] =
          Json::array({Json{{"AWSManagedRulesBotControlRuleSet", Json{{"InspectionLevel", "COMMON"}}}}});
    rules.push_back(Json{{"Name", std::string(group->name)},
                         {"Priority", priority++},
                         {"OverrideAction", count ? Json{{"Count", Json::object()}} : Json{{"None", Json::object()}}},
                         {"Statement", Json{{"ManagedRuleGroupStatement", statement}}},
                         {"VisibilityConfig", visibility(metric(group->name))}});
  }

  Json& acl = t.add(fw.id, "AWS::WAFv2::WebACL", fw);
  acl["Name"] = Template::sub(firewallName(fw));
  // WAF allows letters, digits and =:#@/-,. (spaces inside) in a
  // description: `app.edge_waf` reads `firewall app.edge-waf`.
  std::string name = fw.name;
  for (char& ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch)) && std::string_view("=:#@/-,.").find(ch) == std::string_view::npos) ch = '-';
  acl["Description"] = "firewall " + name;
  acl["Scope"] = cloudfront ? "CLOUDFRONT" : "REGIONAL";
  acl["DefaultAction"] = Json{{"Allow", Json::object()}};
  acl["Rules"] = rules;
  // The metric name is the web ACL's name: alarms name it in the WebACL dimension.
  acl["VisibilityConfig"] = visibility(Template::sub(firewallName(fw)));

  if (fw.flag("logs", true)) emitFirewallLogging(t, fw);

  for (ir::Index k : regional_targets) {
    const ir::Component& target = g.components[k];
    const std::string id = fw.id + target.id + "Association";
    Json& a = t.add(id, "AWS::WAFv2::WebACLAssociation", fw, Tagging::None);
    if (target.kind == "rest_api") {
      // A REST API is protected per stage; the stage's Ref is its name.
      a["ResourceArn"] = Template::sub("arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${" + target.id +
                                       "}/stages/${" + target.id + "Stage}");
    } else {
      a["ResourceArn"] = Template::ref(target.id + "LoadBalancer");
    }
    a["WebACLArn"] = Template::getAtt(fw.id, "Arn");
  }
}

}  // namespace arch::cloudformation
