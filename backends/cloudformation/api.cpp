// API Gateway in front of functions. Routes are `integration` connections
// from the API to a function, the route text (`GET /users/{id}`) in their
// `route` setting; a function connected by a plain arrow only (no route to
// it) gets the catch-all: `ANY /` and `ANY /{proxy+}` on a REST API, the
// `$default` route on an HTTP API. A plain arrow beside routes to the same
// function adds nothing: the routes already carry the invoke permission.
//
// REST APIs: the API; a resource per path segment (shared prefixes once,
// `{id}` a path parameter); a Lambda proxy method per route; with CORS, an
// OPTIONS mock per routed resource answering the preflight; a deployment
// named after a hash of its resources and methods (the same program gives
// the same ID, a changed API a new deployment, which CloudFormation would
// not make for an unchanged ID); the stage with access logs, tracing and
// throttling.
//
// Access logs of a REST stage need the account's API Gateway CloudWatch
// role (AWS::ApiGateway::Account). It is one setting per account and
// region, not per API: a stack that owned it would overwrite every other
// stack's, and deleting the stack would break their logging (why the CDK
// stopped creating it by default). So it is not emitted: it is a one-time
// prerequisite of the account, like a CDK bootstrap (docs/build.md).
// HTTP APIs log through a service-linked role and need nothing.
//
// HTTP APIs: the API with its CorsConfiguration (API Gateway answers
// preflights itself); an integration per function and settings; a route per
// route; an auto-deployed stage with access logs and throttling.
//
// Each function an API invokes gets one Lambda permission, scoped to that
// API. A function component's main resource is `<FunctionId>` (serverless.cpp).
#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "backends/cloudformation/template.h"

namespace arch::cloudformation {
namespace {

struct Route {
  std::string method;  // GET ... ANY; `$default` for an HTTP API's default route
  std::string path;    // `/users/{id}`; empty for `$default`
  std::vector<std::string> segments;
  const ir::Connection* conn = nullptr;  // its settings (the plain arrow's, for a catch-all)
  bool catch_all = false;
  ir::Index function = 0;
  Span span;

