// Small queries on the IR.
#include "compiler/ir/ir.h"

#include <cctype>

namespace arch::ir {

std::string Component::text(std::string_view key) const {
  const sema::Value* v = prop(key);
  return v && v->ok() ? v->text : "";
}

std::int64_t Component::number(std::string_view key, std::int64_t fallback) const {
  const sema::Value* v = prop(key);
  return v && v->ok() ? v->number : fallback;
}

bool Component::flag(std::string_view key, bool fallback) const {
  const sema::Value* v = prop(key);
  return v && v->ok() && v->kind == sema::TypeKind::Bool ? v->flag : fallback;
}

std::vector<const Connection*> Graph::from(Index i) const {
  std::vector<const Connection*> out;
  for (const Connection& c : connections)
    if (c.from == i) out.push_back(&c);
  return out;
}

std::vector<const Connection*> Graph::to(Index i) const {
  std::vector<const Connection*> out;
  for (const Connection& c : connections)
    if (c.to == i) out.push_back(&c);
  return out;
}

std::vector<Index> Graph::ofKind(std::string_view kind) const {
  std::vector<Index> out;
  for (Index i = 0; i < components.size(); ++i)
    if (components[i].kind == kind) out.push_back(i);
  return out;
}

std::string identifier(std::string_view name) {
  std::string out;
  bool upper = true;
  for (char c : name) {
    if (c == '.' || c == '_' || c == '-') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

}  // namespace arch::ir
