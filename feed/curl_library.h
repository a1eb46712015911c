// libcurl, loaded on first use.
//
// Why: libcurl drags in some 25 shared libraries (gnutls, krb5, ldap, rtmp,
// ...). Linked normally, the dynamic loader maps and relocates all of them at
// every start of `hoard`, some 20 ms, although only `hoard feed update` ever
// talks HTTP; `hoard ls` is meant to answer in well under 50 ms. So the feed's
// HttpClient reaches libcurl through this table, filled by dlopen the first
// time a client is made.
//
// Contract: CurlLibrary::Get() returns the loaded table (curl_global_init
// done), the same one for the life of the process, or a Status naming the
// library that could not be loaded or the symbol that was missing. Thread-safe.
#pragma once

#include <curl/curl.h>

#include "base/status.h"

namespace hoard::feed {

struct CurlLibrary {
  CURL* (*easy_init)();
  void (*easy_cleanup)(CURL*);
  CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
  CURLcode (*easy_perform)(CURL*);
  CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
  const char* (*easy_strerror)(CURLcode);
  time_t (*getdate)(const char*, const time_t*);
  // A POST's request headers (HttpClient::Post).
  curl_slist* (*slist_append)(curl_slist*, const char*);
  void (*slist_free_all)(curl_slist*);

  static Result<const CurlLibrary*> Get();
};

}  // namespace hoard::feed
