#ifndef SWIFT_RUNNER_CCURL_SHIM_H
#define SWIFT_RUNNER_CCURL_SHIM_H
#include <curl/curl.h>

/* Swift cannot call C variadic functions: one typed wrapper per argument kind. */
static inline CURLcode sr_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode sr_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode sr_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}
typedef size_t (*sr_curl_data_callback)(char *data, size_t size, size_t count, void *context);
static inline CURLcode sr_curl_setopt_data_callback(CURL *handle, CURLoption option, sr_curl_data_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}
static inline CURLcode sr_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}
static inline CURLcode sr_curl_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}

/* CURLVERSION_NOW is a macro over an enum case: give Swift a constant. */
static const CURLversion SR_CURLVERSION_NOW = CURLVERSION_NOW;
#endif
