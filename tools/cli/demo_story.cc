#include "tools/cli/demo_story.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "tools/cli/builtin_workflow.h"
#include "tools/cli/cli.h"

extern char** environ;

namespace rollout {
namespace {

struct Step {
  const char* when;  // plan-local time, --now
  const char* who;   // --as
  std::vector<std::string> args;
  int expect = 0;               // exit code the story expects
  const char* title = nullptr;  // printed before the step when set
};

// The story on the built-in workflow (Europe/Moscow, day 0 Mon 2027-01-11).
std::vector<Step> Story() {
  return {
      {"2027-01-08T10:00",
       "sokolov",
       {"load", "--level", "builtin:distribution-transition"},
       0,
       N_("Friday 8 January: the lead loads the plan with its team levelled (nobody on two "
       "tasks a day); the levelled schedule becomes the baseline")},
      {"2027-01-11T09:30",
       "morozov",
       {"start", "audit.sales"},
       0,
       N_("Week 1 (11-15 January): the audit starts, each consultant on the task levelling gave them")},
      {"2027-01-11T09:30", "kuznetsova", {"start", "audit.management"}},
      {"2027-01-13T09:00", "engine", {"engine", "--once"}},
      {"2027-01-14T09:00", "engine", {"engine", "--once"}},
      {"2027-01-15T17:00", "kuznetsova", {"done", "audit.management"}},
      {"2027-01-18T10:00",
       "kuznetsova",
       {"start", "audit.policy"},
       0,
       N_("Week 2 (18-22 January): audit.sales runs late")},
      {"2027-01-18T18:00", "engine", {"engine", "--once"}},
      {"2027-01-19T12:00", "morozov", {"done", "audit.sales", "--note", Tr("a day late")}},
      {"2027-01-20T17:00", "kuznetsova", {"done", "audit.policy"}},
      {"2027-01-21T09:30", "kuznetsova", {"start", "audit.managers"}},
      {"2027-01-21T09:30", "morozov", {"start", "audit.partners"}},
      {"2027-01-22T09:00", "engine", {"engine", "--once"}},
      {"2027-01-27T12:00",
       "kuznetsova",
       {"done", "audit.managers"},
       0,
       N_("Weeks 3-4 (25 January - 5 February): the partner audit slips")},
      {"2027-02-01T18:00", "engine", {"engine", "--once"}},
      {"2027-02-03T16:00", "morozov", {"done", "audit.partners", "--note", Tr("two days late")}},
      {"2027-02-03T16:00", "engine", {"engine", "--once"}},
      {"2027-02-03T16:30",
       "sokolov",
       {"metric", "set", "audit_areas", "4"},
       0,
       N_("The checkpoint: only 4 audit areas are recorded, the gate needs 5")},
      {"2027-02-03T16:30", "sokolov", {"gate", "approve", "gate.audit_done"}, kExitRefused},
      {"2027-02-03T17:00", "sokolov", {"metric", "set", "audit_areas", "5"}},
      {"2027-02-03T17:00",
       "sokolov",
       {"gate", "approve", "gate.audit_done", "--note", Tr("all five areas audited")}},
      {"2027-02-04T09:00", "sokolov", {"start", "review.discuss"}},
      {"2027-02-04T09:00", "engine", {"engine", "--once"}},
      {"2027-02-04T09:00", "sokolov", {"alerts"}, 0, N_("The lead's inbox")},
      {"2027-02-04T09:00",
       "sokolov",
       {"status"},
       0,
       N_("Where we stand: the forecast against the baseline")},
  };
}

// Runs this binary with |args|; returns the exit code, output in |*out|.
int RunSelf(const std::vector<std::string>& args, std::string* out) {
  int fds[2];
  if (pipe(fds) != 0) return -1;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
  posix_spawn_file_actions_addclose(&fa, fds[0]);
  std::vector<std::string> argv{"/proc/self/exe"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> cargv;
  for (std::string& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, "/proc/self/exe", &fa, nullptr, cargv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(fds[1]);
  char buf[4096];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;)
    out->append(buf, static_cast<size_t>(n));
  close(fds[0]);
  if (rc != 0) return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// |text| with the temporary path hidden, each line indented.
std::string Tidy(std::string text, const std::string& dir) {
  for (size_t at; (at = text.find(dir)) != std::string::npos;)
    text.replace(at, dir.size(), "$DEMO");
  std::istringstream in(text);
  std::string out;
  for (std::string line; std::getline(in, line);) {
    // The engine's banner ("engine: evaluating $DEMO/rollout.db at ..."), in
    // any language: the only engine line that names the database.
    if (line.rfind("engine: ", 0) == 0 && line.find("$DEMO") != std::string::npos) continue;
    out += "    " + line + "\n";
  }
  return out;
}

}  // namespace

int RunDemoStory() {
  char tmpl[] = "/tmp/rollout-demo-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) {
    PrintError(Tr("cannot create a temporary directory"));
    return kExitFailure;
  }
  const std::string dir = tmpl;
  const std::string db = dir + "/rollout.db";
  int code = kExitOk;
  for (const Step& s : Story()) {
    if (s.title) std::printf("\n== %s\n", Tr(s.title).c_str());
    // Each step speaks the story's language, whatever chose it (--lang, the locale).
    std::vector<std::string> args{"--lang", LangCode(CurrentLang()), "--db", db,
                                  "--now",  s.when,                  "--as", s.who};
    args.insert(args.end(), s.args.begin(), s.args.end());
    std::string shown = std::string(s.when) + "  " + s.who + "$ rollout";
    for (const std::string& a : s.args) shown += " " + a;
    std::printf("%s\n", shown.c_str());
    std::string out;
    const int rc = RunSelf(args, &out);
    std::fputs(Tidy(out, dir).c_str(), stdout);
    if (rc != s.expect) {
      std::printf("    %s\n", Tr("(unexpected exit code {0})", rc).c_str());
      code = kExitFailure;
    }
    std::fflush(stdout);
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return code;
}

}  // namespace rollout
