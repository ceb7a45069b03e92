// Stages files in a temporary directory, then renames them into place.
#include "compiler/driver/output.h"

#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

namespace arch::driver {
namespace fs = std::filesystem;
namespace {

// Holds the interrupt signals for its lifetime; says whether one came.
class HeldSignals {
 public:
  HeldSignals() {
    sigemptyset(&set_);
    for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set_, s);
    sigprocmask(SIG_BLOCK, &set_, &old_);
  }
  ~HeldSignals() { sigprocmask(SIG_SETMASK, &old_, nullptr); }  // a pending one is delivered now
  // Takes the pending interrupts, so that the caller reports and exits
  // instead of being killed when they are released.
  void consume() {
    timespec zero{};
    while (sigtimedwait(&set_, nullptr, &zero) > 0) {
    }
  }
  bool arrived() const {
    sigset_t pending;
    sigpending(&pending);
    for (int s : {SIGINT, SIGTERM, SIGHUP})
      if (sigismember(&pending, s)) return true;
    return false;
  }

 private:
  sigset_t set_{}, old_{};
};

}  // namespace

WriteResult writeAtomically(const std::string& out_dir, const std::vector<backends::Artifact>& files, std::string& error,
                            void (*after_each)()) {
  HeldSignals held;
  std::error_code ec;
  fs::path out = fs::absolute(out_dir, ec);
  // The staging directory sits beside the output, on the same file system,
  // so that moving a file is one rename.
  fs::path parent = out.parent_path();
  fs::create_directories(parent, ec);
  fs::path stage = parent / fmt::format(".{}.archc-{}", out.filename().string(), ::getpid());
  fs::remove_all(stage, ec);
  auto fail = [&](std::string why) {
    error = std::move(why);
    std::error_code ignored;
    fs::remove_all(stage, ignored);
    return WriteResult::Failed;
  };
  for (const backends::Artifact& a : files) {
    fs::path path = stage / a.path;
    fs::create_directories(path.parent_path(), ec);
    if (ec) return fail(fmt::format("{}: {}", path.parent_path().string(), ec.message()));
    std::ofstream f(path, std::ios::binary);
    f.write(a.content.data(), static_cast<std::streamsize>(a.content.size()));
    f.close();
    if (!f) return fail(fmt::format("{}: write failed", path.string()));
    if (after_each) after_each();
    if (held.arrived()) {
      fs::remove_all(stage, ec);
      held.consume();
      return WriteResult::Interrupted;
    }
  }
  // Commit: nothing can interrupt it (signals are held), and each rename
  // replaces one file in one step.
  for (const backends::Artifact& a : files) {
    fs::path target = out / a.path;
    fs::create_directories(target.parent_path(), ec);
    if (ec) return fail(fmt::format("{}: {}", target.parent_path().string(), ec.message()));
    fs::rename(stage / a.path, target, ec);
    if (ec) return fail(fmt::format("{}: {}", target.string(), ec.message()));
  }
  fs::remove_all(stage, ec);
  return WriteResult::Written;
}

}  // namespace arch::driver
