// libcurl, loaded on first use (dlopen) rather than linked: linked, libcurl
// and the 30-odd shared libraries it needs (TLS, Kerberos, LDAP, IDN, ...)
// were mapped and relocated by every `rollout` process at start, some 3-5 ms
// of CPU for `rollout --help` as for `rollout schedule` (docs/performance.md,
// issue #19). Only the e-mail sink (email_sink.cc) uses it.
#pragma once

#include <curl/curl.h>

#include <string>

namespace rollout {

/// The libcurl functions the e-mail sink calls.
struct CurlLibrary {
  CURL* (*easy_init)();
  CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
  CURLcode (*easy_perform)(CURL*);
  CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
  void (*easy_cleanup)(CURL*);
  const char* (*easy_strerror)(CURLcode);
  curl_slist* (*slist_append)(curl_slist*, const char*);
  void (*slist_free_all)(curl_slist*);
  CURLU* (*url)();
  void (*url_cleanup)(CURLU*);
  CURLUcode (*url_set)(CURLU*, CURLUPart, const char*, unsigned int);
  CURLUcode (*url_get)(const CURLU*, CURLUPart, char**, unsigned int);
  void (*free)(void*);
};

/// libcurl (libcurl.so.4), loaded and globally initialised once, from any
/// thread; the library stays loaded until the process ends. nullptr when it
/// cannot be loaded, with the loader's reason in |*error|.
const CurlLibrary* Curl(std::string* error);

}  // namespace rollout
