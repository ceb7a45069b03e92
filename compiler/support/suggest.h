// "Did you mean ...?": the closest candidate to a misspelt name.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace arch::support {

std::size_t editDistance(std::string_view a, std::string_view b);

// The candidate nearest to `name`, if it is near enough to be a typo
// (about a third of the name's length), preferring the first on ties.
std::optional<std::string> closest(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace arch::support
