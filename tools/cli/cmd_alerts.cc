// rollout alerts [--all] [--json] · rollout ack ALERT: the alert inbox.
// Everyone sees the alerts addressed to them, a lead sees every alert; an
// acknowledged alert leaves the inbox (--all shows it again).
#include <algorithm>
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
    std::printf("%s\n", Tr("no alerts").c_str());
    return;
  }
  const std::string id = Tr("ID"), kind = Tr("KIND"), task = Tr("TASK"), about = Tr("ABOUT");
  int id_w = std::max(4, DisplayWidth(id)), kind_w = std::max(4, DisplayWidth(kind));
  int task_w = std::max(4, DisplayWidth(task)), about_w = std::max(10, DisplayWidth(about));
  for (const StoredAlert& a : alerts) {
    kind_w = std::max(kind_w, DisplayWidth(a.kind));
    task_w = std::max(task_w, DisplayWidth(a.task.empty() ? "-" : a.task));
  }
  std::printf("%s  %s  %s  %s  %s\n", PadRight(id, id_w).c_str(), PadRight(kind, kind_w).c_str(),
              PadRight(task, task_w).c_str(), PadRight(about, about_w).c_str(),
              Tr("MESSAGE").c_str());
  // The kind is the alert's code (late, gate_ready), as in the JSON and the
  // plan's rules; the message says it in words.
  for (const StoredAlert& a : alerts)
    std::printf("%s  %s  %s  %s  %s%s\n", PadRight(std::to_string(a.id), id_w).c_str(),
                PadRight(a.kind, kind_w).c_str(),
                PadRight(a.task.empty() ? "-" : a.task, task_w).c_str(),
                PadRight(VisibleText(HumanDate(a.about)), about_w).c_str(),
                VisibleText(a.message).c_str(), a.acked ? Tr(" (acked)").c_str() : "");
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
    PrintError(Tr("--follow needs a team server: the server holds the request until an alert arrives"));
    std::fprintf(stderr, "hint: %s\n",
                 Tr("pass --server URL (or set ROLLOUT_SERVER); 'rollout engine' logs alerts locally")
                     .c_str());
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
    PrintError(Tr("bad alert id '{0}': expected a number from 'rollout alerts'", VisibleText(args.alert)));
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
  std::printf("%s\n", (fresh ? Tr("alert #{0} acknowledged", args.alert)
                              : Tr("alert #{0} was already acknowledged", args.alert))
                           .c_str());
  return kExitOk;
}

}  // namespace

void RegisterAlerts(CLI::App& app, Cli* cli) {
  auto args = std::make_shared<AlertsArgs>();
  CLI::App* alerts = app.add_subcommand("alerts", Tr("the alert inbox (yours; a lead's: all)"));
  alerts->add_flag("--all", args->all, Tr("include acknowledged alerts"));
  alerts->add_flag("--follow", args->follow,
                   Tr("keep printing new alerts as they arrive (needs --server)"));
  alerts->callback(
      [cli, args] { cli->action = [cli, args] { return RunAlerts(*args, cli->global); }; });
  CLI::App* ack = app.add_subcommand("ack", Tr("acknowledge an alert (its recipients, or a lead)"));
  ack->add_option("ALERT", args->alert, Tr("alert id"))->required();
  ack->callback([cli, args] { cli->action = [cli, args] { return RunAck(*args, cli->global); }; });
}

}  // namespace rollout
