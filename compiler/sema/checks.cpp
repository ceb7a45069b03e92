// Architecture checks (E05xx, W05xx): the network's address plan, where
// components sit, and settings that AWS would reject or that fail under load.
// Each check that a program may waive names itself in @allow(...).
#include <algorithm>

#include <fmt/format.h>

#include "compiler/sema/checks.h"
#include "compiler/sema/elaborate.h"

namespace arch::sema {
namespace {

constexpr std::string_view kAllowable[] = {"single_zone", "single_task", "single_nat",
                                           // the escape hatches (raw.cpp): W0503, W0504
                                           "raw_resource", "resource_override"};

std::int64_t num(const Value& props, std::string_view name, std::int64_t fallback = 0) {
  const Value* v = props.field(name);
  return v && v->ok() ? v->number : fallback;
}

std::string enumOf(const Value& props, std::string_view name) {
  const Value* v = props.field(name);
  return v && v->ok() ? v->text : "";
}

// Lambda runtimes past their deprecation date, from AWS's runtime support
// policy (as aws-cdk-lib's validator 1.14.0 reports them). A function on
// one keeps running, but Lambda first blocks creating, then updating it.
struct Deprecation {
  std::string_view runtime, deprecated, blocks_create, blocks_update, successor;
};
constexpr Deprecation kDeprecatedRuntimes[] = {
    {"nodejs20", "2026-04-30", "2027-02-01", "2027-03-03", "nodejs24"},
};

bool allowed(const std::vector<Allowance>& allows, std::string_view check) {
  return std::any_of(allows.begin(), allows.end(), [&](const Allowance& a) { return a.check == check; });
}

std::string ipv4(std::uint32_t a, std::int64_t prefix) {
  return fmt::format("{}.{}.{}.{}/{}", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255, prefix);
}

// Where a check about `c` should point: the value's own span when it is in
// the same file as the component (a default's span is in the catalog).
Span at(const Component& c, const Value* v) { return v && v->span.valid() ? v->span : c.span; }

// A component made by a pattern: say which instance it came from.
void trace(Diagnostic& d, const Component& c) {
  if (!c.expansion.empty()) d.addLabel(c.expansion.front(), fmt::format("`{}` comes from this pattern instance", c.name));
}

void allowHelp(Diagnostic& d, std::string_view check) {
  d.addHelp(fmt::format("or, if this is deliberate, say so: `@allow({}, reason = \"...\")`", check));
}

// ---- the network's address plan ------------------------------------------

struct Subnet {
  std::uint64_t begin, end;  // [begin, end) as integers
  std::string cidr, tier;
  Span span;
};

void checkNetwork(const Architecture& arch, ComponentId net, Diagnostics& diags) {
  const Component& n = arch.components[net];
  const Value* cidr = n.props.field("cidr");
  if (!cidr || !cidr->ok()) return;
  std::int64_t zones = num(n.props, "zones", 2);
  if (zones < 2 && !allowed(n.allowances, "single_zone")) {
    Diagnostic& d = diags.report(DiagKind::SingleZone, at(n, n.props.field("zones")), n.name, zones);
    d.addNote("an Availability Zone outage would take the whole architecture down");
    d.addHelp("set `zones = 2`");
    allowHelp(d, "single_zone");
  }
  if (enumOf(n.props, "nat") == "single" && !allowed(n.allowances, "single_nat")) {
    Diagnostic& d = diags.report(DiagKind::SingleNat, at(n, n.props.field("nat")), n.name);
    d.addNote("private subnets in the other zones lose outbound access when its zone fails");
    d.addHelp("set `nat = per_zone` (the default): one NAT gateway in each zone");
    allowHelp(d, "single_nat");
  }
  std::int64_t net_prefix = cidr->number2;
  auto net_begin = static_cast<std::uint64_t>(cidr->number);
  std::uint64_t net_end = net_begin + (std::uint64_t{1} << (32 - net_prefix));
  std::vector<Subnet> subnets;
  for (ComponentId t = 0; t < arch.components.size(); ++t) {
    const Component& tier = arch.components[t];
    if (!tier.parent || *tier.parent != net) continue;
    std::int64_t bits = num(tier.props, "bits", 8), offset = num(tier.props, "offset");
    std::int64_t prefix = net_prefix + bits;
    Span where = at(tier, tier.props.field("offset"));
    if (prefix > 28) {
      diags.report(DiagKind::NoAddressSpace, tier.span, cidr->text, fmt::format("tier `{}`", tier.name))
          .addNote(fmt::format("its subnets would be /{}; AWS subnets are /28 or larger", prefix))
          .addHelp(fmt::format("use fewer `bits` (at most {})", 28 - net_prefix));
      continue;
    }
    std::uint64_t size = std::uint64_t{1} << (32 - prefix);
    for (std::int64_t z = 0; z < zones; ++z) {
      std::uint64_t begin = net_begin + static_cast<std::uint64_t>(offset + z) * size;
      Subnet s{begin, begin + size, ipv4(static_cast<std::uint32_t>(begin), prefix), tier.name, where};
      if (s.end > net_end) {
        diags.report(DiagKind::SubnetOutsideNetwork, where, fmt::format("{} (zone {})", s.cidr, z + 1), tier.name, cidr->text)
            .addNote(fmt::format("a /{} network holds {} subnets of /{}: offsets 0 to {}", net_prefix,
                                 std::uint64_t{1} << bits, prefix, (std::uint64_t{1} << bits) - 1))
            .addHelp(fmt::format("use an `offset` of at most {}", (std::int64_t{1} << bits) - zones));
        break;
      }
      subnets.push_back(std::move(s));
    }
  }
  for (std::size_t i = 0; i < subnets.size(); ++i)
    for (std::size_t j = 0; j < i; ++j) {
      const Subnet &a = subnets[i], &b = subnets[j];
      if (a.tier == b.tier || a.begin >= b.end || b.begin >= a.end) continue;
      diags.report(DiagKind::OverlappingSubnets, a.span, a.cidr, a.tier, b.cidr, b.tier)
          .addLabel(b.span, fmt::format("`{}` is placed here", b.tier))
          .addNote(fmt::format("a tier's subnet in zone z is block `offset + z` of its own size (`bits`); {} zones here", zones))
          .addHelp("space the offsets apart, or give the tiers the same `bits`");
      return;  // one overlap explains the rest
    }
}

// ---- where components sit ---------------------------------------------------

bool tierIsPublic(const Component& tier) {
  const Value* p = tier.props.field("public");
  if (p && p->ok() && p->kind == TypeKind::Bool) return p->flag;
  return tier.name.substr(tier.name.rfind('.') + 1) == "public";
}

void checkPlacement(const Architecture& arch, const Component& c, Diagnostics& diags) {
  const std::string& kind = c.kind->name;
  if (!c.placement) return;
  const Component& tier = arch.components[*c.placement];
  if ((kind == "database" || kind == "cache" || kind == "database_proxy") && tierIsPublic(tier)) {
    diags.report(DiagKind::PublicDatabase, c.span, fmt::format("{} `{}`", kind, c.name), tier.name)
        .addNote("public subnets route to the internet; data stores belong in an isolated tier")
        .addHelp("place it in a tier with `isolated = true`");
  }
  if (kind == "load_balancer" && !tierIsPublic(tier)) {
    diags.report(DiagKind::LoadBalancerTier, c.span, c.name)
        .addNote(fmt::format("tier `{}` has no route from the internet", tier.name))
        .addHelp("place it in the network's public tier (`in public`)");
  }
}

// ---- settings ----------------------------------------------------------------

// Fargate task sizes: CPU units → memory range and step, in MB.
struct FargateSize { std::int64_t cpu, min_mb, max_mb, step_mb; };
constexpr FargateSize kFargate[] = {
    {256, 512, 2048, 512},       {512, 1024, 4096, 1024},     {1024, 2048, 8192, 1024},
    {2048, 4096, 16384, 1024},   {4096, 8192, 30720, 1024},   {8192, 16384, 61440, 4096},
    {16384, 32768, 122880, 8192},
};

}  // namespace

bool allowableCheck(std::string_view check) {
  return std::find(std::begin(kAllowable), std::end(kAllowable), check) != std::end(kAllowable);
}

std::vector<std::string> allowableChecks() { return {std::begin(kAllowable), std::end(kAllowable)}; }

void checkComponent(const Component& c, const Value& props, const std::vector<Allowance>& allows, Diagnostics& diags) {
  if (!props.ok()) return;  // its settings were reported already
  const std::string& kind = c.kind->name;
  if (kind == "container_service") {
    std::int64_t cpu = num(props, "cpu"), mb = num(props, "memory") >> 20;
    const FargateSize* size = nullptr;
    for (const FargateSize& f : kFargate)
      if (f.cpu == cpu) size = &f;
    const Value* memory = props.field("memory");
    if (!size) {
      Diagnostic& d = diags.report(DiagKind::FargateSize, at(c, props.field("cpu")), cpu, formatSize(num(props, "memory")));
      d.addNote("CPU units: 256, 512, 1024, 2048, 4096, 8192 or 16384");
      trace(d, c);
    } else if (mb < size->min_mb || mb > size->max_mb || (mb - size->min_mb) % size->step_mb != 0) {
      Diagnostic& d = diags.report(DiagKind::FargateSize, at(c, memory), cpu, formatSize(num(props, "memory")));
      d.addHelp(fmt::format("with cpu = {}, memory is {} to {} in steps of {}", cpu, formatSize(size->min_mb << 20),
                            formatSize(size->max_mb << 20), formatSize(size->step_mb << 20)));
      trace(d, c);
    }
    const Value* scale = props.field("scale");
    if (scale && scale->ok() && num(*scale, "min", 2) < 2 && !allowed(allows, "single_task")) {
      Diagnostic& d = diags.report(DiagKind::SingleTask, at(c, scale->field("min")), c.name);
      trace(d, c);
      d.addNote("with one task, a deployment or a zone outage stops the service");
      d.addHelp("set `scale { min = 2 }`, one task per zone");
      allowHelp(d, "single_task");
    }
  }
  if (kind == "function") {
    const Value* runtime = props.field("runtime");
    for (const Deprecation& dep : kDeprecatedRuntimes) {
      if (!runtime || !runtime->ok() || runtime->text != dep.runtime) continue;
      Diagnostic& d = diags.report(DiagKind::DeprecatedRuntime, at(c, runtime), c.name, dep.runtime, dep.deprecated);
      trace(d, c);
      d.addNote(fmt::format("Lambda refuses to create functions on it from {} and to update them from {}",
                            dep.blocks_create, dep.blocks_update));
      d.addHelp(fmt::format("use `runtime = {}`", dep.successor));
    }
  }
  if (kind == "database" && enumOf(props, "engine").rfind("aurora", 0) == 0) {
    // Aurora's smallest classes are the burstable mediums; RDS's micro and
    // small (the catalog's default, db.t3.micro) fail at deploy time.
    const Value* instance = props.field("instance");
    std::string cls = instance && instance->ok() ? instance->text : "";
    bool too_small = cls.size() > 3 && cls.rfind("db.t", 0) == 0 &&
                     (cls.find(".micro") != std::string::npos || cls.find(".small") != std::string::npos);
    if (too_small) {
      Diagnostic& d = diags.report(DiagKind::AuroraInstanceClass, at(c, instance), cls, c.name);
      trace(d, c);
      d.addNote("Aurora's smallest instance classes are db.t3.medium and db.t4g.medium");
      d.addHelp("set `instance = \"db.t4g.medium\"`, or use `engine = postgres` (RDS) for a micro instance");
    }
  }
  if (kind == "database") {
    const Value* multi = props.field("multi_az");
    if (multi && multi->ok() && !multi->flag && !allowed(allows, "single_zone")) {
      Diagnostic& d = diags.report(DiagKind::SingleZoneDatabase, at(c, multi), c.name);
      trace(d, c);
      d.addNote("without a standby in a second zone, a zone outage loses the database until it is restored");
      d.addHelp("remove `multi_az = false` (Multi-AZ is the default)");
      allowHelp(d, "single_zone");
    }
  }
}

void checkArchitecture(const Architecture& arch, Diagnostics& diags) {
  for (ComponentId id = 0; id < arch.components.size(); ++id) {
    const Component& c = arch.components[id];
    if (c.kind->name == "network") checkNetwork(arch, id, diags);
    checkPlacement(arch, c, diags);
    checkComponent(c, c.props, c.allowances, diags);
  }
  // An alarm watches one component, on one of that component's metrics.
  for (ComponentId id = 0; id < arch.components.size(); ++id) {
    const Component& alarm = arch.components[id];
    if (alarm.kind->name != "alarm") continue;
    std::vector<const Connection*> watched;
    for (const Connection& conn : arch.connections)
      if (conn.from == id && conn.rule->meaning == "watches") watched.push_back(&conn);
    if (watched.size() != 1) {
      Diagnostic& d = diags.report(DiagKind::AlarmTarget, watched.size() > 1 ? watched[1]->span : alarm.span, alarm.name,
                                   watched.empty() ? std::string("nothing") : fmt::format("{} components", watched.size()));
      if (watched.empty()) d.addHelp(fmt::format("connect it to what it watches: `{} -> COMPONENT`", alarm.name));
      else d.addLabel(watched[0]->span, "first watched here").addHelp("declare one alarm per watched component");
      continue;
    }
    const Value* metric = alarm.props.field("metric");
    const PropSpec* allowed_metrics = watched[0]->rule->accepts.find("metric");
    if (!metric || !metric->ok() || metric->kind != TypeKind::Enum || !allowed_metrics) continue;
    const std::vector<std::string>& names = allowed_metrics->type.names;
    if (std::find(names.begin(), names.end(), metric->text) != names.end()) continue;
    const Component& target = arch.components[watched[0]->to];
    diags.report(DiagKind::AlarmMetric, metric->span, metric->text, target.kind->name)
        .addNote(fmt::format("a `{}` has: {}", target.kind->name, fmt::join(names, ", ")));
  }

  // A function reaches what lives inside the network only from a tier.
  for (const Connection& conn : arch.connections) {
    const Component& from = arch.components[conn.from];
    const Component& to = arch.components[conn.to];
    if (conn.rule->meaning != "network" || from.kind->name != "function" || from.placement || !to.placement) continue;
    diags.report(DiagKind::UnplacedFunction, conn.span, from.name, to.name)
        .addNote("a function outside the network has no route to it")
        .addHelp(fmt::format("place it: `function {} in TIER`, a private tier of `{}`'s network", from.name, to.name));
  }

  // A message must stay invisible while its consumer works on it.
  for (const Connection& conn : arch.connections) {
    if (conn.rule->meaning != "trigger") continue;
    const Component& queue = arch.components[conn.from];
    const Component& fn = arch.components[conn.to];
    std::int64_t visibility = num(queue.props, "visibility", -1), timeout = num(fn.props, "timeout", -1);
    if (visibility < 0 || timeout < 0 || visibility >= timeout) continue;
    diags.report(DiagKind::VisibilityTimeout, at(queue, queue.props.field("visibility")), queue.name,
                 formatDuration(visibility), formatDuration(timeout), fn.name)
        .addNote("a message would become visible again, and be processed twice, while the function still runs")
        .addHelp(fmt::format("set `visibility = {}` (AWS recommends six times the function's timeout)",
                             formatDuration(timeout * 6)));
  }
}

}  // namespace arch::sema
