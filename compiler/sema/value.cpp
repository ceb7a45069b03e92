// Units, and printing values the way Arch writes them.
#include "compiler/sema/value.h"

#include <algorithm>

#include <fmt/format.h>

namespace arch::sema {

std::int64_t durationUnit(std::string_view u) {
  if (u == "ms") return 1;
  if (u == "s") return 1000;
  if (u == "min") return 60'000;
  if (u == "h") return 3'600'000;
  if (u == "d") return 86'400'000;
  return 0;
}

std::int64_t sizeUnit(std::string_view u) {
  // Binary, as AWS counts memory and storage ("512 MB" of Lambda memory is 512 MiB).
  if (u == "B") return 1;
  if (u == "KB" || u == "KiB") return std::int64_t{1} << 10;
  if (u == "MB" || u == "MiB") return std::int64_t{1} << 20;
  if (u == "GB" || u == "GiB") return std::int64_t{1} << 30;
  if (u == "TB" || u == "TiB") return std::int64_t{1} << 40;
  return 0;
}

std::string formatDuration(std::int64_t ms) {
  static constexpr std::pair<std::int64_t, std::string_view> kUnits[] = {
      {86'400'000, "d"}, {3'600'000, "h"}, {60'000, "min"}, {1000, "s"}, {1, "ms"}};
  for (auto [factor, unit] : kUnits)
    if (ms != 0 && ms % factor == 0) return fmt::format("{}{}", ms / factor, unit);
  return ms == 0 ? "0s" : fmt::format("{}ms", ms);
}

std::string formatSize(std::int64_t bytes) {
  static constexpr std::pair<std::int64_t, std::string_view> kUnits[] = {
      {std::int64_t{1} << 40, "TB"}, {std::int64_t{1} << 30, "GB"}, {std::int64_t{1} << 20, "MB"},
      {std::int64_t{1} << 10, "KB"}};
  for (auto [factor, unit] : kUnits)
    if (bytes != 0 && bytes % factor == 0) return fmt::format("{}{}", bytes / factor, unit);
  return fmt::format("{}B", bytes);
}

std::string formatMoney(std::int64_t cents) {
  if (cents % 100 == 0) return fmt::format("${}", cents / 100);
  return fmt::format("${}.{:02}", cents / 100, cents % 100);
}

std::string formatPercent(std::int64_t h) {
  if (h % 100 == 0) return fmt::format("{}%", h / 100);
  return fmt::format("{}.{:02}%", h / 100, h % 100);
}

void overlay(Value& base, const Value& top) {
  for (const Field& f : top.fields) {
    auto it = std::find_if(base.fields.begin(), base.fields.end(), [&](const Field& b) { return b.name == f.name; });
    if (it == base.fields.end()) base.fields.push_back(f);
    else if (f.value.kind == TypeKind::Group && it->value.kind == TypeKind::Group) overlay(it->value, f.value);
    else it->value = f.value;
  }
}

const Value* Value::field(std::string_view name) const {
  for (const auto& [key, value] : fields)
    if (key == name) return &value;
  return nullptr;
}

std::string Value::str() const {
  switch (kind) {
    case TypeKind::String: return fmt::format("\"{}\"", text);
    case TypeKind::Int:
    case TypeKind::Port: return std::to_string(number);
    case TypeKind::Float: return fmt::format("{}", real);
    case TypeKind::Bool: return flag ? "true" : "false";
    case TypeKind::Duration: return formatDuration(number);
    case TypeKind::Size: return formatSize(number);
    case TypeKind::Money: return formatMoney(number);
    case TypeKind::Percent: return formatPercent(number);
    case TypeKind::Cidr: return text;
    case TypeKind::Enum: return text;
    case TypeKind::Range: return text;
    case TypeKind::List: {
      std::string out = "[";
      for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i].str();
      return out + "]";
    }
    case TypeKind::Map:
    case TypeKind::Group: {
      std::string out = "{";
      for (const auto& [k, v] : fields) out += " " + k + " = " + v.str();
      return out + " }";
    }
    case TypeKind::Ref: return text;
    case TypeKind::Union:
    case TypeKind::Any: return "?";
  }
  return "?";
}

}  // namespace arch::sema
