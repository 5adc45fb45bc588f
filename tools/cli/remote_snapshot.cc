#include "tools/cli/remote_snapshot.h"

#include <stdlib.h>  // mkdtemp

#include <cstdio>
#include <filesystem>

#include "app/snapshot.h"
#include "po/messages.h"
#include "storage/store.h"
#include "tools/cli/db_context.h"
#include "tools/cli/remote.h"

namespace rollout {

ScratchDb::ScratchDb() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") +
                        "/rollout-snapshot-XXXXXX";
  if (mkdtemp(pattern.data()) != nullptr) dir_ = pattern;
}

ScratchDb::~ScratchDb() {
  if (dir_.empty()) return;
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

int FetchSnapshot(const GlobalOptions& global, std::unique_ptr<ScratchDb>* scratch,
                  SessionRequest* request) {
  if (int code = CheckClientOptions(global); code != kExitOk) return code;
  RemoteReply reply;
  RemoteRequest call{"GET", "/snapshot", {}, "", {}};
  call.timeout_seconds = 120;  // a large project's rows
  if (int code = CallServer(global, call, &reply); code != kExitOk) return code;
  if (!reply.warning.empty()) PrintWarning(reply.warning);
  *scratch = std::make_unique<ScratchDb>();
  if (!(*scratch)->ok()) {
    PrintError(Tr("cannot make a scratch folder for the server's data under $TMPDIR or /tmp"));
    return kExitFailure;
  }
  Result<std::unique_ptr<Store>> store = OpenStore((*scratch)->path(), OpenMode::kCreate);
  if (!store.ok()) return ReportErrors(store.errors());
  SnapshotHead head;
  Status loaded = LoadProjectSnapshot(reply.body, *store.value(), &head);
  if (!loaded.ok()) return ReportErrors(loaded.errors());
  request->project = head.project;
  request->now_text = head.now;
  request->actor = head.person;
  return kExitOk;
}

}  // namespace rollout
