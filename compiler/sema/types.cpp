// Type names and descriptions for messages.
#include "compiler/sema/types.h"

#include <fmt/format.h>

namespace arch::sema {

namespace {
struct Primitive {
  std::string_view name;
  TypeKind kind;
  std::string_view article;  // how a message names a value of the type
};
constexpr Primitive kPrimitives[] = {
    {"string", TypeKind::String, "a string"},     {"int", TypeKind::Int, "an integer"},
    {"float", TypeKind::Float, "a number"},       {"bool", TypeKind::Bool, "`true` or `false`"},
    {"duration", TypeKind::Duration, "a duration"}, {"size", TypeKind::Size, "a size"},
    {"money", TypeKind::Money, "an amount of money"}, {"percent", TypeKind::Percent, "a percentage"},
    {"cidr", TypeKind::Cidr, "a CIDR block"},     {"port", TypeKind::Port, "a port number"},
    {"range", TypeKind::Range, "a range"},        {"list", TypeKind::List, "a list"},
    {"map", TypeKind::Map, "a map"},              {"ref", TypeKind::Ref, "a component"},
};
}  // namespace

bool primitiveType(std::string_view name, TypeKind& out) {
  for (const Primitive& p : kPrimitives)
    if (p.name == name) {
      out = p.kind;
      return true;
    }
  return false;
}

std::string Type::str() const {
  std::string out;
  switch (kind) {
    case TypeKind::Enum:
      for (std::size_t i = 0; i < names.size(); ++i) out += (i ? " | " : "") + names[i];
      break;
    case TypeKind::Ref: {
      out = "ref<";
      for (std::size_t i = 0; i < names.size(); ++i) out += (i ? " | " : "") + names[i];
      out += ">";
      break;
    }
    case TypeKind::Group: out = "{ ... }"; break;
    case TypeKind::Union:
      for (std::size_t i = 0; i < alts.size(); ++i) out += (i ? " | " : "") + alts[i].str();
      break;
    case TypeKind::Any: out = "any"; break;
    default:
      for (const Primitive& p : kPrimitives)
        if (p.kind == kind) out = std::string(p.name);
      if (!args.empty()) out += "<" + args[0].str() + ">";
  }
  return optional ? out + "?" : out;
}

std::string Type::describe() const {
  switch (kind) {
    case TypeKind::Enum: {
      std::string out = names.size() == 1 ? "" : "one of ";
      for (std::size_t i = 0; i < names.size(); ++i) {
        if (i) out += i + 1 == names.size() ? " or " : ", ";
        out += "`" + names[i] + "`";
      }
      return out;
    }
    case TypeKind::Ref: {
      if (names.empty()) return "a component";
      std::string out = "a ";
      for (std::size_t i = 0; i < names.size(); ++i) {
        if (i) out += i + 1 == names.size() ? " or a " : ", a ";
        out += "`" + names[i] + "`";
      }
      return out;
    }
    case TypeKind::List: return args.empty() ? "a list" : "a list of " + args[0].str();
    case TypeKind::Map: return args.empty() ? "a map" : "a map of " + args[0].str();
    case TypeKind::Range: return args.empty() ? "a range of integers" : "a range of " + args[0].str();
    case TypeKind::Group: return "a block of settings `{ ... }`";
    case TypeKind::Union: {
      std::string out;
      for (std::size_t i = 0; i < alts.size(); ++i) {
        if (i) out += i + 1 == alts.size() ? " or " : ", ";
        out += alts[i].describe();
      }
      return out;
    }
    case TypeKind::Any: return "a value";
    default:
      for (const Primitive& p : kPrimitives)
        if (p.kind == kind) return std::string(p.article);
      return "a value";
  }
}

}  // namespace arch::sema
