// Operations: CloudWatch alarms on the metric of the component they watch
// (metric math for error rates, one series per node or target group where
// the metric has several), alerting an SNS topic of their own with email
// subscriptions and the topics they notify; and AWS Budgets cost budgets,
// for a part of the deployment (a budget component) or all of it (the
// deployment's `budget`).
#include <fmt/format.h>

#include "backends/cloudformation/template.h"

namespace arch::cloudformation {

void emitDeploymentBudget(Template& t);

namespace {

enum class Unit { Percent, Count, Seconds, Milliseconds, Microseconds, Bytes };

// What an alarm evaluates: one metric, a percentage of two sums (an error
// rate), or one metric over several series combined.
struct Metric {
  std::string ns, name;
  Json dimensions = Json::array();
  Unit unit = Unit::Count;
  bool sum = false;                    // a count per period: always the Sum
  std::vector<std::string> numerators;  // rate: 100 * sum(numerators) / name
  std::vector<Json> series;            // dimension sets of `name`, combined by `combine`
  std::string combine;
  bool daily = false;                  // reported once a day: the period is a day
};

Json dim(std::string name, Json value) { return Json{{"Name", std::move(name)}, {"Value", std::move(value)}}; }

std::optional<Metric> metricOf(Template& t, const ir::Component& alarm, const ir::Connection& watch, const std::string& m) {
  const ir::Graph& g = t.graph();
  const ir::Component& c = g.components[watch.to];
  Metric out;
  auto unknown = [&]() -> std::optional<Metric> {
    refuse(t, watch.span, fmt::format("the `{}` metric of {} `{}`", m, c.kind, c.name));
    return std::nullopt;
  };
  if (c.kind == "load_balancer") {
    const std::string lb = c.id + "LoadBalancer";
    out.ns = "AWS/ApplicationELB";
    out.dimensions.push_back(dim("LoadBalancer", Template::getAtt(lb, "LoadBalancerFullName")));
    if (m == "http_5xx" || m == "http_4xx") {
      std::string cls = m == "http_5xx" ? "5XX" : "4XX";
      out.unit = Unit::Percent;
      out.name = "RequestCount";
      out.numerators = {"HTTPCode_ELB_" + cls + "_Count", "HTTPCode_Target_" + cls + "_Count"};
    } else if (m == "requests") {
      out.name = "RequestCount";
      out.sum = true;
    } else if (m == "latency") {
      out.name = "TargetResponseTime";
      out.unit = Unit::Seconds;
    } else if (m == "unhealthy_targets") {
      out.name = "UnHealthyHostCount";
      out.combine = "SUM";
      for (const ir::Connection* tc : g.from(watch.to)) {
        if (tc->meaning != "target") continue;
        std::string tg = fmt::format("{}{}TargetGroup", c.id, g.components[tc->to].id);
        out.series.push_back(Json::array({dim("TargetGroup", Template::getAtt(tg, "TargetGroupFullName")),
                                          dim("LoadBalancer", Template::getAtt(lb, "LoadBalancerFullName"))}));
      }
      if (out.series.empty()) {
        refuse(t, watch.span, fmt::format("unhealthy targets of load balancer `{}`, which has no targets", c.name));
        return std::nullopt;
      }
    } else {
      return unknown();
    }
  } else if (c.kind == "container_service") {
    out.dimensions = Json::array({dim("ClusterName", Template::ref(g.components[*c.network].id + "Cluster")),
                                  dim("ServiceName", Template::getAtt(c.id + "Service", "Name"))});
    out.ns = "AWS/ECS";
    out.unit = Unit::Percent;
    if (m == "cpu") out.name = "CPUUtilization";
    else if (m == "memory") out.name = "MemoryUtilization";
    else if (m == "running_tasks") {
      out.ns = "ECS/ContainerInsights";  // the cluster has Container Insights on
      out.name = "RunningTaskCount";
      out.unit = Unit::Count;
    } else return unknown();
  } else if (c.kind == "database") {
    // Aurora reports per cluster (its volume has no free space to watch,
    // and its replica lag is AuroraReplicaLag, in milliseconds).
    bool aurora = isAurora(c);
    out.ns = "AWS/RDS";
    out.dimensions.push_back(dim(aurora ? "DBClusterIdentifier" : "DBInstanceIdentifier", Template::ref(c.id)));
    struct { std::string_view arch, aws; Unit unit; } kRds[] = {
        {"cpu", "CPUUtilization", Unit::Percent},         {"connection_count", "DatabaseConnections", Unit::Count},
        {"free_storage", "FreeStorageSpace", Unit::Bytes}, {"free_memory", "FreeableMemory", Unit::Bytes},
        {"read_latency", "ReadLatency", Unit::Seconds},    {"write_latency", "WriteLatency", Unit::Seconds},
        {"replica_lag", "ReplicaLag", Unit::Seconds}};
    struct { std::string_view arch, aws; Unit unit; } kAurora[] = {
        {"cpu", "CPUUtilization", Unit::Percent},        {"connection_count", "DatabaseConnections", Unit::Count},
        {"free_memory", "FreeableMemory", Unit::Bytes},   {"read_latency", "ReadLatency", Unit::Seconds},
        {"write_latency", "WriteLatency", Unit::Seconds}, {"replica_lag", "AuroraReplicaLag", Unit::Milliseconds}};
    if (aurora) {
      for (const auto& r : kAurora)
        if (r.arch == m) out.name = std::string(r.aws), out.unit = r.unit;
      if (out.name.empty()) return unknown();
      return out;
    }
    for (const auto& r : kRds)
      if (r.arch == m) {
        out.name = std::string(r.aws);
        out.unit = r.unit;
      }
    if (out.name.empty()) return unknown();
  } else if (c.kind == "cache") {
    // ElastiCache reports per node: `<group>-001` is the first, replicas follow.
    out.ns = "AWS/ElastiCache";
    out.combine = "MAX";
    if (m == "cpu") out.name = "EngineCPUUtilization", out.unit = Unit::Percent;
    else if (m == "memory") out.name = "DatabaseMemoryUsagePercentage", out.unit = Unit::Percent;
    else if (m == "evictions") out.name = "Evictions", out.sum = true, out.combine = "SUM";
    else if (m == "connection_count") out.name = "CurrConnections", out.combine = "SUM";
    else if (m == "replication_lag") out.name = "ReplicationLag", out.unit = Unit::Seconds;
    else return unknown();
    std::int64_t nodes = c.number("replicas", 1) + 1;
    for (std::int64_t n = 1; n <= nodes; ++n)
      out.series.push_back(Json::array({dim("CacheClusterId", Template::sub(fmt::format("${{{}}}-{:03}", c.id, n)))}));
  } else if (c.kind == "cdn") {
    if (!g.region.empty() && g.region != "us-east-1") {
      refuse(t, alarm.span, fmt::format("alarm `{}` on cdn `{}` in region {}", alarm.name, c.name, g.region))
          .addNote("CloudFront publishes its metrics in us-east-1 only, and this stack deploys to " + g.region);
      return std::nullopt;
    }
    out.ns = "AWS/CloudFront";
    out.dimensions = Json::array({dim("DistributionId", Template::ref(c.id)), dim("Region", "Global")});
    if (m == "http_5xx") out.name = "5xxErrorRate", out.unit = Unit::Percent;
    else if (m == "http_4xx") out.name = "4xxErrorRate", out.unit = Unit::Percent;
    else if (m == "requests") out.name = "Requests", out.sum = true;
    else return unknown();
  } else if (c.kind == "queue") {
    out.ns = "AWS/SQS";
    std::string queue = c.id;
    if (m == "dead_letters") {
      // The messages parked in its dead-letter queue.
      const sema::Value* dlq = c.prop("dead_letter");
      const sema::Value* enabled = dlq ? dlq->field("enabled") : nullptr;
      if (!enabled || !enabled->ok() || !enabled->flag) {
        refuse(t, watch.span, fmt::format("dead letters of queue `{}`, which has no dead-letter queue", c.name));
        return std::nullopt;
      }
      queue = c.id + "DeadLetterQueue";
    }
    out.dimensions.push_back(dim("QueueName", Template::getAtt(queue, "QueueName")));
    if (m == "depth" || m == "dead_letters") out.name = "ApproximateNumberOfMessagesVisible";
    else if (m == "age") out.name = "ApproximateAgeOfOldestMessage", out.unit = Unit::Seconds;
    else return unknown();
  } else if (c.kind == "function") {
    out.ns = "AWS/Lambda";
    out.dimensions.push_back(dim("FunctionName", Template::ref(c.id)));
    if (m == "errors") out.name = "Invocations", out.numerators = {"Errors"}, out.unit = Unit::Percent;
    else if (m == "throttles") out.name = "Throttles", out.sum = true;
    else if (m == "invocations") out.name = "Invocations", out.sum = true;
    else if (m == "concurrency") out.name = "ConcurrentExecutions";
    else if (m == "execution_time") out.name = "Duration", out.unit = Unit::Milliseconds;
    else return unknown();
  } else if (c.kind == "topic") {
    out.ns = "AWS/SNS";
    out.dimensions.push_back(dim("TopicName", Template::getAtt(c.id, "TopicName")));
    if (m == "failed") out.name = "NumberOfNotificationsFailed", out.sum = true;
    else if (m == "published") out.name = "NumberOfMessagesPublished", out.sum = true;
    else return unknown();
  } else if (c.kind == "rest_api" || c.kind == "http_api") {
    // REST APIs report by name and stage, HTTP APIs by ID and stage; the
    // error metrics are counts (REST: 5XXError, HTTP: 5xx) over Count.
    bool rest = c.kind == "rest_api";
    out.ns = "AWS/ApiGateway";
    out.dimensions = Json::array({rest ? dim("ApiName", Template::sub("${AWS::StackName}-" + c.id)) : dim("ApiId", Template::ref(c.id)),
                                  dim("Stage", t.string(c, "stage"))});
    if (m == "http_5xx" || m == "http_4xx") {
      std::string cls = m == "http_5xx" ? "5" : "4";
      out.name = "Count";
      out.numerators = {rest ? cls + "XXError" : cls + "xx"};
      out.unit = Unit::Percent;
    } else if (m == "requests") out.name = "Count", out.sum = true;
    else if (m == "latency") out.name = "Latency", out.unit = Unit::Milliseconds;
    else return unknown();
  } else if (c.kind == "database_proxy") {
    out.ns = "AWS/RDS";
    out.dimensions.push_back(dim("ProxyName", Template::ref(c.id)));
    if (m == "client_connections") out.name = "ClientConnections";
    else if (m == "database_connections") out.name = "DatabaseConnections";
    else if (m == "query_latency") out.name = "QueryDatabaseResponseLatency", out.unit = Unit::Microseconds;
    else return unknown();
  } else if (c.kind == "firewall") {
    // The web ACL's requests, all rules together; a REGIONAL web ACL also
    // names its region (a CloudFront one reports in us-east-1 without it).
    out.ns = "AWS/WAFV2";
    out.dimensions = Json::array({dim("WebACL", Template::sub(firewallName(c))), dim("Rule", "ALL")});
    if (!protectsCdn(g, watch.to)) out.dimensions.push_back(dim("Region", Template::ref("AWS::Region")));
    if (m == "blocked") out.name = "BlockedRequests", out.sum = true;
    else if (m == "allowed") out.name = "AllowedRequests", out.sum = true;
    else return unknown();
  } else if (c.kind == "bucket") {
    // S3 storage metrics are daily: one datapoint per day (see emitAlarm).
    out.ns = "AWS/S3";
    out.daily = true;
    out.dimensions.push_back(dim("BucketName", Template::ref(c.id)));
    if (m == "bytes") {
      out.name = "BucketSizeBytes", out.unit = Unit::Bytes;
      out.dimensions.push_back(dim("StorageType", "StandardStorage"));
    } else if (m == "objects") {
      out.name = "NumberOfObjects";
      out.dimensions.push_back(dim("StorageType", "AllStorageTypes"));
    } else return unknown();
  } else {
    refuse(t, watch.span, fmt::format("an alarm on a `{}` (`{}` watches `{}`)", c.kind, alarm.name, c.name))
        .addNote(fmt::format("the CloudFront backend does not emit the `{}` kind yet", c.kind));
    return std::nullopt;
  }
  return out;
}

// The threshold in the unit CloudWatch reports the metric in.
std::optional<double> thresholdIn(const sema::Value& v, Unit unit) {
  switch (v.kind) {
    case sema::TypeKind::Percent: return unit == Unit::Percent ? std::optional(static_cast<double>(v.number) / 100.0) : std::nullopt;
    case sema::TypeKind::Float: return v.real;
    case sema::TypeKind::Int: return static_cast<double>(v.number);
    case sema::TypeKind::Duration:
      if (unit == Unit::Milliseconds) return static_cast<double>(v.number);
      if (unit == Unit::Microseconds) return static_cast<double>(v.number) * 1000.0;
      return unit == Unit::Seconds ? std::optional(static_cast<double>(v.number) / 1000.0) : std::nullopt;
    case sema::TypeKind::Size: return unit == Unit::Bytes ? std::optional(static_cast<double>(v.number)) : std::nullopt;
    default: return std::nullopt;
  }
}

std::string_view unitName(Unit u) {
  switch (u) {
    case Unit::Percent: return "a percentage";
    case Unit::Count: return "a count";
    case Unit::Seconds:
    case Unit::Milliseconds:
    case Unit::Microseconds: return "a duration";
    case Unit::Bytes: return "a size";
  }
  return "";
}

// Budgets count the costs of resources with these cost allocation tags.
Json tagFilter(const std::vector<std::pair<std::string, std::string>>& tags) {
  Json parts = Json::array();
  for (const auto& [k, v] : tags)
    parts.push_back(Json{{"Tags", Json{{"Key", k}, {"Values", Json::array({v})}, {"MatchOptions", Json::array({"EQUALS"})}}}});
  if (parts.empty()) return nullptr;
  if (parts.size() == 1) return parts[0];
  return Json{{"And", parts}};
}

struct BudgetSpec {
  std::int64_t monthly_cents = 0;
  std::int64_t alert_hundredths = 8000;
  Json email;
  bool forecast = false;
  Json filter;  // null: the whole account
  Json topic;   // null: none
};

Json& addBudget(Template& t, const std::string& id, const ir::Component& owner, const BudgetSpec& b) {
  Json& p = t.add(id, "AWS::Budgets::Budget", owner, Tagging::None);
  Json data = {{"BudgetName", Template::sub("${AWS::StackName}-" + id)},
               {"BudgetType", "COST"},
               {"TimeUnit", "MONTHLY"},
               {"BudgetLimit", Json{{"Amount", static_cast<double>(b.monthly_cents) / 100.0}, {"Unit", "USD"}}}};
  if (!b.filter.is_null()) {
    data["FilterExpression"] = b.filter;
    // Said where it is needed: CloudFormation cannot activate tags for billing.
    t.resource(id)["Metadata"]["archc"]["requires"] =
        "the tags it filters on must be activated as cost allocation tags in the Billing console "
        "(aws ce update-cost-allocation-tags-status); until then the budget counts nothing";
  }
  p["Budget"] = data;
  Json subscribers = Json::array({Json{{"SubscriptionType", "EMAIL"}, {"Address", b.email}}});
  if (!b.topic.is_null()) subscribers.push_back(Json{{"SubscriptionType", "SNS"}, {"Address", b.topic}});
  Json notifications = Json::array();
  for (const char* type : {"ACTUAL", "FORECASTED"}) {
    if (std::string_view(type) == "FORECASTED" && !b.forecast) continue;
    notifications.push_back(Json{{"Notification", Json{{"NotificationType", type},
                                                       {"ComparisonOperator", "GREATER_THAN"},
                                                       {"Threshold", static_cast<double>(b.alert_hundredths) / 100.0},
                                                       {"ThresholdType", "PERCENTAGE"}}},
                                 {"Subscribers", subscribers}});
  }
  p["NotificationsWithSubscribers"] = notifications;
  Json tags = Json::array();
  for (const auto& [k, v] : t.graph().tags) tags.push_back(Json{{"Key", k}, {"Value", v}});
  if (!tags.empty()) p["ResourceTags"] = tags;
  return p;
}

}  // namespace

void emitAlarm(Template& t, ir::Index i) {
  const ir::Graph& g = t.graph();
  const ir::Component& alarm = g.components[i];
  const ir::Connection* watch = nullptr;
  for (const ir::Connection* c : g.from(i))
    if (c->meaning == "watches") watch = c;
  // The checker makes every alarm watch exactly one component (E0512), so
  // an alarm without its arrow watches a component that is not deployed
  // (`enabled = false`, whose arrows are dropped): it goes with it.
  if (!watch) return;
  const ir::Component& watched = g.components[watch->to];
  if (!watched.flag("enabled", true)) return;

  std::string metric = alarm.text("metric");
  if (metric.empty())
    if (const sema::Value* m = watch->settings.field("metric"); m && m->ok()) metric = m->text;
  std::optional<Metric> m = metricOf(t, alarm, *watch, metric);
  if (!m) return;
  const sema::Value* threshold = alarm.prop("threshold");
  std::optional<double> value = threshold && threshold->ok() ? thresholdIn(*threshold, m->unit) : std::nullopt;
  if (!value) {
    refuse(t, threshold && threshold->span.valid() ? threshold->span : alarm.span,
           fmt::format("the threshold {} for the `{}` metric", threshold ? threshold->str() : "", metric))
        .addNote(fmt::format("`{}` of a `{}` is {}", metric, watched.kind, unitName(m->unit)));
    return;
  }

  std::string statistic = alarm.text("statistic");
  bool percentile = !statistic.empty() && statistic[0] == 'p';
  std::string stat = m->sum ? "Sum"
                     : percentile ? statistic
                     : statistic == "sum" ? "Sum"
                     : statistic == "minimum" ? "Minimum"
                     : statistic == "maximum" ? "Maximum"
                                              : "Average";
  std::int64_t period = m->daily ? 86'400 : seconds(alarm.prop("period"), 60);
  std::int64_t evaluations = alarm.number("evaluations", 3);

  Json& p = t.add(alarm.id, "AWS::CloudWatch::Alarm", alarm);
  p["AlarmName"] = Template::sub("${AWS::StackName}-" + alarm.id);
  std::string description = alarm.text("description");
  p["AlarmDescription"] = description.empty() ? fmt::format("{} of {} `{}` {} {}", metric, watched.kind, watched.name,
                                                            alarm.text("comparison") == "below" ? "below" : "above",
                                                            threshold->str())
                                              : description;
  auto query = [&](const std::string& id, const std::string& name, const Json& dims, const std::string& s) {
    return Json{{"Id", id},
                {"MetricStat", Json{{"Metric", Json{{"Namespace", m->ns}, {"MetricName", name}, {"Dimensions", dims}}},
                                    {"Period", period},
                                    {"Stat", s}}},
                {"ReturnData", false}};
  };
  if (!m->numerators.empty()) {
    // An error rate: 100 * errors / requests, over sums.
    Json metrics = Json::array();
    std::vector<std::string> terms;
    for (std::size_t k = 0; k < m->numerators.size(); ++k) {
      std::string id = fmt::format("errors{}", k + 1);
      metrics.push_back(query(id, m->numerators[k], m->dimensions, "Sum"));
      terms.push_back(fmt::format("FILL({}, 0)", id));
    }
    metrics.push_back(query("requests", m->name, m->dimensions, "Sum"));
    metrics.push_back(Json{{"Id", "rate"},
                           {"Expression", fmt::format("100 * ({}) / requests", fmt::join(terms, " + "))},
                           {"Label", fmt::format("{} (% of requests)", metric)},
                           {"ReturnData", true}});
    p["Metrics"] = metrics;
  } else if (m->series.size() > 1) {
    Json metrics = Json::array();
    for (std::size_t k = 0; k < m->series.size(); ++k)
      metrics.push_back(query(fmt::format("m{}", k + 1), m->name, m->series[k], stat));
    metrics.push_back(Json{{"Id", "combined"},
                           {"Expression", fmt::format("{}(METRICS())", m->combine)},
                           {"Label", fmt::format("{} ({})", metric, m->combine)},
                           {"ReturnData", true}});
    p["Metrics"] = metrics;
  } else {
    p["Namespace"] = m->ns;
    p["MetricName"] = m->name;
    p["Dimensions"] = m->series.empty() ? m->dimensions : m->series[0];
    if (percentile) p["ExtendedStatistic"] = stat;
    else p["Statistic"] = stat;
    p["Period"] = period;
  }
  p["Threshold"] = *value;
  p["ComparisonOperator"] = alarm.text("comparison") == "below" ? "LessThanThreshold" : "GreaterThanThreshold";
  p["EvaluationPeriods"] = evaluations;
  p["DatapointsToAlarm"] = alarm.number("datapoints", evaluations);
  std::string missing = alarm.text("missing_data");
  p["TreatMissingData"] = missing == "not_breaching" ? "notBreaching" : missing.empty() ? "missing" : missing;

  // Who hears of it: a topic of the alarm's own for email, and the topics it notifies.
  Json actions = Json::array();
  if (const sema::Value* emails = alarm.prop("email"); emails && emails->ok() && !emails->items.empty()) {
    const std::string topic = alarm.id + "Topic";
    Json& tp = t.add(topic, "AWS::SNS::Topic", alarm);
    tp["DisplayName"] = fmt::format("alarm {}", alarm.name).substr(0, 100);
    for (const sema::Value& email : emails->items) {
      Json& s = t.add(fmt::format("{}Email{}", alarm.id, valueKey(email.text)), "AWS::SNS::Subscription", alarm,
                      Tagging::None);
      s["TopicArn"] = Template::ref(topic);
      s["Protocol"] = "email";
      s["Endpoint"] = t.string(email);
    }
    actions.push_back(Template::ref(topic));
  }
  if (const sema::Value* notify = alarm.prop("notify"); notify && notify->ok())
    for (const sema::Value& topic : notify->items)
      if (topic.ok() && topic.kind == sema::TypeKind::Ref) actions.push_back(arnOf(t, topic.ref));
  if (!actions.empty()) {
    p["AlarmActions"] = actions;
    p["OKActions"] = actions;
  }
}

void emitBudget(Template& t, ir::Index i) {
  const ir::Graph& g = t.graph();
  const ir::Component& b = g.components[i];
  BudgetSpec spec;
  spec.monthly_cents = b.number("monthly");
  spec.alert_hundredths = b.number("alert_at", 8000);
  spec.email = t.string(b, "email");
  spec.forecast = b.flag("forecast");
  std::vector<std::pair<std::string, std::string>> tags;
  if (const sema::Value* filter = b.prop("filter"); filter && filter->ok())
    for (const sema::Field& f : filter->fields) tags.emplace_back(f.name, f.value.text);
  if (tags.empty())
    if (auto project = g.tags.find("Project"); project != g.tags.end()) tags.emplace_back(project->first, project->second);
  spec.filter = tagFilter(tags);
  if (const sema::Value* topic = b.prop("notify"); topic && topic->ok() && topic->kind == sema::TypeKind::Ref)
    spec.topic = arnOf(t, topic->ref);
  addBudget(t, b.id, b, spec);
}

// The deployment's own `budget = { ... }`: the costs of every resource with
// the deployment's Project and Environment tags (the whole account without
// them). Called once per template, after the components.
void emitDeploymentBudget(Template& t) {
  const ir::Graph& g = t.graph();
  const sema::Value* budget = g.settings.field("budget");
  if (!budget || !budget->ok() || !budget->field("monthly") || !budget->field("email")) return;
  BudgetSpec spec;
  spec.monthly_cents = budget->field("monthly")->number;
  const sema::Value* alert = budget->field("alert_at");
  spec.alert_hundredths = alert && alert->ok() ? alert->number : 8000;
  spec.email = t.string(*budget->field("email"));
  const sema::Value* forecast = budget->field("forecast");
  spec.forecast = forecast && forecast->ok() && forecast->flag;
  std::vector<std::pair<std::string, std::string>> tags;
  for (const char* key : {"Environment", "Project"})
    if (auto it = g.tags.find(key); it != g.tags.end()) tags.emplace_back(it->first, it->second);
  spec.filter = tagFilter(tags);

  // Not a component's: the deployment owns it.
  ir::Component owner;
  owner.name = g.deployment.empty() ? g.architecture : g.deployment;
  const std::string id = "DeploymentBudget";
  addBudget(t, id, owner, spec);
  t.resource(id)["Metadata"] = Json{{"archc", Json{{"deployment", owner.name}}}};
}

}  // namespace arch::cloudformation
