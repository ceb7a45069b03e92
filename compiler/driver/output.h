// Writing a build's files all or nothing: everything goes to a temporary
// directory beside the output first, and is moved into place only when all
// of it was written. Interrupts (SIGINT, SIGTERM, SIGHUP) are held while
// writing; one that arrived aborts the build before anything is moved.
// Files archc did not write are never touched.
#pragma once

#include <string>
#include <vector>

#include "backends/backend.h"

namespace arch::driver {

enum class WriteResult { Written, Failed, Interrupted };

// `after_each` runs after each file is staged (tests use it to interrupt
// a build half-way).
WriteResult writeAtomically(const std::string& out_dir, const std::vector<backends::Artifact>& files, std::string& error,
                            void (*after_each)() = nullptr);

}  // namespace arch::driver
