// rollout alerts [--all] [--json] · rollout ack ALERT: the alert inbox.
// Everyone sees the alerts addressed to them, a lead sees every alert; an
// acknowledged alert leaves the inbox (--all shows it again).
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "app/inbox.h"
#include "engine/runtime/alert_sink.h"
#include "tools/cli/alert_text.h"
#include "tools/cli/cli.h"
#include "tools/cli/db_context.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

struct AlertsArgs {
  bool all = false;
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
                PadRight(a.task.empty() ? "-" : a.task, task_w).c_str(), a.about.c_str(),
                a.message.c_str(), a.acked ? " (acked)" : "");
}

void PrintJson(const std::vector<StoredAlert>& alerts) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const StoredAlert& a : alerts) {
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(AlertJson(a));
    j["acked"] = a.acked;
    list.push_back(std::move(j));
  }
  std::printf("%s\n", list.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
}

int RunAlerts(const AlertsArgs& args, const GlobalOptions& global) {
  DbCommand cmd;
  if (int code = OpenDbCommand(global, &cmd); code != kExitOk) return code;
  Result<std::vector<StoredAlert>> alerts = ListInbox(cmd.session, args.all);
  if (!alerts.ok()) return ReportErrors(alerts.errors());
  for (StoredAlert& a : alerts.value()) a.message = AlertText(a);
  if (global.json)
    PrintJson(alerts.value());
  else
    PrintTable(alerts.value());
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
  DbCommand cmd;
  if (int code = OpenDbCommand(global, &cmd); code != kExitOk) return code;
  Result<AckOutcome> out = AckAlert(cmd.session, id);
  if (!out.ok()) return ReportErrors(out.errors());
  std::printf(out.value().fresh ? "alert #%s acknowledged\n" : "alert #%s was already acknowledged\n",
              args.alert.c_str());
  return kExitOk;
}

}  // namespace

void RegisterAlerts(CLI::App& app, Cli* cli) {
  auto args = std::make_shared<AlertsArgs>();
  CLI::App* alerts = app.add_subcommand("alerts", "the alert inbox (yours; a lead's: all)");
  alerts->add_flag("--all", args->all, "include acknowledged alerts");
  alerts->callback(
      [cli, args] { cli->action = [cli, args] { return RunAlerts(*args, cli->global); }; });
  CLI::App* ack = app.add_subcommand("ack", "acknowledge an alert (its recipients, or a lead)");
  ack->add_option("ALERT", args->alert, "alert id")->required();
  ack->callback([cli, args] { cli->action = [cli, args] { return RunAck(*args, cli->global); }; });
}

}  // namespace rollout