  std::string key() const { return path.empty() ? method : method + " " + path; }
};

std::vector<std::string> segmentsOf(std::string_view path) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < path.size()) {
    std::size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    if (end > pos) out.emplace_back(path.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

bool isVariable(std::string_view s) { return s.size() >= 2 && s.front() == '{' && s.back() == '}'; }
bool isGreedy(std::string_view s) { return isVariable(s) && s[s.size() - 2] == '+'; }

// `users` -> `Users`, `{id}` -> `Id`, `{proxy+}` -> `Proxy`, `v1.2` -> `V12`:
// letters and digits only, as logical IDs need.
std::string part(std::string_view s) {
  std::string out;
  bool upper = true;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

// `Get` from `GET`.
std::string methodId(std::string_view method) {
  std::string out;
  for (std::size_t k = 0; k < method.size(); ++k)
    out += k == 0 ? static_cast<char>(std::toupper(static_cast<unsigned char>(method[k])))
                  : static_cast<char>(std::tolower(static_cast<unsigned char>(method[k])));
  return part(out);
}

// The conflicts API Gateway would reject at deploy time: a method on a path
// twice (path parameters' names do not tell routes apart), a greedy
// parameter before the end.
std::string shape(const Route& r) {
  std::string out = r.method;
  for (const std::string& s : r.segments) out += "/" + (isGreedy(s) ? std::string("{+}") : isVariable(s) ? std::string("{}") : s);
  return out;
}

// The routes of API `i`, sorted by path and method; false after reporting
// a conflict.
bool routesOf(Template& t, ir::Index i, bool rest, std::vector<Route>& out) {
  const ir::Graph& g = t.graph();
  bool ok = true;
  std::set<ir::Index> routed, plain;
  std::map<ir::Index, const ir::Connection*> plain_conn;
  for (const ir::Connection* c : g.from(i)) {
    if (c->meaning != "integration") continue;
    const sema::Value* spec = c->settings.field("route");
    if (!spec) {
      plain.insert(c->to);
      plain_conn.emplace(c->to, c);
      continue;
    }
    routed.insert(c->to);
    Route r;
    std::size_t space = spec->text.find(' ');
    r.method = spec->text.substr(0, space);
    r.path = spec->text.substr(space + 1);
    r.segments = segmentsOf(r.path);
    r.conn = c;
    r.function = c->to;
    r.span = spec->span.valid() ? spec->span : c->span;
    for (std::size_t k = 0; k + 1 < r.segments.size(); ++k)
      if (isGreedy(r.segments[k])) {
        t.diags()
            .report(DiagKind::InvalidQualifier, r.span, "route", spec->text)
            .addNote(fmt::format("`{}` takes the rest of the path: it must be the last segment", r.segments[k]));
        ok = false;
      }
    out.push_back(std::move(r));
  }
  // Catch-alls of functions connected by a plain arrow only.
  for (ir::Index f : plain) {
    if (routed.contains(f)) continue;
    auto add = [&](std::string method, std::string path) {
      Route r;
      r.method = std::move(method);
      r.path = std::move(path);
      r.segments = segmentsOf(r.path);
      r.function = f;
      r.conn = plain_conn[f];
      r.catch_all = true;
      r.span = r.conn->span;
      out.push_back(std::move(r));
    };
    if (rest) {
      add("ANY", "/");
      add("ANY", "/{proxy+}");
    } else {
      add("$default", "");
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Route& a, const Route& b) {
    return std::tie(a.segments, a.method) < std::tie(b.segments, b.method);
  });
  std::map<std::string, const Route*> seen;
  for (const Route& r : out) {
    auto [it, fresh] = seen.emplace(shape(r), &r);
    if (fresh) continue;
    const Route& first = *it->second;
    Diagnostic& d = t.diags().report(DiagKind::DuplicateConnection, r.span, g.components[i].name,
                                     g.components[r.function].name);
    d.message = !r.catch_all || !first.catch_all
                    ? fmt::format("route `{}` of `{}` is declared more than once", r.key(), g.components[i].name)
                    : fmt::format("`{}` has more than one catch-all route", g.components[i].name);
    d.addLabel(first.span, !first.catch_all ? fmt::format("`{}` first declared here", first.key())
                                      : fmt::format("the catch-all of `{}`", g.components[first.function].name));
    if (r.catch_all || first.catch_all)
      d.addHelp("an arrow `api -> function` without routes takes every request; give the others routes");
    ok = false;
  }
  return ok;
}

std::int64_t timeoutMs(const Route& r, std::int64_t fallback) {
  const sema::Value* v = r.conn->settings.field("timeout");
  return v && v->ok() ? v->number : fallback;
}

// Stage-wide throttling: the rate, and the burst (twice the rate when
// unset, within the account's 5,000).
std::optional<std::pair<double, std::int64_t>> throttleOf(const ir::Component& api) {
  const sema::Value* th = api.prop("throttle");
  const sema::Value* rate = th && th->ok() ? th->field("rate") : nullptr;
  if (!rate || !rate->ok()) return std::nullopt;
  const sema::Value* burst = th->field("burst");
  std::int64_t b = burst && burst->ok() ? burst->number : std::min<std::int64_t>(2 * rate->number, 5000);
  return std::make_pair(static_cast<double>(rate->number), b);
}

struct Cors {
  bool on = false;
  std::vector<std::string> origins;  // `*` for any
  std::vector<std::string> methods;  // without OPTIONS; `*` for any (HTTP)
  std::vector<std::string> headers;
  bool credentials = false;
  std::int64_t max_age = 600;
};

// The CORS of `cors`; false after refusing what cannot be emitted.
bool corsOf(Template& t, const ir::Component& api, bool rest, Cors& out) {
  const sema::Value* v = api.prop("cors");
  if (!v || !v->ok() || v->text == "none") return true;
  out.on = true;
  static const std::vector<std::string> kAll = {"GET", "PUT", "POST", "DELETE", "PATCH", "HEAD"};
  // Wildcard headers do not cover Authorization (Fetch standard): list them.
  static const std::vector<std::string> kHeaders = {"Content-Type",         "X-Amz-Date",       "Authorization",
                                                    "X-Api-Key",            "X-Amz-Security-Token",
                                                    "X-Amz-User-Agent"};
  if (v->text == "any") {
    out.origins = {"*"};
    out.methods = rest ? kAll : std::vector<std::string>{"*"};
    out.headers = kHeaders;
    return true;
  }
  auto list = [](const sema::Value* l, std::vector<std::string>& into) {
    if (!l || !l->ok()) return true;
    for (const sema::Value& item : l->items) {
      if (item.deferred) return false;
      into.push_back(item.text);
    }
    return true;
  };
  bool ok = list(v->field("origins"), out.origins) && list(v->field("headers"), out.headers);
  if (!ok) {
    t.diags()
        .report(DiagKind::NotYetEmitted, v->span.valid() ? v->span : api.span,
                fmt::format("CORS origins or headers given at deploy time (`{}`)", api.name))
        .addHelp("write the origins as plain strings");
    return false;
  }
  std::vector<std::string> methods;
  list(v->field("methods"), methods);
  for (const std::string& m : methods) {
    if (m == "ANY") {
      out.methods = rest ? kAll : std::vector<std::string>{"*"};
      break;
    }
    if (m != "OPTIONS") out.methods.push_back(m);
  }
  if (const sema::Value* c = v->field("credentials"); c && c->ok()) out.credentials = c->flag;
  out.max_age = seconds(v->field("max_age"), 600);
  return true;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  return fmt::format("{}", fmt::join(items, sep));
}

// One permission per (API, function), scoped to this API's ARN.
void permit(Template& t, const ir::Component& api, const std::vector<Route>& routes) {
  const ir::Graph& g = t.graph();
  std::set<ir::Index> functions;
  for (const Route& r : routes) functions.insert(r.function);
  for (ir::Index f : functions) {
    const ir::Component& fn = g.components[f];
    Json& p = t.add(api.id + fn.id + "Permission", "AWS::Lambda::Permission", fn, Tagging::None);
    p["Action"] = "lambda:InvokeFunction";
    p["FunctionName"] = Template::getAtt(fn.id, "Arn");
    p["Principal"] = "apigateway.amazonaws.com";
    p["SourceArn"] = Template::sub("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${" + api.id + "}/*/*");
  }
}

// A retention-bounded log group for a stage's access logs.
Json accessLogs(Template& t, const ir::Component& api) {
  const std::string id = api.id + "AccessLogs";
  t.add(id, "AWS::Logs::LogGroup", api)["RetentionInDays"] =
      logRetentionDays(api.number("log_retention", 30LL * 86'400'000));
  return Template::getAtt(id, "Arn");
}

// The features the snapshot of CloudFormation types cannot express yet
// (authorizers, API keys and usage plans, custom domains), refused rather
// than dropped.
bool refuseUnsupported(Template& t, const ir::Component& api, bool rest) {
  bool ok = true;
  auto refuse = [&](const sema::Value* at, std::string what, std::string help) {
    t.diags()
        .report(DiagKind::NotYetEmitted, at && at->span.valid() ? at->span : api.span, what)
        .addHelp(std::move(help));
    ok = false;
  };
  std::string auth = api.text("auth");
  if (auth == "cognito" || auth == "jwt")
    refuse(api.prop("auth"), fmt::format("the `{}` authorizer of `{}`", auth, api.name),
           "use `auth = iam`, or authorise in the function, until archc emits authorizers");
  if (rest && api.flag("api_key"))
    refuse(api.prop("api_key"), fmt::format("the API key and usage plan of `{}`", api.name),
           "set `api_key = false` until archc emits usage plans");
  if (const sema::Value* d = api.prop("domain"); d && d->ok() && (d->deferred || !d->text.empty()))
    refuse(d, fmt::format("the custom domain of `{}`", api.name),
           "leave `domain` unset (the execute-api URL), or serve the API through a cdn with its aliases");
  if (rest && api.text("endpoint") == "private")
    refuse(api.prop("endpoint"), fmt::format("the private endpoint of `{}`", api.name),
           "a private API needs an interface VPC endpoint and a resource policy; use `endpoint = regional`");
  return ok;
}

}  // namespace

void emitRestApi(Template& t, ir::Index i) {
  const ir::Graph& g = t.graph();
  const ir::Component& api = g.components[i];
  std::vector<Route> routes;
  Cors cors;
  bool ok = refuseUnsupported(t, api, true);
  ok &= corsOf(t, api, true, cors);
  // API Gateway allows one path parameter per level: `/users/{id}` and
  // `/users/{userId}/orders` cannot both exist. (Checked on routes that
  // are otherwise fine, so that a duplicate is reported once.)
  bool routes_ok = routesOf(t, i, true, routes);
  ok &= routes_ok;
  std::map<std::string, std::pair<std::string, const Route*>> variable_child;  // parent path -> child
  for (const Route& r : routes_ok ? routes : std::vector<Route>{}) {
    std::string parent;
    for (const std::string& s : r.segments) {
      if (isVariable(s)) {
        auto [it, fresh] = variable_child.emplace(parent, std::make_pair(s, &r));
        if (!fresh && it->second.first != s) {
          t.diags()
              .report(DiagKind::InvalidQualifier, r.span, "route", r.key())
              .addLabel(it->second.second->span, fmt::format("`{}` is declared here", it->second.first))
              .addNote(fmt::format("`{}` already has the path parameter `{}`: API Gateway allows one per level",
                                   parent.empty() ? "/" : parent, it->second.first))
              .addHelp(fmt::format("name the parameter `{}` in every route", it->second.first));
          ok = false;
          break;
        }
      }
      parent += "/" + s;
    }
  }
  if (ok && routes.empty()) {
    // API Gateway refuses to deploy a REST API without methods.
    t.diags()
        .report(DiagKind::NotYetEmitted, api.span, fmt::format("REST API `{}` without routes", api.name))
        .addHelp(fmt::format("route requests to a function: `route \"GET /\" -> handler` in `{}`, or `{} -> handler`",
                             api.name, api.name));
    ok = false;
  }
  if (!ok) return;

  const std::string& id = api.id;
  Json& p = t.add(id, "AWS::ApiGateway::RestApi", api);
  p["Name"] = Template::sub("${AWS::StackName}-" + id);
  std::string endpoint = api.text("endpoint").empty() ? "regional" : api.text("endpoint");
  std::transform(endpoint.begin(), endpoint.end(), endpoint.begin(), [](unsigned char c) { return std::toupper(c); });
  p["EndpointConfiguration"] = Json{{"Types", Json::array({endpoint})}};

  // Resources: one per distinct path prefix, named after its segments.
  std::map<std::string, std::string> resource_of;  // `/users/{id}` -> logical ID; `` is the root
  std::set<std::string> ids;
  std::string content;  // what the deployment's ID digests
  auto resourceId = [&](const Route& r) -> std::string {
    std::string path, parent_id, name = id;
    for (const std::string& s : r.segments) {
      path += "/" + s;
      name += part(s);
      auto found = resource_of.find(path);
      if (found != resource_of.end()) {
        parent_id = found->second;
        continue;
      }
      std::string rid = name + "Resource";
      for (int n = 2; ids.contains(rid); ++n) rid = fmt::format("{}{}Resource", name, n);
      ids.insert(rid);
      resource_of.emplace(path, rid);
      Json& res = t.add(rid, "AWS::ApiGateway::Resource", api, Tagging::None);
      res["ParentId"] = parent_id.empty() ? Template::getAtt(id, "RootResourceId") : Template::ref(parent_id);
      res["PathPart"] = s;
      res["RestApiId"] = Template::ref(id);
      content += rid + res.dump() + "\n";
      parent_id = rid;
    }
    return parent_id;  // empty: the root
  };
  auto resourceRef = [&](const std::string& rid) {
    return rid.empty() ? Template::getAtt(id, "RootResourceId") : Template::ref(rid);
  };
  auto methodName = [&](const std::string& rid, std::string_view method) {
    std::string base = rid.empty() ? id + "Root" : rid.substr(0, rid.size() - std::string_view("Resource").size());
    return base + methodId(method) + "Method";
  };

  const std::string auth = api.text("auth") == "iam" ? "AWS_IAM" : "NONE";
  std::vector<std::string> methods;
  std::map<std::string, std::set<std::string>> methods_on;  // resource -> its methods
  for (const Route& r : routes) {
    const ir::Component& fn = g.components[r.function];
    std::string rid = resourceId(r);
    std::string mid = methodName(rid, r.method);
    Json& m = t.add(mid, "AWS::ApiGateway::Method", api, Tagging::None);
    m["RestApiId"] = Template::ref(id);
    m["ResourceId"] = resourceRef(rid);
    m["HttpMethod"] = r.method;
    m["AuthorizationType"] = auth;
    Json params = Json::object();
    for (const std::string& s : r.segments)
      if (isVariable(s))
        params["method.request.path." + s.substr(1, s.size() - (isGreedy(s) ? 3 : 2))] = true;
    if (!params.empty()) m["RequestParameters"] = params;
    m["Integration"] = Json{
        {"Type", "AWS_PROXY"},
        {"IntegrationHttpMethod", "POST"},
        {"Uri", Template::sub("arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${" +
                              fn.id + ".Arn}/invocations")},
        {"TimeoutInMillis", timeoutMs(r, 29'000)},
    };
    content += mid + m.dump() + "\n";
    methods.push_back(mid);
    methods_on[rid].insert(r.method);
  }

  // CORS preflight: an OPTIONS mock per routed resource (unless a route
  // answers OPTIONS there itself). The functions add the CORS headers of
  // their own responses.
  if (cors.on) {
    std::vector<std::string> allow_methods = cors.methods;
    allow_methods.insert(allow_methods.begin(), "OPTIONS");
    Json headers = Json::object();
    headers["method.response.header.Access-Control-Allow-Headers"] = "'" + join(cors.headers, ",") + "'";
    headers["method.response.header.Access-Control-Allow-Methods"] = "'" + join(allow_methods, ",") + "'";
    headers["method.response.header.Access-Control-Allow-Origin"] = "'" + cors.origins.front() + "'";
    if (cors.origins.front() != "*") headers["method.response.header.Vary"] = "'Origin'";
    if (cors.credentials) headers["method.response.header.Access-Control-Allow-Credentials"] = "'true'";
    headers["method.response.header.Access-Control-Max-Age"] = "'" + std::to_string(cors.max_age) + "'";
    Json declared = Json::object();
    for (auto it = headers.begin(); it != headers.end(); ++it) declared[it.key()] = true;
    Json response = {{"StatusCode", "204"}, {"ResponseParameters", headers}};
    // More than one origin: answer with the request's own when it is one of them.
    if (cors.origins.size() > 1) {
      std::vector<std::string> tests;
      for (const std::string& o : cors.origins) tests.push_back(fmt::format("$origin == \"{}\"", o));
      response["ResponseTemplates"] = Json{
          {"application/json",
           "#set($origin = $input.params().header.get(\"Origin\"))\n"
           "#if(\"$!origin\" == \"\") #set($origin = $input.params().header.get(\"origin\")) #end\n"
           "#if(" + join(tests, " || ") + ")\n"
           "  #set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)\n"
           "#end\n"}};
    }
    for (const auto& [rid, on] : methods_on) {
      if (on.contains("OPTIONS")) continue;
      std::string mid = methodName(rid, "OPTIONS");
      Json& m = t.add(mid, "AWS::ApiGateway::Method", api, Tagging::None);
      m["RestApiId"] = Template::ref(id);
      m["ResourceId"] = resourceRef(rid);
      m["HttpMethod"] = "OPTIONS";
      m["AuthorizationType"] = "NONE";  // browsers send preflights without credentials
      m["Integration"] = Json{{"Type", "MOCK"},
                              {"RequestTemplates", Json{{"application/json", "{\"statusCode\": 204}"}}},
                              {"IntegrationResponses", Json::array({response})}};
      m["MethodResponses"] = Json::array({Json{{"StatusCode", "204"}, {"ResponseParameters", declared}}});
      content += mid + m.dump() + "\n";
      methods.push_back(mid);
    }
  }

  // The deployment is replaced whenever the API changes, and only then.
  const std::string deployment = id + "Deployment" + digest(content);
  Json& d = t.add(deployment, "AWS::ApiGateway::Deployment", api, Tagging::None);
  d["RestApiId"] = Template::ref(id);
  std::sort(methods.begin(), methods.end());
  t.resource(deployment)["DependsOn"] = methods;

  // (The log group first: adding a resource moves the others.)
  const bool logs = api.flag("access_logs", true);
  Json log_arn = logs ? accessLogs(t, api) : Json();
  const std::string stage = id + "Stage";
  Json& s = t.add(stage, "AWS::ApiGateway::Stage", api);
  s["RestApiId"] = Template::ref(id);
  s["DeploymentId"] = Template::ref(deployment);
  s["StageName"] = t.string(api, "stage");
  s["TracingEnabled"] = api.flag("tracing");
  if (auto th = throttleOf(api))
    s["MethodSettings"] = Json::array({Json{{"ResourcePath", "/*"},
                                            {"HttpMethod", "*"},
                                            {"ThrottlingRateLimit", th->first},
                                            {"ThrottlingBurstLimit", th->second}}});
  if (logs) {
    // Said where it is needed, for whoever deploys the template.
    t.resource(stage)["Metadata"]["archc"]["requires"] =
        "access logs need the account's API Gateway CloudWatch Logs role, set once per account and region "
        "(aws apigateway update-account)";
    s["AccessLogSetting"] = Json{
        {"DestinationArn", log_arn},
        {"Format",
         "{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
         "\"caller\":\"$context.identity.caller\",\"user\":\"$context.identity.user\","
         "\"requestTime\":\"$context.requestTime\",\"httpMethod\":\"$context.httpMethod\","
         "\"resourcePath\":\"$context.resourcePath\",\"status\":\"$context.status\","
         "\"protocol\":\"$context.protocol\",\"responseLength\":\"$context.responseLength\","
         "\"integrationLatency\":\"$context.integrationLatency\","
         "\"integrationError\":\"$context.integration.error\"}"}};
  }

  permit(t, api, routes);
  t.output(id + "Url", Template::sub("https://${" + id + "}.execute-api.${AWS::Region}.${AWS::URLSuffix}/${" + stage + "}/"),
           fmt::format("invoke URL of REST API `{}`", api.name));
}

void emitHttpApi(Template& t, ir::Index i) {
  const ir::Graph& g = t.graph();
  const ir::Component& api = g.components[i];
  std::vector<Route> routes;
  Cors cors;
  bool ok = refuseUnsupported(t, api, false);
  ok &= corsOf(t, api, false, cors);
  ok &= routesOf(t, i, false, routes);
  if (!ok) return;

  const std::string& id = api.id;
  Json& p = t.add(id, "AWS::ApiGatewayV2::Api", api, Tagging::Map);
  p["Name"] = Template::sub("${AWS::StackName}-" + id);
  p["ProtocolType"] = "HTTP";
  if (cors.on) {
    Json c = {{"AllowOrigins", cors.origins}, {"AllowMethods", cors.methods}, {"AllowHeaders", cors.headers}};
    if (cors.credentials) c["AllowCredentials"] = true;
    c["MaxAge"] = cors.max_age;
    p["CorsConfiguration"] = c;
  }

  // An integration per function and settings (timeout, payload format).
  using Settings = std::tuple<ir::Index, std::string, std::int64_t>;
  std::map<Settings, std::string> integrations;
  std::map<ir::Index, int> per_function;
  auto settingsOf = [&](const Route& r) {
    const sema::Value* payload = r.conn->settings.field("payload");
    return Settings{r.function, payload && payload->ok() ? payload->text : "v2", timeoutMs(r, 30'000)};
  };
  for (const Route& r : routes) {
    auto [it, fresh] = integrations.emplace(settingsOf(r), "");
    if (!fresh) continue;
    const auto& [f, payload, timeout] = it->first;
    const ir::Component& fn = g.components[f];
    int n = ++per_function[f];
    std::string& iid = it->second;
    iid = n == 1 ? id + fn.id + "Integration" : fmt::format("{}{}{}Integration", id, fn.id, n);
    Json& in = t.add(iid, "AWS::ApiGatewayV2::Integration", api, Tagging::None);
    in["ApiId"] = Template::ref(id);
    in["IntegrationType"] = "AWS_PROXY";
    in["IntegrationUri"] = Template::getAtt(fn.id, "Arn");
    in["PayloadFormatVersion"] = payload == "v1" ? "1.0" : "2.0";
    in["TimeoutInMillis"] = timeout;
  }

  const std::string auth = api.text("auth") == "iam" ? "AWS_IAM" : "NONE";
  std::set<std::string> ids;
  std::vector<std::string> route_ids;
  for (const Route& r : routes) {
    std::string name = id;
    if (r.path.empty()) {
      name += "Default";
    } else {
      name += r.segments.empty() ? "Root" : "";
      for (const std::string& s : r.segments) name += part(s);
      name += methodId(r.method);
    }
    std::string rid = name + "Route";
    for (int n = 2; ids.contains(rid); ++n) rid = fmt::format("{}{}Route", name, n);
    ids.insert(rid);
    Json& route = t.add(rid, "AWS::ApiGatewayV2::Route", api, Tagging::None);
    route["ApiId"] = Template::ref(id);
    route["RouteKey"] = r.key();
    route["AuthorizationType"] = auth;
    route["Target"] = Template::sub("integrations/${" + integrations.at(settingsOf(r)) + "}");
    route_ids.push_back(rid);
  }

  const bool logs = api.flag("access_logs", true);
  Json log_arn = logs ? accessLogs(t, api) : Json();
  const std::string stage = id + "Stage";
  Json& s = t.add(stage, "AWS::ApiGatewayV2::Stage", api, Tagging::Map);
  s["ApiId"] = Template::ref(id);
  s["StageName"] = t.string(api, "stage");
  s["AutoDeploy"] = true;
  if (auto th = throttleOf(api))
    s["DefaultRouteSettings"] = Json{{"ThrottlingRateLimit", th->first}, {"ThrottlingBurstLimit", th->second}};
  if (logs)
    s["AccessLogSettings"] = Json{
        {"DestinationArn", log_arn},
        {"Format",
         "{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
         "\"requestTime\":\"$context.requestTime\",\"httpMethod\":\"$context.httpMethod\","
         "\"routeKey\":\"$context.routeKey\",\"status\":\"$context.status\","
         "\"protocol\":\"$context.protocol\",\"responseLength\":\"$context.responseLength\","
         "\"integrationLatency\":\"$context.integrationLatency\","
         "\"integrationError\":\"$context.integrationErrorMessage\"}"}};
  // Routes exist before the first automatic deployment.
  std::sort(route_ids.begin(), route_ids.end());
  t.resource(stage)["DependsOn"] = route_ids;

  permit(t, api, routes);
  std::string stage_name = api.text("stage");
  t.output(id + "Url",
           stage_name == "$default" || stage_name.empty()
               ? Template::sub("${" + id + ".ApiEndpoint}/")
               : Template::sub("${" + id + ".ApiEndpoint}/${" + stage + "}/"),
           fmt::format("invoke URL of HTTP API `{}`", api.name));
}

}  // namespace arch::cloudformation
