// The edge: static sites (a private bucket readable only by the
// distributions that serve it, through origin access control), CloudFront
// distributions (one origin per `origin` arrow, cache behaviours by path,
// HTTPS only) and Route 53 zones with alias records. Web ACLs are in
// firewall.cpp.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "backends/cloudformation/template.h"

namespace arch::cloudformation {
namespace {

// CloudFront's managed policies (the same IDs in every account).
constexpr const char* kCachingOptimized = "658327ea-f89d-4fab-a63d-7e88639e58f6";
constexpr const char* kCachingDisabled = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
constexpr const char* kAllViewer = "216adef6-5c7f-47e4-b989-5492eafa07d3";
// API Gateway answers only to its own Host name.
constexpr const char* kAllViewerExceptHostHeader = "b689b0a8-53d0-40ab-baf2-68738e2966ac";
constexpr const char* kSecurityHeaders = "67f7725c-6f97-4210-82d7-5512b31e9d03";
// The hosted zone of every CloudFront distribution, for alias records.
constexpr const char* kCloudFrontZone = "Z2FDTNDATAQYW2";


// The `origin` arrows of a cdn, the default behaviour ("/*") first, then
// the others with longer (more specific) paths first.
struct OriginArrow {
  const ir::Connection* conn;
  std::string path;
};

std::string pathOf(const ir::Connection& c) {
  const sema::Value* p = c.settings.field("path");
  return p && p->ok() && !p->text.empty() ? p->text : "/*";
}

std::string setting(const ir::Connection& c, std::string_view key, std::string_view fallback) {
  const sema::Value* v = c.settings.field(key);
  return v && v->ok() && !v->text.empty() ? v->text : std::string(fallback);
}

// Alias records to a load balancer name it in a zone: the first such name,
// which the load balancer's certificate is expected to cover.
std::optional<std::string> loadBalancerRecord(const ir::Graph& g, ir::Index lb);

}  // namespace

// The statement that lets the distributions with `bucket` as an origin read
// its objects, and nobody else (origin access control, conditioned on the
// distribution's ARN). Null when no distribution serves it.
Json cloudFrontReadStatement(const Template& t, ir::Index bucket) {
  const ir::Graph& g = t.graph();
  Json sources = Json::array();
  for (const ir::Connection* c : g.to(bucket)) {
    if (c->meaning != "origin") continue;
    sources.push_back(Template::sub("arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${" +
                                    g.components[c->from].id + "}"));
  }
  if (sources.empty()) return nullptr;
  return Json{{"Sid", "CloudFrontReadsObjects"},
              {"Effect", "Allow"},
              {"Principal", Json{{"Service", "cloudfront.amazonaws.com"}}},
              {"Action", "s3:GetObject"},
              {"Resource", Template::sub("${" + g.components[bucket].id + ".Arn}/*")},
              {"Condition", Json{{"StringEquals", Json{{"AWS:SourceArn", sources}}}}}};
}

void emitOriginAccessControl(Template& t, ir::Index bucket) {
  const ir::Component& b = t.graph().components[bucket];
  Json& oac = t.add(oacId(b), "AWS::CloudFront::OriginAccessControl", b, Tagging::None);
  oac["OriginAccessControlConfig"] = Json{{"Name", Template::sub("${AWS::StackName}-" + b.id)},
                                          {"Description", fmt::format("CloudFront reads {} {}", b.kind, b.name)},
                                          {"OriginAccessControlOriginType", "s3"},
                                          {"SigningBehavior", "always"},
                                          {"SigningProtocol", "sigv4"}};
}

void emitStaticSite(Template& t, ir::Index i) {
  const ir::Graph& g = t.graph();
  const ir::Component& site = g.components[i];
  Json& b = addPrivateBucket(t, site.id, site);
  if (const sema::Value* name = site.prop("name"); name && name->ok() && (name->deferred || !name->text.empty()))
    b["BucketName"] = t.string(*name);
  bool versioning = site.flag("versioning", true);
  b["VersioningConfiguration"] = Json{{"Status", versioning ? "Enabled" : "Suspended"}};
  // Earlier versions are kept long enough to roll a bad upload back, and
  // abandoned multipart uploads do not accumulate.
  Json rule = {{"Id", "tidy"}, {"Status", "Enabled"}, {"AbortIncompleteMultipartUpload", Json{{"DaysAfterInitiation", 7}}}};
  if (versioning) rule["NoncurrentVersionExpiration"] = Json{{"NoncurrentDays", 30}};
  b["LifecycleConfiguration"] = Json{{"Rules", Json::array({rule})}};

  // Requests without TLS are denied; CloudFront alone may read, and only
  // the distributions that serve this site (the policy is its own resource,
  // so distribution -> bucket and policy -> distribution form no cycle).
  Json statements = Json::array({denyInsecureTransport(site.id)});
  if (Json read = cloudFrontReadStatement(t, i); !read.is_null()) statements.push_back(read);
  Json& p = t.add(site.id + "Policy", "AWS::S3::BucketPolicy", site, Tagging::None);
  p["Bucket"] = Template::ref(site.id);
  p["PolicyDocument"] = Json{{"Version", "2012-10-17"}, {"Statement", statements}};

  emitOriginAccessControl(t, i);
  t.output(site.id + "BucketName", Template::ref(site.id),
           fmt::format("bucket of static site `{}` (upload `{}` here)", site.name, site.text("source")));
}

void emitCdn(Template& t, ir::Index i) {
  const ir::Graph& g = t.graph();
  const ir::Component& cdn = g.components[i];
  std::size_t before = t.diags().errorCount();

  if (const sema::Value* logs = cdn.prop("logs"); logs && logs->ok() && logs->kind == sema::TypeKind::Ref)
    refuse(t, logs->span.valid() ? logs->span : cdn.span, fmt::format("the access logs of cdn `{}`", cdn.name))
        .addNote("CloudFront's standard logs need a bucket with ACLs enabled, and archc's buckets disable them (BucketOwnerEnforced)")
        .addHelp("leave `logs` unset for now");

  std::vector<std::string> aliases = texts(cdn, "aliases");
  const sema::Value* certificate = cdn.prop("certificate");
  bool has_certificate = certificate && certificate->ok() && (certificate->deferred || !certificate->text.empty());
  if (!aliases.empty() && !has_certificate)
    refuse(t, cdn.span, fmt::format("the aliases of cdn `{}` without a certificate", cdn.name))
        .addHelp("set `certificate` to an ACM certificate in us-east-1 that covers every alias");

  std::vector<OriginArrow> arrows;
  for (const ir::Connection* c : g.from(i))
    if (c->meaning == "origin") arrows.push_back(OriginArrow{c, pathOf(*c)});
  std::stable_sort(arrows.begin(), arrows.end(), [](const OriginArrow& a, const OriginArrow& b) {
    bool da = a.path == "/*", db = b.path == "/*";
    if (da != db) return da;
    return a.path.size() > b.path.size();
  });
  std::size_t defaults = std::count_if(arrows.begin(), arrows.end(), [](const OriginArrow& a) { return a.path == "/*"; });
  if (defaults != 1) {
    refuse(t, cdn.span,
           fmt::format("cdn `{}` with {} default origins", cdn.name, defaults))
        .addNote("a distribution has exactly one default cache behaviour: the origin arrow without a `path` (or with \"/*\")")
        .addHelp(defaults ? "give all but one of the origin arrows a `path`" : "connect the default origin: `EDGE -> SITE`");
  }

  Json origins = Json::array();
  Json behaviours = Json::array();
  Json default_behaviour;
  std::optional<ir::Index> default_site;
  for (const OriginArrow& a : arrows) {
    const ir::Connection& c = *a.conn;
    const ir::Component& target = g.components[c.to];
    const std::string origin_id = target.id;
    bool s3 = false, api = false;
    Json origin = {{"Id", origin_id}};
    if (target.kind == "bucket" && target.text("encryption") == "kms") {
      refuse(t, c.span, fmt::format("KMS-encrypted bucket `{}` as an origin of cdn `{}`", target.name, cdn.name))
          .addNote("CloudFront would need kms:Decrypt in the key's policy, which archc does not grant yet")
          .addHelp(fmt::format("use `encryption = s3` on `{}`, or serve its files from a static_site", target.name));
      continue;
    }
    if (target.kind == "static_site" || target.kind == "bucket") {
      s3 = true;
      origin["DomainName"] = Template::getAtt(target.id, "RegionalDomainName");
      origin["S3OriginConfig"] = Json{{"OriginAccessIdentity", ""}};
      origin["OriginAccessControlId"] = Template::getAtt(oacId(target), "Id");
      if (a.path == "/*" && target.kind == "static_site") default_site = c.to;
    } else if (target.kind == "load_balancer") {
      const sema::Value* https = target.prop("https");
      bool lb_https = https && https->ok() && (https->deferred || !https->text.empty());
      if (!lb_https) {
        refuse(t, c.span, fmt::format("load balancer `{}` as an origin without `https`", target.name))
            .addNote("CloudFront would forward viewers' requests to it in clear text over the internet")
            .addHelp(fmt::format("give `{}` an `https` certificate", target.name));
        continue;
      }
      if (target.flag("internal")) {
        refuse(t, c.span, fmt::format("internal load balancer `{}` as an origin", target.name))
            .addNote("an internal load balancer needs a CloudFront VPC origin, which archc does not emit yet");
        continue;
      }
      // HTTPS to the load balancer must present a certificate for the name
      // CloudFront asks for: its alias record when it has one (the Host
      // CloudFront sends is that name), else the viewer's Host (one of the
      // cdn's aliases, forwarded with AllViewer).
      std::optional<std::string> record = loadBalancerRecord(g, c.to);
      if (!record && aliases.empty()) {
        refuse(t, c.span, fmt::format("HTTPS to load balancer origin `{}` without a name its certificate covers", target.name))
            .addNote("CloudFront checks the origin's certificate against the origin's name or the forwarded Host; "
                     "neither the load balancer's *.elb.amazonaws.com name nor *.cloudfront.net can be covered")
            .addHelp(fmt::format("give the cdn `aliases` that `{}`'s certificate covers, or an alias record to `{}` in a dns_zone",
                                 target.name, target.name));
        continue;
      }
      origin["DomainName"] = record ? Json(*record) : Template::getAtt(target.id + "LoadBalancer", "DNSName");
      origin["CustomOriginConfig"] = Json{{"OriginProtocolPolicy", "https-only"},
                                          {"HTTPSPort", 443},
                                          {"OriginSSLProtocols", Json::array({"TLSv1.2"})},
                                          {"OriginReadTimeout", 30},
                                          {"OriginKeepaliveTimeout", 5}};
      origin["OriginCustomHeaders"] = Json::array(
          {Json{{"HeaderName", std::string(kOriginVerifyHeader)}, {"HeaderValue", originVerifyValue(target)}}});
    } else if (target.kind == "rest_api" || target.kind == "http_api") {
      // API Gateway's own domain (its certificate covers it), the stage as
      // the origin path; the viewer's Host is not forwarded, or API Gateway
      // would not recognise the request.
      api = true;
      origin["DomainName"] = Template::sub("${" + target.id + "}.execute-api.${AWS::Region}.${AWS::URLSuffix}");
      std::string stage = target.text("stage");
      if (!stage.empty() && stage != "$default") origin["OriginPath"] = "/" + stage;
      origin["CustomOriginConfig"] = Json{{"OriginProtocolPolicy", "https-only"},
                                          {"HTTPSPort", 443},
                                          {"OriginSSLProtocols", Json::array({"TLSv1.2"})}};
    } else {
      refuse(t, c.span, fmt::format("a `{}` origin (`{}`) of cdn `{}`", target.kind, target.name, cdn.name))
          .addNote("static_site, bucket, load_balancer, rest_api and http_api origins are emitted");
      continue;
    }
    origins.push_back(origin);

    // Viewers typing http:// land on the default behaviour: redirect them;
    // API paths answer HTTPS only (a redirected POST would lose its body).
    std::string viewer = setting(c, "viewer", s3 || a.path == "/*" ? "redirect_to_https" : "https_only");
    std::string cache = setting(c, "cache", s3 ? "optimized" : "disabled");
    Json behaviour = Json::object();
    if (a.path != "/*") behaviour["PathPattern"] = a.path;
    behaviour["TargetOriginId"] = origin_id;
    behaviour["ViewerProtocolPolicy"] = viewer == "https_only" ? "https-only" : "redirect-to-https";
    behaviour["CachePolicyId"] = cache == "disabled" ? kCachingDisabled : kCachingOptimized;
    if (!s3) {
      behaviour["OriginRequestPolicyId"] = api ? kAllViewerExceptHostHeader : kAllViewer;
      behaviour["AllowedMethods"] = Json::array({"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"});
      behaviour["CachedMethods"] = Json::array({"GET", "HEAD"});
    } else {
      behaviour["AllowedMethods"] = Json::array({"GET", "HEAD"});
    }
    behaviour["ResponseHeadersPolicyId"] = kSecurityHeaders;
    behaviour["Compress"] = cdn.flag("compress", true);
    if (a.path == "/*") default_behaviour = behaviour;
    else behaviours.push_back(behaviour);
  }
  if (t.diags().errorCount() != before) return;

  Json config = Json::object();
  config["Enabled"] = true;
  config["Comment"] = fmt::format("cdn `{}` of {}", cdn.name, g.architecture).substr(0, 128);
  if (!aliases.empty()) {
    Json list = Json::array();
    if (const sema::Value* v = cdn.prop("aliases"))
      for (const sema::Value& item : v->items) list.push_back(t.string(item));
    config["Aliases"] = list;
    std::string tls = cdn.text("tls");
    config["ViewerCertificate"] = Json{{"AcmCertificateArn", t.string(*certificate)},
                                       {"SslSupportMethod", "sni-only"},
                                       {"MinimumProtocolVersion", tls == "tls1_2_2019"   ? "TLSv1.2_2019"
                                                                  : tls == "tls1_2_2018" ? "TLSv1.2_2018"
                                                                                         : "TLSv1.2_2021"}};
  } else {
    config["ViewerCertificate"] = Json{{"CloudFrontDefaultCertificate", true}};
  }
  config["Origins"] = origins;
  config["DefaultCacheBehavior"] = default_behaviour;
  if (!behaviours.empty()) config["CacheBehaviors"] = behaviours;
  if (default_site) {
    const ir::Component& site = g.components[*default_site];
    config["DefaultRootObject"] = site.text("index").empty() ? "index.html" : site.text("index");
    if (std::string page = site.text("not_found"); !page.empty()) {
      if (page.front() != '/') page = "/" + page;
      Json errors = Json::array();
      for (int code : {403, 404})
        errors.push_back(Json{{"ErrorCode", code}, {"ResponseCode", 200}, {"ResponsePagePath", page}, {"ErrorCachingMinTTL", 10}});
      config["CustomErrorResponses"] = errors;
    }
  }
  std::string price = cdn.text("price_class");
  config["PriceClass"] = price == "price_100" ? "PriceClass_100" : price == "price_200" ? "PriceClass_200" : "PriceClass_All";
  config["HttpVersion"] = cdn.flag("http3", true) ? "http2and3" : "http2";
  config["IPV6Enabled"] = cdn.flag("ipv6", true);
  if (std::vector<std::string> blocked = texts(cdn, "blocked_countries"); !blocked.empty())
    config["Restrictions"] = Json{{"GeoRestriction", Json{{"RestrictionType", "blacklist"}, {"Locations", blocked}}}};
  for (const ir::Connection* c : g.to(i))
    if (c->meaning == "protects") config["WebACLId"] = Template::getAtt(g.components[c->from].id, "Arn");

  Json& d = t.add(cdn.id, "AWS::CloudFront::Distribution", cdn);
  d["DistributionConfig"] = config;
  t.output(cdn.id + "DomainName", Template::getAtt(cdn.id, "DomainName"), fmt::format("domain name of cdn `{}`", cdn.name));
  t.output(cdn.id + "DistributionId", Template::ref(cdn.id),
           fmt::format("distribution of cdn `{}` (for invalidations after uploads)", cdn.name));
}

namespace {

// A record's name relative to its zone (`www`, "" for the apex) as a
// CloudFormation identifier part.
std::string recordKey(const std::string& label) {
  if (label.empty()) return "Apex";
  std::string out;
  bool upper = true;
  for (char c : label) {
    if (c == '*') {
      out += "Wildcard";
      upper = true;
    } else if (std::isalnum(static_cast<unsigned char>(c))) {
      out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      upper = false;
    } else {
      upper = true;
    }
  }
  return out;
}

// The relative labels a `zone -> target` alias arrow names.
std::vector<std::string> aliasLabels(const ir::Graph& g, const ir::Connection& c) {
  const ir::Component& zone = g.components[c.from];
  const ir::Component& target = g.components[c.to];
  if (const sema::Value* r = c.settings.field("record"); r && r->ok()) {
    std::string label = r->text == "@" ? "" : r->text;
    return {label};
  }
  std::vector<std::string> out;
  std::string domain = zone.text("domain");
  if (target.kind == "cdn" && !domain.empty()) {
    for (const std::string& alias : texts(target, "aliases")) {
      if (alias == domain) out.push_back("");
      else if (alias.size() > domain.size() + 1 && alias.compare(alias.size() - domain.size(), domain.size(), domain) == 0 &&
               alias[alias.size() - domain.size() - 1] == '.')
        out.push_back(alias.substr(0, alias.size() - domain.size() - 1));
    }
  }
  if (out.empty()) out.push_back("");
  return out;
}

std::optional<std::string> loadBalancerRecord(const ir::Graph& g, ir::Index lb) {
  for (const ir::Connection* c : g.to(lb)) {
    if (c->meaning != "alias") continue;
    const ir::Component& zone = g.components[c->from];
    const sema::Value* domain = zone.prop("domain");
    if (!domain || !domain->ok() || domain->deferred) continue;
    std::string label = aliasLabels(g, *c).front();
    return label.empty() ? domain->text : label + "." + domain->text;
  }
  return std::nullopt;
}

}  // namespace

void emitDnsZone(Template& t, ir::Index i) {
  const ir::Graph& g = t.graph();
  const ir::Component& zone = g.components[i];
  std::size_t before = t.diags().errorCount();
  const sema::Value* domain = zone.prop("domain");
  if (zone.flag("dnssec"))
    refuse(t, zone.span, fmt::format("DNSSEC for zone `{}`", zone.name))
        .addNote("signing needs a KMS key in us-east-1 and a key-signing key, which archc does not emit yet");
  bool existing = zone.flag("existing"), is_private = zone.flag("private");
  if (existing && is_private)
    refuse(t, zone.span, fmt::format("records in the existing private zone `{}`", zone.name))
        .addNote("an existing zone is found by name, which is ambiguous for private zones");
  for (const ir::Connection* c : g.from(i))
    if (c->meaning == "alias" && g.components[c->to].kind != "cdn" && g.components[c->to].kind != "load_balancer")
      refuse(t, c->span, fmt::format("an alias record to a `{}` (`{}`)", g.components[c->to].kind, g.components[c->to].name));
  if (t.diags().errorCount() != before || !domain || !domain->ok()) return;

  if (!existing) {
    Json& z = t.add(zone.id, "AWS::Route53::HostedZone", zone, Tagging::None);
    z["Name"] = t.string(*domain);
    z["HostedZoneConfig"] = Json{{"Comment", fmt::format("dns_zone `{}` of {}", zone.name, g.architecture)}};
    Json tags = Json::array();
    for (const Json& tag : t.tags(zone)) tags.push_back(tag);
    z["HostedZoneTags"] = tags;
    if (is_private) {
      Json vpcs = Json::array();
      for (ir::Index net : g.ofKind("network"))
        vpcs.push_back(Json{{"VPCId", Template::ref(g.components[net].id + "Vpc")}, {"VPCRegion", Template::ref("AWS::Region")}});
      z["VPCs"] = vpcs;
    } else {
      t.output(zone.id + "NameServers", Json{{"Fn::Join", Json::array({",", Template::getAtt(zone.id, "NameServers")})}},
               fmt::format("name servers of zone `{}` (delegate the domain to them)", zone.name));
    }
  }

  for (const ir::Connection* c : g.from(i)) {
    if (c->meaning != "alias") continue;
    const ir::Component& target = g.components[c->to];
    bool cdn = target.kind == "cdn";
    Json alias;
    if (cdn)
      alias = Json{{"DNSName", Template::getAtt(target.id, "DomainName")}, {"HostedZoneId", kCloudFrontZone},
                   {"EvaluateTargetHealth", false}};
    else
      alias = Json{{"DNSName", Template::getAtt(target.id + "LoadBalancer", "DNSName")},
                   {"HostedZoneId", Template::getAtt(target.id + "LoadBalancer", "CanonicalHostedZoneID")},
                   {"EvaluateTargetHealth", true}};
    // AAAA too when the target answers over IPv6 (the load balancer is IPv4 only).
    std::vector<std::string> types = {"A"};
    if (cdn && target.flag("ipv6", true)) types.push_back("AAAA");
    for (const std::string& label : aliasLabels(g, *c)) {
      sema::Value name = *domain;
      name.text = label.empty() ? domain->text : label + "." + domain->text;
      for (const std::string& type : types) {
        std::string id = fmt::format("{}{}{}Record{}", zone.id, recordKey(label), target.id, type == "A" ? "" : "Ipv6");
        Json& r = t.add(id, "AWS::Route53::RecordSet", zone, Tagging::None);
        if (existing) {
          sema::Value zone_name = *domain;
          zone_name.text += ".";
          r["HostedZoneName"] = t.string(zone_name);
        } else {
          r["HostedZoneId"] = Template::ref(zone.id);
        }
        r["Name"] = t.string(name);
        r["Type"] = type;
        r["AliasTarget"] = alias;
      }
    }
  }
}

}  // namespace arch::cloudformation
