#include "tools/cli/db_context.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "engine/runtime/tz_time_zone.h"
#include "workflows/plan_reader.h"

namespace rollout {
namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

bool Digits(const std::string& s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

Error BadNow(const std::string& text) {
  return Error{{}, "bad --now '" + text + "': expected YYYY-MM-DDTHH:MM",
               "e.g. --now 2027-01-20T10:00, or with an offset 2027-01-20T10:00+03:00"};
}

}  // namespace

std::string ResolveDbPath(const GlobalOptions& global) {
  if (!global.db.empty()) return global.db;
  std::string env = Env("ROLLOUT_DB");
  if (!env.empty()) return env;
  std::string data = Env("XDG_DATA_HOME");
  if (data.empty()) {
    std::string home = Env("HOME");
    if (home.empty()) {
      const passwd* pw = getpwuid(getuid());
      home = pw ? pw->pw_dir : ".";
    }
    data = home + "/.local/share";
  }
  return data + "/rollout/rollout.db";
}

std::string ResolveActor(const GlobalOptions& global) {
  if (!global.as.empty()) return global.as;
  std::string env = Env("ROLLOUT_USER");
  if (!env.empty()) return env;
  const passwd* pw = getpwuid(getuid());
  if (pw && pw->pw_name) return pw->pw_name;
  return Env("USER");
}

std::string NowText(const GlobalOptions& global) {
  return global.now.empty() ? Env("ROLLOUT_NOW") : global.now;
}

Result<Instant> ParseNow(const std::string& text, const TimeZone& zone) {
  if (text.empty()) return static_cast<Instant>(std::time(nullptr));
  if (text.size() < 10) return BadNow(text);
  Date day = 0;
  if (!ParseDate(text.substr(0, 10), &day)) return BadNow(text);
  size_t pos = 10;
  int hour = 0, minute = 0, second = 0;
  if (pos < text.size() && (text[pos] == 'T' || text[pos] == ' ')) {
    if (!Digits(text, pos + 1, 2, &hour) || text.size() < pos + 6 || text[pos + 3] != ':' ||
        !Digits(text, pos + 4, 2, &minute) || hour > 23 || minute > 59) {
      return BadNow(text);
    }
    pos += 6;
    if (pos < text.size() && text[pos] == ':') {
      if (!Digits(text, pos + 1, 2, &second) || second > 59) return BadNow(text);
      pos += 3;
    }
  }
  if (pos == text.size()) {
    return zone.ToInstant(day, hour * 60 + minute) + second;
  }
  int offset = 0;
  if (text[pos] == 'Z' && pos + 1 == text.size()) {
    offset = 0;
  } else if ((text[pos] == '+' || text[pos] == '-') && text.size() == pos + 6 &&
             text[pos + 3] == ':') {
    int oh = 0, om = 0;
    if (!Digits(text, pos + 1, 2, &oh) || !Digits(text, pos + 4, 2, &om)) return BadNow(text);
    offset = (oh * 60 + om) * (text[pos] == '-' ? -1 : 1);
  } else {
    return BadNow(text);
  }
  return FixedOffsetZone(offset).ToInstant(day, hour * 60 + minute) + second;
}

void PrintErrors(const Errors& errors) {
  for (const Error& e : errors) {
    PrintError(e.message);
    if (!e.hint.empty()) std::fprintf(stderr, "hint: %s\n", e.hint.c_str());
  }
}

std::string DbContext::Format(Instant t) const { return FormatInstant(*zone, t); }

int ResolveTime(const std::string& timezone, DbContext* ctx) {
  Result<std::unique_ptr<TimeZone>> zone = TzTimeZone::LocateFast(timezone);
  if (!zone.ok()) {
    PrintErrors(zone.errors());
    return kExitFailure;
  }
  ctx->zone = std::move(zone.value());
  Result<Instant> now = ParseNow(NowText(ctx->global), *ctx->zone);
  if (!now.ok()) {
    PrintErrors(now.errors());
    return kExitUsage;
  }
  ctx->now = now.value();
  ctx->today = ctx->zone->ToLocal(ctx->now).date;
  return kExitOk;
}

int OpenDbContext(const GlobalOptions& global, DbContext* ctx, bool with_source) {
  ctx->global = global;
  ctx->path = ResolveDbPath(global);
  ctx->actor = ResolveActor(global);
  if (access(ctx->path.c_str(), F_OK) != 0) {
    PrintError("no database at " + ctx->path);
    std::fprintf(stderr, "hint: load a plan first: rollout load PLAN (or pass --db PATH)\n");
    return kExitUsage;
  }
  Result<std::unique_ptr<Database>> db = Database::OpenExisting(ctx->path);
  if (!db.ok()) {
    PrintErrors(db.errors());
    return kExitFailure;
  }
  ctx->db = std::move(db.value());
  ctx->timer.Mark("open");
  Status read =
      ctx->db->Read([&](SQLite::Database& sql) { ctx->stored = CurrentPlan(sql, with_source); });
  if (!read.ok()) {
    PrintErrors(read.errors());
    return kExitFailure;
  }
  if (!ctx->stored) {
    PrintError("the database " + ctx->path + " holds no plan yet");
    std::fprintf(stderr, "hint: load one first: rollout load PLAN\n");
    return kExitUsage;
  }
  int code = ResolveTime(ctx->stored->timezone, ctx);
  ctx->timer.Mark("plan");
  return code;
}

std::optional<ScheduledPlan> ParseStoredPlan(const StoredPlan& stored) {
  // ReadPlan picks the format from the path's extension.
  std::string path = stored.format == "json" ? "stored-plan.json" : "stored-plan.yaml";
  Result<Plan> plan = ReadPlan(path, stored.source);
  if (!plan.ok()) {
    PrintError("the stored plan (version " + std::to_string(stored.version) + ", from " +
               stored.source_path + ") no longer reads: " + plan.errors()[0].message);
    std::fprintf(stderr, "hint: load the plan file again: rollout load PLAN\n");
    return std::nullopt;
  }
  return SchedulePlan(std::move(plan.value()));
}

void FinishTimings(const DbContext& ctx) {
  if (ctx.global.timings) PrintTimings(ctx.timer);
}

}  // namespace rollout
