// Dependencies between resources (Ref, Fn::GetAtt, Fn::Sub, DependsOn) and
// the cycles among them, which CloudFormation rejects: each cycle is found
// as a strongly connected component and reported once, as its shortest
// loop from its first resource in template order.
#include <algorithm>
#include <fmt/format.h>
#include <functional>
#include <utility>

#include "backends/cloudformation/validate_internal.h"

namespace arch::cloudformation::validation {

void Validator::dependOn(const std::string& target) {
  if (section_ == Section::Resources && !current_.empty()) deps_[current_].insert(target);
}

// Tarjan's strongly connected components; one problem per cycle, shown
// from its first resource in template order.
void Validator::checkCycles() {
  std::map<std::string, std::size_t> order;
  for (std::size_t i = 0; i < resource_order_.size(); ++i) order[resource_order_[i]] = i;
  std::map<std::string, std::size_t> idx, low;
  std::vector<std::string> stack;
  std::set<std::string> on_stack;
  std::size_t counter = 0;
  std::vector<std::vector<std::string>> cycles;
  std::function<void(const std::string&)> connect = [&](const std::string& v) {
    idx[v] = low[v] = counter++;
    stack.push_back(v);
    on_stack.insert(v);
    for (const std::string& w : deps_[v]) {
      if (!idx.contains(w)) {
        connect(w);
        low[v] = std::min(low[v], low[w]);
      } else if (on_stack.contains(w)) {
        low[v] = std::min(low[v], idx[w]);
      }
    }
    if (low[v] != idx[v]) return;
    std::vector<std::string> scc;
    std::string w;
    do {
      w = stack.back();
      stack.pop_back();
      on_stack.erase(w);
      scc.push_back(w);
    } while (w != v);
    if (scc.size() > 1 || deps_[v].contains(v)) cycles.push_back(std::move(scc));
  };
  for (const std::string& id : resource_order_)
    if (!idx.contains(id)) connect(id);

  std::vector<std::pair<std::size_t, std::string>> found;
  for (const std::vector<std::string>& scc : cycles) {
    std::set<std::string> members(scc.begin(), scc.end());
    std::string start = *std::min_element(scc.begin(), scc.end(),
                                          [&](const auto& a, const auto& b) { return order[a] < order[b]; });
    found.emplace_back(order[start], describeCycle(start, members));
  }
  std::sort(found.begin(), found.end());
  for (const auto& [pos, text] : found)
    report(member("Resources", resource_order_[pos]),
           fmt::format("circular dependency: {}; break it by removing one of these references or DependsOn", text));
}

// The shortest cycle through `start` inside its component, breadth first.
std::string Validator::describeCycle(const std::string& start, const std::set<std::string>& members) {
  std::map<std::string, std::string> parent;
  std::vector<std::string> queue{start};
  std::string last;
  for (std::size_t q = 0; q < queue.size() && last.empty(); ++q) {
    for (const std::string& w : deps_[queue[q]]) {
      if (w == start) {
        last = queue[q];
        break;
      }
      if (members.contains(w) && !parent.contains(w)) {
        parent[w] = queue[q];
        queue.push_back(w);
      }
    }
  }
  if (last.empty()) return "`" + start + "`";
  std::vector<std::string> chain{start};
  for (std::string v = last; v != start; v = parent[v]) chain.insert(chain.begin() + 1, v);
  chain.push_back(start);
  std::string out;
  for (const std::string& v : chain) out += (out.empty() ? "`" : " -> `") + v + "`";
  return out;
}

}  // namespace arch::cloudformation::validation
