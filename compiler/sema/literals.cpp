// Reading and describing literals for the evaluator's messages.
#include "compiler/sema/literals.h"
#include "compiler/support/overloaded.h"

#include <cctype>
#include <variant>

#include <fmt/format.h>

#include "compiler/sema/value.h"

namespace arch::sema {
namespace {

using support::Overloaded;

__extension__ typedef __int128 Int128;  // exact products of 64-bit values
constexpr Int128 kMaxValue = INT64_MAX;

}  // namespace

bool scaleDecimal(std::string_view digits, std::int64_t factor, std::int64_t& out, bool& inexact) {
  bool negative = !digits.empty() && digits[0] == '-';
  if (negative) digits.remove_prefix(1);
  Int128 whole = 0, frac = 0, frac_scale = 1;
  std::size_t dot = digits.find('.');
  for (char c : digits.substr(0, dot)) {
    whole = whole * 10 + (c - '0');
    if (whole > kMaxValue) return false;
  }
  if (dot != std::string_view::npos)
    for (char c : digits.substr(dot + 1)) {
      if (frac_scale > kMaxValue) return false;
      frac = frac * 10 + (c - '0');
      frac_scale *= 10;
    }
  Int128 scaled_frac = frac * factor;
  inexact = scaled_frac % frac_scale != 0;
  Int128 total = whole * factor + scaled_frac / frac_scale;
  if (total > kMaxValue) return false;
  out = static_cast<std::int64_t>(negative ? -total : total);
  return true;
}

std::string exprText(const ast::Expr& e) {
  return std::visit(Overloaded{
                        [](const ast::NumberLit& n) {
                          switch (n.kind) {
                            case ast::NumberKind::Money: return "$" + n.digits;
                            case ast::NumberKind::Percent: return n.digits + "%";
                            default: return n.digits + n.unit;
                          }
                        },
                        [](const ast::BoolLit& b) -> std::string { return b.value ? "true" : "false"; },
                        [](const ast::CidrLit& c) { return c.text; },
                        [](const ast::RefExpr& r) { return r.path.str(); },
                        [](const auto&) { return std::string(); },
                    },
                    e.node);
}

// "a size `512MB`", "a string", "`postgres`": how messages name what was written.
std::string describeFound(const ast::Expr& e) {
  std::string text = exprText(e);
  auto with = [&](std::string_view what) {
    return text.empty() ? std::string(what) : fmt::format("{} `{}`", what, text);
  };
  return std::visit(Overloaded{
                        [&](const ast::NumberLit& n) -> std::string {
                          switch (n.kind) {
                            case ast::NumberKind::Int: return with("an integer");
                            case ast::NumberKind::Float: return with("a number");
                            case ast::NumberKind::Money: return with("an amount of money");
                            case ast::NumberKind::Percent: return with("a percentage");
                            case ast::NumberKind::Quantity:
                              if (durationUnit(n.unit)) return with("a duration");
                              if (sizeUnit(n.unit)) return with("a size");
                              return with("a quantity");
                          }
                          return with("a number");
                        },
                        [&](const ast::BoolLit&) { return with("a boolean"); },
                        [&](const ast::CidrLit&) { return with("a CIDR block"); },
                        [&](const ast::StringLit&) -> std::string { return "a string"; },
                        [&](const ast::RefExpr&) { return fmt::format("`{}`", text); },
                        [&](const ast::CallExpr& c) { return fmt::format("a call of `{}`", c.callee.str()); },
                        [&](const ast::ListExpr&) -> std::string { return "a list"; },
                        [&](const ast::ObjectExpr&) -> std::string { return "an object `{ ... }`"; },
                        [&](const ast::TaggedExpr& t) { return fmt::format("`{} {{ ... }}`", t.tag.str()); },
                        [&](const ast::RangeExpr&) -> std::string { return "a range"; },
                        [&](const ast::BinaryExpr&) -> std::string { return "an arithmetic expression"; },
                        [&](const ast::ErrorExpr&) -> std::string { return "an error"; },
                    },
                    e.node);
}

// The unit a misspelt one most likely means: `sec`, `secs`, `seconds` → `s`;
// `m`, `mins` → `min`; `512M`, `512mb` → `MB`.
std::string_view unitFor(std::string_view written, bool duration) {
  std::string u;
  for (char c : written) u += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (duration) {
    static constexpr std::pair<std::string_view, std::string_view> kDurations[] = {
        {"msec", "ms"},  {"msecs", "ms"}, {"millis", "ms"}, {"milliseconds", "ms"}, {"sec", "s"},
        {"secs", "s"},   {"second", "s"}, {"seconds", "s"}, {"m", "min"},          {"mins", "min"},
        {"minute", "min"}, {"minutes", "min"}, {"hr", "h"}, {"hrs", "h"},         {"hour", "h"},
        {"hours", "h"},  {"day", "d"},    {"days", "d"},    {"ms", "ms"},         {"s", "s"},
        {"min", "min"},  {"h", "h"},      {"d", "d"}};
    for (auto [from, to] : kDurations)
      if (u == from) return to;
    return {};
  }
  static constexpr std::pair<std::string_view, std::string_view> kSizes[] = {
      {"b", "B"},   {"k", "KB"},  {"kb", "KB"},  {"kib", "KiB"}, {"m", "MB"},  {"mb", "MB"},
      {"mib", "MiB"}, {"g", "GB"}, {"gb", "GB"},  {"gib", "GiB"}, {"t", "TB"},  {"tb", "TB"},
      {"tib", "TiB"}, {"bytes", "B"}};
  for (auto [from, to] : kSizes)
    if (u == from) return to;
  return {};
}

// An example of the expected type for `help:` lines.
std::string exampleOf(const Type& t) {
  switch (t.kind) {
    case TypeKind::String: return "\"...\"";
    case TypeKind::Int: return "3";
    case TypeKind::Float: return "1.5";
    case TypeKind::Bool: return "true";
    case TypeKind::Duration: return "30s";
    case TypeKind::Size: return "512MB";
    case TypeKind::Money: return "$100";
    case TypeKind::Percent: return "70%";
    case TypeKind::Cidr: return "10.0.0.0/16";
    case TypeKind::Port: return "443";
    case TypeKind::Range: return "2..20";
    case TypeKind::List: return "[...]";
    case TypeKind::Map: return "{ key = ... }";
    case TypeKind::Group: return "{ ... }";
    case TypeKind::Enum: return t.names.empty() ? "..." : t.names[0];
    default: return "...";
  }
}

}  // namespace arch::sema
