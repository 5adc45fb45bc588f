// The settings of `rollout engine`, from an optional configuration file
// (--config FILE) and the command line, which wins.
//
// The file has one `key = value` a line; `#` starts a comment:
//   webhook = http://127.0.0.1:8080/alerts
//   exec = notify-send rollout
//   smtp = smtp://127.0.0.1:25   # or smtps://HOST:465; credentials: see README
//   mail_from = rollout@example.com
//   log_json = true
//   speed = 86400
//   retry_ms = 250        # first retry after this, doubling
//   retry_max_ms = 60000  # back-off cap
//   timeout_ms = 5000     # per webhook request / command run
//   poll_ms = 200         # how often to look for other processes' writes
#pragma once

#include <string>

#include "engine/result.h"

namespace rollout {

struct EngineConfig {
  std::string webhook;
  std::string exec;
  std::string smtp;       // smtp://HOST:PORT or smtps://HOST:PORT ("" for no e-mail)
  std::string mail_from;  // the sender of the e-mail sink
  bool log_json = false;
  double speed = 0;  // 0: not simulated
  int retry_ms = 250;
  int retry_max_ms = 60000;
  int timeout_ms = 5000;
  int poll_ms = 200;
};

/// Reads |text| (from file |path|) over |*config|; every bad line is an error.
Result<EngineConfig> ParseEngineConfig(const std::string& path, const std::string& text,
                                       EngineConfig config);

}  // namespace rollout
