// Reading source files: I/O, the size limit and UTF-8 validation, each
// failure a diagnostic. A file that passes is in the SourceManager.
#pragma once

#include <optional>
#include <string>

#include "compiler/diag/diagnostic.h"

namespace arch {

inline constexpr std::size_t kMaxSourceBytes = 8u << 20;  // 8 MiB

// Reads `path` into `sources`. On failure reports E0001/E0002/E0003 and
// returns nothing, except that an invalid-UTF-8 file is kept (so the
// diagnostic can show its line) and still returns nothing.
// `display` names the file in diagnostics when it differs from `path` (the
// stdlib shows as `<stdlib>/...`, so output does not depend on where it is
// installed).
std::optional<FileId> loadSource(const std::string& path, SourceManager& sources, Diagnostics& diags,
                                 std::size_t max_bytes = kMaxSourceBytes, const std::string& display = "");

// Adds in-memory text (tests, fuzzers, stdin) under the same checks.
std::optional<FileId> addSource(std::string path, std::string text, SourceManager& sources,
                                Diagnostics& diags, std::size_t max_bytes = kMaxSourceBytes);

}  // namespace arch
