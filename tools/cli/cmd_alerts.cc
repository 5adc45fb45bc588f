// rollout alerts [--all] [--json] · rollout ack ALERT: the alert inbox.
// Everyone sees the alerts addressed to them, a lead sees every alert; an
// acknowledged alert leaves the inbox (--all shows it again).
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include <chrono>
#include <thread>

#include "app/inbox.h"
#include "app/wire.h"
#include "tools/cli/remote.h"
#include "engine/runtime/alert_sink.h"
#include "tools/cli/alert_text.h"
#include "tools/cli/cli.h"
#include "tools/cli/db_context.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

struct AlertsArgs {
  bool all = false;
  bool follow = false;
  std::string alert;
};

void PrintTable(const std::vector<StoredAlert>& alerts) {
  if (alerts.empty()) {
    std::printf("no alerts\n");
    return;
  }
  int kind_w = 4, task_w = 4;
  for (const StoredAlert& a : alerts) {
    kind_w = std::max(kind_w, DisplayWidth(a.kind));
    task_w = std::max(task_w, DisplayWidth(a.task.empty() ? "-" : a.task));
  }
  std::printf("%s  %s  %s  %-10s  %s\n", PadRight("ID", 4).c_str(),
              PadRight("KIND", kind_w).c_str(), PadRight("TASK", task_w).c_str(), "ABOUT",
              "MESSAGE");
  for (const StoredAlert& a : alerts)
    std::printf("%s  %s  %s  %-10s  %s%s\n", PadRight(std::to_string(a.id), 4).c_str(),
                PadRight(a.kind, kind_w).c_str(),
                PadRight(a.task.empty() ? "-" : a.task, task_w).c_str(), VisibleText(a.about).c_str(),
                VisibleText(a.message).c_str(), a.acked ? " (acked)" : "");
}

void Print(const std::vector<StoredAlert>& alerts, bool json) {
  if (json)
    std::fputs(AlertsJson(alerts).c_str(), stdout);
  else
    PrintTable(alerts);
  std::fflush(stdout);
}

// --follow: the inbox, then every new alert as it arrives (GET /alerts
// held by ?wait=), until interrupted. JSON: one alert object a line.
int FollowRemote(const AlertsArgs& args, const GlobalOptions& global) {
  int64_t after = 0;
  bool first = true;
  while (true) {
    RemoteRequest request{"GET", "/alerts", {}, "", {}};
    if (args.all) request.query["all"] = "1";
    if (!first) {
      request.query["wait"] = "30";
      request.query["after"] = std::to_string(after);
      request.timeout_seconds = 45;
    }
    RemoteReply reply;
    if (int code = CallServer(global, request, &reply); code != kExitOk) return code;
    Result<std::vector<StoredAlert>> alerts = AlertsFromJson(reply.body);
    if (!alerts.ok()) return ReportErrors(alerts.errors());
    if (first) {
      if (!global.json) PrintTable(alerts.value());
    }
    for (const StoredAlert& a : alerts.value()) {
      after = std::max(after, a.id);
      if (global.json) {
        std::string line = AlertsJson({a});
        // One object a line: the list's single element, compact.
        nlohmann::json j = nlohmann::json::parse(line);
        std::printf("%s\n", j[0].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
      } else if (!first) {
        std::printf("#%lld  %s  %s  %s\n", static_cast<long long>(a.id), VisibleText(a.kind).c_str(),
                    VisibleText(a.task.empty() ? "-" : a.task).c_str(), VisibleText(a.message).c_str());
      }
    }
    std::fflush(stdout);
    first = false;
  }
}

int RunAlerts(const AlertsArgs& args, const GlobalOptions& global) {
  if (!ServerUrl(global).empty()) {
    if (args.follow) return FollowRemote(args, global);
    RemoteRequest request{"GET", "/alerts", {}, "", {}};
    if (args.all) request.query["all"] = "1";
    RemoteReply reply;
    if (int code = CallServer(global, request, &reply); code != kExitOk) return code;
    Result<std::vector<StoredAlert>> alerts = AlertsFromJson(reply.body);
    if (!alerts.ok()) return ReportErrors(alerts.errors());
    Print(alerts.value(), global.json);
    return kExitOk;
  }
  if (args.follow) {
    PrintError("--follow needs a team server: the server holds the request until an alert arrives");
    std::fprintf(stderr, "hint: pass --server URL (or set ROLLOUT_SERVER); 'rollout engine' logs alerts locally\n");
    return kExitUsage;
  }
  DbCommand cmd;
  if (int code = OpenDbCommand(global, &cmd, false, OpenMode::kReadOnly); code != kExitOk)
    return code;
  Result<std::vector<StoredAlert>> alerts = ListInbox(cmd.session, args.all);
  if (!alerts.ok()) return ReportErrors(alerts.errors());
  for (StoredAlert& a : alerts.value()) a.message = AlertText(a);
  Print(alerts.value(), global.json);
  FinishTimings(cmd);
  return kExitOk;
}

int RunAck(const AlertsArgs& args, const GlobalOptions& global) {
  char* end = nullptr;
  const long long id = std::strtoll(args.alert.c_str(), &end, 10);
  if (args.alert.empty() || *end != '\0' || id <= 0) {
    PrintError("bad alert id '" + args.alert + "': expected a number from 'rollout alerts'");
    return kExitUsage;
  }
  bool fresh = false;
  if (!ServerUrl(global).empty()) {
    RemoteReply reply;
    if (int code = CallServer(global, {"POST", "/alerts/" + std::to_string(id) + "/ack", {}, "", {}}, &reply);
        code != kExitOk)
      return code;
    Result<AckReply> r = AckFromJson(reply.body);
    if (!r.ok()) return ReportErrors(r.errors());
    fresh = r.value().fresh;
  } else {
    DbCommand cmd;
    if (int code = OpenDbCommand(global, &cmd); code != kExitOk) return code;
    Result<AckOutcome> out = AckAlert(cmd.session, id);
    if (!out.ok()) return ReportErrors(out.errors());
    fresh = out.value().fresh;
  }
  std::printf(fresh ? "alert #%s acknowledged\n" : "alert #%s was already acknowledged\n",
              args.alert.c_str());
  return kExitOk;
}

}  // namespace

void RegisterAlerts(CLI::App& app, Cli* cli) {
  auto args = std::make_shared<AlertsArgs>();
  CLI::App* alerts = app.add_subcommand("alerts", "the alert inbox (yours; a lead's: all)");
  alerts->add_flag("--all", args->all, "include acknowledged alerts");
  alerts->add_flag("--follow", args->follow, "keep printing new alerts as they arrive (needs --server)");
  alerts->callback(
      [cli, args] { cli->action = [cli, args] { return RunAlerts(*args, cli->global); }; });
  CLI::App* ack = app.add_subcommand("ack", "acknowledge an alert (its recipients, or a lead)");
  ack->add_option("ALERT", args->alert, "alert id")->required();
  ack->callback([cli, args] { cli->action = [cli, args] { return RunAck(*args, cli->global); }; });
}

}  // namespace rollout
