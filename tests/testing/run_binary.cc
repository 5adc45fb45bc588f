#include "tests/testing/run_binary.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace rollout::testing {
RunResult Run(const std::vector<std::string>& argv, const std::vector<std::string>& env,
              const std::string& input, const std::string& cwd) {
  ScopedTempDir tmp;
  const std::string in_path = tmp.Write("stdin", input);
  const std::string out_path = tmp.path() + "/stdout", err_path = tmp.path() + "/stderr";
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, in_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  // |env| first: getenv() returns the first match, so these override.
  std::vector<std::string> env_strings(env.begin(), env.end());
  for (char** e = environ; *e != nullptr; ++e) env_strings.emplace_back(*e);
  std::vector<char*> envp;
  for (std::string& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawn(&pid, args[0], &fa, nullptr, args.data(), envp.data()) != 0)
    throw std::runtime_error("cannot run " + argv[0]);
  posix_spawn_file_actions_destroy(&fa);
  int status = 0;
  waitpid(pid, &status, 0);
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadFile(out_path);
  r.err = ReadFile(err_path);
  return r;
}

RunResult Rollout(const std::vector<std::string>& args, const std::vector<std::string>& env) {
  std::vector<std::string> argv{ROLLOUT_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return Run(argv, env);
}

RunResult RolloutIn(const std::string& cwd, const std::vector<std::string>& args) {
  std::vector<std::string> argv{ROLLOUT_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return Run(argv, {}, "", cwd);
}

ScopedTempDir::ScopedTempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "rollout-test-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

ScopedTempDir::~ScopedTempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string ScopedTempDir::Write(const std::string& name, const std::string& text) const {
  const std::string p = path_ + "/" + name;
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

std::string DataPath(const std::string& name) { return std::string(ROLLOUT_TEST_DATA) + "/" + name; }

std::string ExamplesPath(const std::string& name) {
  return std::string(ROLLOUT_TEST_DATA) + "/examples/" + name;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace rollout::testing
