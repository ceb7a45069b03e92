// Load balancers (ALB, target groups per `target` connection, HTTPS
// listener with HTTP redirect) and container services (ECS on Fargate in
// private subnets: cluster per network, task definition with separate task
// and execution roles, log group, service with circuit breaker, target
// tracking auto scaling).
#include <fmt/format.h>

#include "backends/cloudformation/template.h"

namespace arch::cloudformation {
namespace {

std::string targetGroupId(const ir::Component& lb, const ir::Component& service) {
  return fmt::format("{}{}TargetGroup", lb.id, service.id);
}

// `shop/api:1.8.0` is a repository in the account's ECR (the catalog's
// meaning, and where a pipeline pushes); a name whose first part is a
// registry host (`public.ecr.aws/...`, `ghcr.io/...`, `localhost:5000/...`)
// or a deploy-time input is used as it is.
Json imageUri(Template& t, const ir::Component& svc) {
  const sema::Value* image = svc.prop("image");
  if (!image || !image->ok()) return "";
  std::string first = image->text.substr(0, image->text.find('/'));
  bool registry = image->text.find('/') != std::string::npos &&
                  (first.find('.') != std::string::npos || first.find(':') != std::string::npos || first == "localhost");
  if (registry || image->text.rfind("${param:", 0) == 0) return t.string(*image);
  sema::Value ecr = *image;
  ecr.text = "${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/" + image->text;
  ecr.deferred = true;  // an Fn::Sub, with any deploy-time inputs inside
  return t.string(ecr);
}

std::int64_t targetPort(const ir::Graph& g, const ir::Connection& c) {
  const sema::Value* p = c.settings.field("port");
  return p && p->ok() ? p->number : g.components[c.to].number("port", 80);
}

}  // namespace

bool behindCdn(const ir::Graph& g, ir::Index lb) {
  for (const ir::Connection* c : g.to(lb))
    if (c->meaning == "origin" && g.components[c->from].kind == "cdn") return true;
  return false;
}

Json originVerifyValue(const ir::Component& lb) {
  return Template::sub("{{resolve:secretsmanager:${" + lb.id + "OriginSecret}:SecretString}}");
}

void emitLoadBalancer(Template& t, ir::Index i) {
  const ir::Graph& g = t.graph();
  const ir::Component& lb = g.components[i];
  const std::string id = lb.id + "LoadBalancer";
  std::string log_policy = lb.flag("access_logs") ? emitAccessLogBucket(t, lb) : "";
  Json& p = t.add(id, "AWS::ElasticLoadBalancingV2::LoadBalancer", lb);
  p["Type"] = "application";
  p["Scheme"] = lb.flag("internal") ? "internal" : "internet-facing";
  p["Subnets"] = subnetsOf(t, *lb.tier);
  p["SecurityGroups"] = Json::array({Template::getAtt(securityGroupId(lb), "GroupId")});
  p["LoadBalancerAttributes"] = Json::array({
      Json{{"Key", "idle_timeout.timeout_seconds"}, {"Value", std::to_string(seconds(lb.prop("idle_timeout"), 60))}},
      Json{{"Key", "routing.http.drop_invalid_header_fields.enabled"},
           {"Value", lb.flag("drop_invalid_headers", true) ? "true" : "false"}},
      Json{{"Key", "deletion_protection.enabled"}, {"Value", lb.flag("deletion_protection") ? "true" : "false"}},
  });
  if (!log_policy.empty()) {
    p["LoadBalancerAttributes"].push_back(Json{{"Key", "access_logs.s3.enabled"}, {"Value", "true"}});
    p["LoadBalancerAttributes"].push_back(Json{{"Key", "access_logs.s3.bucket"}, {"Value", Template::ref(lb.id + "AccessLogs")}});
    // Enabling access logs fails unless the bucket already admits the writer.
    t.resource(id)["DependsOn"] = Json::array({log_policy});
  }

  // One target group per service it forwards to.
  std::vector<const ir::Connection*> targets;
  for (const ir::Connection* c : g.from(i))
    if (c->meaning == "target") targets.push_back(c);
  for (const ir::Connection* c : targets) {
    const ir::Component& svc = g.components[c->to];
    Json& tg = t.add(targetGroupId(lb, svc), "AWS::ElasticLoadBalancingV2::TargetGroup", svc);
    tg["TargetType"] = "ip";
    tg["Protocol"] = "HTTP";
    tg["Port"] = targetPort(g, *c);
    tg["VpcId"] = Template::ref(g.components[*lb.network].id + "Vpc");
    const sema::Value* check = svc.prop("health_check");
    tg["HealthCheckPath"] = svc.text("health").empty() ? "/" : svc.text("health");
    tg["HealthCheckIntervalSeconds"] = check ? seconds(check->field("interval"), 30) : 30;
    tg["HealthCheckTimeoutSeconds"] = check ? seconds(check->field("timeout"), 5) : 5;
    tg["HealthyThresholdCount"] = check && check->field("healthy") ? check->field("healthy")->number : 3;
    tg["UnhealthyThresholdCount"] = check && check->field("unhealthy") ? check->field("unhealthy")->number : 2;
    tg["Matcher"] = Json{{"HttpCode", "200-399"}};
    const sema::Value* drain = c->settings.field("drain");
    tg["TargetGroupAttributes"] = Json::array(
        {Json{{"Key", "deregistration_delay.timeout_seconds"}, {"Value", std::to_string(seconds(drain, 30))}}});
  }
  // Behind a cdn, the load balancer forwards only requests that carry the
  // distribution's secret header: asking its DNS name directly would skip
  // CloudFront and the web ACL in front of it (defense in depth).
  bool guarded = behindCdn(g, i) && !targets.empty();
  if (guarded) {
    Json& secret = t.add(lb.id + "OriginSecret", "AWS::SecretsManager::Secret", lb);
    secret["Description"] = fmt::format("the header CloudFront sends to load balancer {}", lb.name);
    secret["GenerateSecretString"] = Json{{"PasswordLength", 40}, {"ExcludePunctuation", true}};
  }
  Json forward = guarded ? Json{{"Type", "fixed-response"},
                                {"FixedResponseConfig", Json{{"StatusCode", "403"}, {"ContentType", "text/plain"},
                                                             {"MessageBody", "reach this service through its CDN"}}}}
                 : targets.empty()
                     ? Json{{"Type", "fixed-response"}, {"FixedResponseConfig", Json{{"StatusCode", "404"}}}}
                     : Json{{"Type", "forward"},
                            {"TargetGroupArn", Template::ref(targetGroupId(lb, g.components[targets[0]->to]))}};

  const sema::Value* https = lb.prop("https");
  bool has_https = https && https->ok() && (https->deferred || !https->text.empty());
  std::string main_listener = lb.id + (has_https ? "HttpsListener" : "HttpListener");
  if (has_https) {
    Json& l = t.add(main_listener, "AWS::ElasticLoadBalancingV2::Listener", lb);
    l["LoadBalancerArn"] = Template::ref(id);
    l["Port"] = 443;
    l["Protocol"] = "HTTPS";
    l["SslPolicy"] = lb.text("ssl_policy").empty() ? "ELBSecurityPolicy-TLS13-1-2-2021-06" : lb.text("ssl_policy");
    l["Certificates"] = Json::array({Json{{"CertificateArn", t.string(*https)}}});
    l["DefaultActions"] = Json::array({forward});
    if (lb.flag("redirect_http", true)) {
      Json& r = t.add(lb.id + "HttpListener", "AWS::ElasticLoadBalancingV2::Listener", lb);
      r["LoadBalancerArn"] = Template::ref(id);
      r["Port"] = 80;
      r["Protocol"] = "HTTP";
      r["DefaultActions"] = Json::array({Json{
          {"Type", "redirect"},
          {"RedirectConfig", Json{{"Protocol", "HTTPS"}, {"Port", "443"}, {"StatusCode", "HTTP_301"}}}}});
    }
  } else {
    Json& l = t.add(main_listener, "AWS::ElasticLoadBalancingV2::Listener", lb);
    l["LoadBalancerArn"] = Template::ref(id);
    l["Port"] = 80;
    l["Protocol"] = "HTTP";
    l["DefaultActions"] = Json::array({forward});
  }
  // Further services by path: `web -> admin : 8080 { path = "/admin/*" }`;
  // behind a cdn every service, each rule also asking for the header.
  for (std::size_t k = guarded ? 0 : 1; k < targets.size(); ++k) {
    const ir::Connection* c = targets[k];
    const ir::Component& svc = g.components[c->to];
    const sema::Value* path = c->settings.field("path");
    Json& rule = t.add(fmt::format("{}{}Rule", lb.id, svc.id), "AWS::ElasticLoadBalancingV2::ListenerRule", svc);
    rule["ListenerArn"] = Template::ref(main_listener);
    rule["Priority"] = static_cast<std::int64_t>(guarded ? k + 1 : k);
    rule["Conditions"] = Json::array({Json{{"Field", "path-pattern"},
                                           {"PathPatternConfig", Json{{"Values", Json::array({path ? path->text : "/*"})}}}}});
    if (guarded)
      rule["Conditions"].push_back(Json{{"Field", "http-header"},
                                        {"HttpHeaderConfig", Json{{"HttpHeaderName", std::string(kOriginVerifyHeader)},
                                                                  {"Values", Json::array({originVerifyValue(lb)})}}}});
    rule["Actions"] = Json::array({Json{{"Type", "forward"}, {"TargetGroupArn", Template::ref(targetGroupId(lb, svc))}}});
  }
  t.output(lb.id + "Url", Template::sub(std::string(has_https ? "https" : "http") + "://${" + id + ".DNSName}"),
           fmt::format("address of load balancer `{}`", lb.name));
}

void emitContainerService(Template& t, ir::Index i) {
  const ir::Graph& g = t.graph();
  const ir::Component& svc = g.components[i];
  const ir::Component& net = g.components[*svc.network];
  const std::string cluster = net.id + "Cluster";
  if (!t.has(cluster)) {
    Json& c = t.add(cluster, "AWS::ECS::Cluster", net);
    c["ClusterSettings"] = Json::array({Json{{"Name", "containerInsights"}, {"Value", "enabled"}}});
  }
  const std::string logs = svc.id + "LogGroup", exec_role = svc.id + "ExecutionRole", task_role = svc.id + "TaskRole";
  t.add(logs, "AWS::Logs::LogGroup", svc)["RetentionInDays"] = logRetentionDays(svc.number("log_retention", 30LL * 86'400'000));

  Json& er = t.add(exec_role, "AWS::IAM::Role", svc);
  er["AssumeRolePolicyDocument"] = assumeRole("ecs-tasks.amazonaws.com");
  er["ManagedPolicyArns"] =
      Json::array({Template::sub("arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy")});
  if (Json policy = grantsPolicy(t, i, true); !policy.is_null())
    er["Policies"] = Json::array({Json{{"PolicyName", "secrets"}, {"PolicyDocument", policy}}});
  Json& tr = t.add(task_role, "AWS::IAM::Role", svc);
  tr["AssumeRolePolicyDocument"] = assumeRole("ecs-tasks.amazonaws.com");
  if (Json policy = grantsPolicy(t, i); !policy.is_null())
    tr["Policies"] = Json::array({Json{{"PolicyName", "connections"}, {"PolicyDocument", policy}}});

  std::int64_t port = svc.number("port", 0);
  Json container = {{"Name", svc.name.substr(svc.name.rfind('.') + 1)}, {"Image", imageUri(t, svc)}, {"Essential", true}};
  if (port) container["PortMappings"] = Json::array({Json{{"ContainerPort", port}, {"Protocol", "tcp"}}});
  if (Json env = environment(t, i); !env.empty()) container["Environment"] = env;
  Json secrets = Json::array();
  for (const ir::EnvVar& e : g.env)
    if (e.component == i && e.value == ir::EnvValue::SecretValue)
      secrets.push_back(Json{{"Name", e.name}, {"ValueFrom", envValue(t, e)}});
  if (!secrets.empty()) container["Secrets"] = secrets;
  if (const sema::Value* cmd = svc.prop("command"); cmd && cmd->ok() && !cmd->items.empty()) {
    Json args = Json::array();
    for (const sema::Value& a : cmd->items) args.push_back(t.string(a));
    container["Command"] = args;
  }
  container["LogConfiguration"] = Json{{"LogDriver", "awslogs"},
                                       {"Options", Json{{"awslogs-group", Template::ref(logs)},
                                                        {"awslogs-region", Template::ref("AWS::Region")},
                                                        {"awslogs-stream-prefix", svc.name}}}};
  const std::string task = svc.id + "TaskDefinition";
  Json& td = t.add(task, "AWS::ECS::TaskDefinition", svc);
  td["Family"] = Template::sub("${AWS::StackName}-" + svc.id);
  td["Cpu"] = std::to_string(svc.number("cpu", 256));
  td["Memory"] = std::to_string(svc.number("memory", 512LL << 20) >> 20);
  td["NetworkMode"] = "awsvpc";
  td["RequiresCompatibilities"] = Json::array({"FARGATE"});
  td["ExecutionRoleArn"] = Template::getAtt(exec_role, "Arn");
  td["TaskRoleArn"] = Template::getAtt(task_role, "Arn");
  td["RuntimePlatform"] = Json{{"CpuArchitecture", svc.text("platform") == "arm64" ? "ARM64" : "X86_64"},
                               {"OperatingSystemFamily", "LINUX"}};
  td["ContainerDefinitions"] = Json::array({container});

  const sema::Value* scale = svc.prop("scale");
  std::int64_t min = scale && scale->field("min") ? scale->field("min")->number : 2;
  std::int64_t max = scale && scale->field("max") ? scale->field("max")->number : min;
  const std::string service = svc.id + "Service";
  Json& s = t.add(service, "AWS::ECS::Service", svc);
  s["Cluster"] = Template::ref(cluster);
  s["TaskDefinition"] = Template::ref(task);
  s["DesiredCount"] = min;
  if (svc.text("capacity") == "fargate_spot")
    s["CapacityProviderStrategy"] = Json::array({Json{{"CapacityProvider", "FARGATE_SPOT"}, {"Weight", 1}}});
  else
    s["LaunchType"] = "FARGATE";
  s["DeploymentConfiguration"] = Json{{"DeploymentCircuitBreaker", Json{{"Enable", svc.flag("circuit_breaker", true)}, {"Rollback", true}}},
                                      {"MaximumPercent", 200},
                                      {"MinimumHealthyPercent", 100}};
  s["NetworkConfiguration"] = Json{{"AwsvpcConfiguration", Json{{"AssignPublicIp", svc.flag("public_ip") ? "ENABLED" : "DISABLED"},
                                                                {"SecurityGroups", Json::array({Template::getAtt(securityGroupId(svc), "GroupId")})},
                                                                {"Subnets", subnetsOf(t, *svc.tier)}}}};
  s["EnableExecuteCommand"] = svc.flag("exec");
  s["PropagateTags"] = "SERVICE";
  Json lbs = Json::array();
  Json depends = Json::array();
  for (const ir::Connection* c : g.to(i)) {
    if (c->meaning != "target") continue;
    const ir::Component& lb = g.components[c->from];
    lbs.push_back(Json{{"ContainerName", container["Name"]}, {"ContainerPort", targetPort(g, *c)},
                       {"TargetGroupArn", Template::ref(targetGroupId(lb, svc))}});
    // The target group must belong to a listener before the service uses it.
    const sema::Value* https = lb.prop("https");
    bool has_https = https && https->ok() && (https->deferred || !https->text.empty());
    depends.push_back(lb.id + (has_https ? "HttpsListener" : "HttpListener"));
  }
  if (!lbs.empty()) {
    s["LoadBalancers"] = lbs;
    const sema::Value* check = svc.prop("health_check");
    s["HealthCheckGracePeriodSeconds"] = check ? seconds(check->field("grace"), 60) : 60;
    t.resource(service)["DependsOn"] = depends;
  }

  if (max > min || (scale && scale->ok())) {
    const std::string target = svc.id + "ScalableTarget";
    Json& st = t.add(target, "AWS::ApplicationAutoScaling::ScalableTarget", svc);
    st["MinCapacity"] = min;
    st["MaxCapacity"] = max;
    st["ResourceId"] = Template::sub("service/${" + cluster + "}/${" + service + ".Name}");
    st["ScalableDimension"] = "ecs:service:DesiredCount";
    st["ServiceNamespace"] = "ecs";
    auto policy = [&](std::string_view suffix, std::string_view metric, const sema::Value* value) {
      if (!value || !value->ok()) return;
      Json& sp = t.add(svc.id + std::string(suffix) + "Scaling", "AWS::ApplicationAutoScaling::ScalingPolicy", svc,
                       Tagging::None);
      sp["PolicyName"] = Template::sub("${AWS::StackName}-" + svc.id + "-" + std::string(suffix));
      sp["PolicyType"] = "TargetTrackingScaling";
      sp["ScalingTargetId"] = Template::ref(target);
      sp["TargetTrackingScalingPolicyConfiguration"] =
          Json{{"TargetValue", static_cast<double>(value->number) / 100.0},
               {"PredefinedMetricSpecification", Json{{"PredefinedMetricType", std::string(metric)}}},
               {"ScaleInCooldown", seconds(scale->field("cooldown_in"), 300)},
               {"ScaleOutCooldown", seconds(scale->field("cooldown_out"), 60)}};
    };
    if (scale) {
      policy("Cpu", "ECSServiceAverageCPUUtilization", scale->field("cpu"));
      policy("Memory", "ECSServiceAverageMemoryUtilization", scale->field("memory"));
    }
  }
}

}  // namespace arch::cloudformation
