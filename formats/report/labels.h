// Every word the report shows, in one table per language, so that the
// languages issue can move them into the message catalogue as they are.
// English only for now; LabelsFor returns English for any other language.
#pragma once

#include <string>

namespace rollout::report {

struct Labels {
  const char* lang;  // the page's <html lang>
  const char* report;
  const char* status_date;
  const char* plan_version;
  const char* from_plan_file;
  const char* levelled;
  const char* forecast_finish;
  const char* scheduled_finish;
  const char* baseline_finish;
  const char* no_baseline;
  const char* on_time;
  const char* working_day;   // singular
  const char* working_days;  // plural
  const char* late;
  const char* early;
  const char* missed_deadlines;
  const char* tasks;
  const char* done;
  const char* started;
  const char* planned;
  const char* gates;
  const char* passed;
  const char* open;
  const char* gantt;
  const char* network;
  const char* network_note;
  const char* graph_too_large;
  const char* next_gates;
  const char* no_open_gates;
  const char* late_tasks;
  const char* no_late_tasks;
  const char* no_missed_deadlines;
  const char* alerts;
  const char* no_alerts;
  const char* load;
  const char* col_task;
  const char* col_name;
  const char* col_dates;
  const char* col_state;
  const char* col_forecast;
  const char* col_baseline;
  const char* col_deadline;
  const char* col_margin;
  const char* col_people;
  const char* col_criteria;
  const char* col_approvers;
  const char* col_kind;
  const char* col_created;
  const char* col_message;
  const char* col_person;
  const char* col_busy;
  const char* current;
  const char* not_recorded;
  const char* met;
  const char* not_met;
  const char* none;
  const char* today;
  const char* holiday;
  const char* weekend;
  const char* legend_task;
  const char* legend_critical;
  const char* legend_done;
  const char* legend_float;
  const char* legend_baseline;
  const char* legend_milestone;
  const char* legend_gate;
  const char* legend_group;
  const char* legend_deadline;
  const char* float_word;
  const char* critical;
  const char* deadline;
  const char* group;
  const char* milestone;
  const char* gate;
  const char* months[12];
};

/// The labels of |lang| ("en", "ru", ...); English when there are none yet.
const Labels& LabelsFor(const std::string& lang);

}  // namespace rollout::report
