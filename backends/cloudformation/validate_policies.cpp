// IAM policy documents anywhere in a resource's properties: a statement
// with `"Action": "*"` grants every action of every service, which archc
// never means to emit, so the validator flags it wherever it appears.
#include <string_view>

#include "backends/cloudformation/validate_internal.h"

namespace arch::cloudformation::validation {

void Validator::checkPolicies(const Json& v, const std::string& path) {
  if (v.is_object()) {
    if (auto st = v.find("Statement"); st != v.end()) {
      std::string st_path = member(path, "Statement");
      if (st->is_array())
        for (std::size_t i = 0; i < st->size(); ++i) checkStatement((*st)[i], index(st_path, i));
      else
        checkStatement(*st, st_path);
    }
    for (const auto& [key, item] : v.items())
      if (key != "Statement") checkPolicies(item, member(path, key));
  } else if (v.is_array()) {
    for (std::size_t i = 0; i < v.size(); ++i) checkPolicies(v[i], index(path, i));
  }
}

void Validator::checkStatement(const Json& s, const std::string& path) {
  if (!s.is_object()) return;
  if (auto fn = s.find("Fn::If"); s.size() == 1 && fn != s.end() && fn->is_array() && fn->size() == 3) {
    for (std::size_t i = 1; i < 3; ++i) checkStatement((*fn)[i], index(member(path, "Fn::If"), i));
    return;
  }
  auto action = s.find("Action");
  if (action == s.end()) return;
  std::string action_path = member(path, "Action");
  constexpr std::string_view message =
      "`\"Action\": \"*\"` allows every action of every service; list the actions this statement needs";
  if (*action == "*") report(action_path, std::string(message));
  if (action->is_array())
    for (std::size_t i = 0; i < action->size(); ++i)
      if ((*action)[i] == "*") report(index(action_path, i), std::string(message));
}

}  // namespace arch::cloudformation::validation
