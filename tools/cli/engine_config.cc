#include "tools/cli/engine_config.h"

#include <cstdlib>
#include <sstream>

#include "po/messages.h"

namespace rollout {
namespace {

std::string Trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

bool ParseInt(const std::string& v, int* out) {
  char* end = nullptr;
  long n = std::strtol(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0' || n <= 0 || n > 86400000) return false;
  *out = static_cast<int>(n);
  return true;
}

// Applies one key; false with |*why| when the value is bad or the key unknown.
bool Apply(const std::string& key, const std::string& value, EngineConfig* c, std::string* why) {
  if (key == "webhook")
    c->webhook = value;
  else if (key == "exec")
    c->exec = value;
  else if (key == "smtp")
    c->smtp = value;
  else if (key == "mail_from")
    c->mail_from = value;
  else if (key == "log_json") {
    if (value != "true" && value != "false") return *why = Tr("log_json is true or false"), false;
    c->log_json = value == "true";
  } else if (key == "speed") {
    char* end = nullptr;
    c->speed = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0' || c->speed <= 0)
      return *why = Tr("speed is a positive number"), false;
  } else if (key == "retry_ms" || key == "retry_max_ms" || key == "timeout_ms" ||
             key == "poll_ms") {
    int* field = key == "retry_ms"       ? &c->retry_ms
                 : key == "retry_max_ms" ? &c->retry_max_ms
                 : key == "timeout_ms"   ? &c->timeout_ms
                                         : &c->poll_ms;
    if (!ParseInt(value, field))
      return *why = Tr("{0} is a positive number of milliseconds", key), false;
  } else {
    *why =
        Tr("unknown key '{0}' (known: webhook, exec, smtp, mail_from, log_json, speed, retry_ms, "
           "retry_max_ms, timeout_ms, poll_ms)",
           key);
    return false;
  }
  return true;
}

}  // namespace

Result<EngineConfig> ParseEngineConfig(const std::string& path, const std::string& text,
                                       EngineConfig config) {
  Errors errors;
  std::istringstream in(text);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    const size_t hash = line.find('#');
    if (hash != std::string::npos) line = line.substr(0, hash);
    if (Trim(line).empty()) continue;
    const size_t eq = line.find('=');
    std::string why;
    if (eq == std::string::npos)
      why = Tr("expected 'key = value'");
    else
      Apply(Trim(line.substr(0, eq)), Trim(line.substr(eq + 1)), &config, &why);
    if (!why.empty())
      errors.push_back(Error{{n, 1}, path + ":" + std::to_string(n) + ": " + why, ""});
  }
  if (!errors.empty()) return errors;
  return config;
}

}  // namespace rollout
