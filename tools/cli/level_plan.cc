#include "tools/cli/level_plan.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "engine/leveller.h"
#include "tools/cli/cli.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

// A bar on stderr, shown only after a second and only on a terminal.
class ProgressBar {
 public:
  ProgressBar() : tty_(isatty(STDERR_FILENO) != 0), start_(std::chrono::steady_clock::now()) {}
  ~ProgressBar() {
    if (shown_) std::fputs("\r\033[K", stderr);
  }
  void Update(int done, int total) {
    if (!tty_ || total <= 0) return;
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (secs < 1.0) return;
    const int width = 30;
    const int filled = std::min(width, done * width / total);
    char percent[16];
    std::snprintf(percent, sizeof percent, "%3d", std::min(100, done * 100 / total));
    const std::string bar = std::string(filled, '#') + std::string(width - filled, '.');
    std::fprintf(stderr, "\r%s",
                 Tr("levelling [{0}] {1}% {2}/{3} schedules", bar, percent, done, total).c_str());
    std::fflush(stderr);
    shown_ = true;
  }

 private:
  bool tty_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace

bool LevelScheduledPlan(ScheduledPlan* s, const LevelRequest& request) {
  ProgressBar bar;
  LevelRequest with_bar = request;
  with_bar.progress = [&bar](int done, int total) { bar.Update(done, total); };
  Status st = LevelInPlace(s, with_bar);
  if (!st.ok()) {
    for (const Error& e : st.errors()) {
      PrintError(e.message);
      if (!e.hint.empty()) std::fprintf(stderr, "hint: %s\n", VisibleText(e.hint).c_str());
    }
    return false;
  }
  return true;
}

}  // namespace rollout
