#include "engine/runtime/curl_library.h"
#include "po/messages.h"

#include <dlfcn.h>

#include <mutex>

namespace rollout {
namespace {

struct Loaded {
  CurlLibrary lib{};
  std::string error;  // empty when loaded
};

template <typename Fn>
bool Bind(void* handle, const char* name, Fn* out, std::string* error) {
  void* f = dlsym(handle, name);
  if (f == nullptr) {
    *error = Tr("libcurl has no {0}", name);
    return false;
  }
  *out = reinterpret_cast<Fn>(f);
  return true;
}

Loaded Load() {
  Loaded r;
  void* h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
  if (h == nullptr) {
    const char* why = dlerror();
    r.error = Tr("cannot load libcurl: {0}", why != nullptr ? why : "libcurl.so.4");
    return r;
  }
  CurlLibrary& l = r.lib;
  CURLcode (*global_init)(long) = nullptr;
  const bool ok = Bind(h, "curl_global_init", &global_init, &r.error) &&
                  Bind(h, "curl_easy_init", &l.easy_init, &r.error) &&
                  Bind(h, "curl_easy_setopt", &l.easy_setopt, &r.error) &&
                  Bind(h, "curl_easy_perform", &l.easy_perform, &r.error) &&
                  Bind(h, "curl_easy_getinfo", &l.easy_getinfo, &r.error) &&
                  Bind(h, "curl_easy_cleanup", &l.easy_cleanup, &r.error) &&
                  Bind(h, "curl_easy_strerror", &l.easy_strerror, &r.error) &&
                  Bind(h, "curl_slist_append", &l.slist_append, &r.error) &&
                  Bind(h, "curl_slist_free_all", &l.slist_free_all, &r.error) &&
                  Bind(h, "curl_url", &l.url, &r.error) &&
                  Bind(h, "curl_url_cleanup", &l.url_cleanup, &r.error) &&
                  Bind(h, "curl_url_set", &l.url_set, &r.error) &&
                  Bind(h, "curl_url_get", &l.url_get, &r.error) &&
                  Bind(h, "curl_free", &l.free, &r.error);
  if (!ok) return r;
  if (global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) r.error = Tr("cannot start libcurl");
  return r;
}

}  // namespace

const CurlLibrary* Curl(std::string* error) {
  static std::once_flag once;
  static Loaded loaded;
  std::call_once(once, [] { loaded = Load(); });
  if (!loaded.error.empty()) {
    *error = loaded.error;
    return nullptr;
  }
  return &loaded.lib;
}

}  // namespace rollout
