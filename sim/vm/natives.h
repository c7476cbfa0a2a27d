/*
 * natives.h - the one table of built-in functions (sim/vm/ only): natives.c builds the
 * global object from it, and every file that names a native uses its enum.
 */
#ifndef SIM_VM_NATIVES_H
#define SIM_VM_NATIVES_H

#include "vm_internal.h"

/*
 * Every built-in function. X(enum suffix, where it is put, its name, C function, length,
 * callable with new). Where: a global (GLOBAL), or a property of the object named.
 */
#define VM_NATIVE_MAP(X)                                                                           \
    X(CONSOLE_LOG, CONSOLE, "log", sim__vmn_console_log, 0, false)                                 \
    X(CONSOLE_INFO, CONSOLE, "info", sim__vmn_console_log, 0, false)                               \
    X(CONSOLE_ERROR, CONSOLE, "error", sim__vmn_console_error, 0, false)                           \
    X(CONSOLE_WARN, CONSOLE, "warn", sim__vmn_console_error, 0, false)                             \
    X(ERROR, GLOBAL, "Error", sim__vmn_error_ctor, 1, true)                                        \
    X(TYPE_ERROR, GLOBAL, "TypeError", sim__vmn_type_error_ctor, 1, true)                          \
    X(RANGE_ERROR, GLOBAL, "RangeError", sim__vmn_range_error_ctor, 1, true)                       \
    X(REFERENCE_ERROR, GLOBAL, "ReferenceError", sim__vmn_reference_error_ctor, 1, true)           \
    X(STRING, GLOBAL, "String", sim__vmn_string_ctor, 1, false)                                    \
    X(NUMBER, GLOBAL, "Number", sim__vmn_number_ctor, 1, false)                                    \
    X(BOOLEAN, GLOBAL, "Boolean", sim__vmn_boolean_ctor, 1, false)                                 \
    X(OBJECT, GLOBAL, "Object", sim__vmn_object_ctor, 1, true)                                     \
    X(ARRAY, GLOBAL, "Array", sim__vmn_object_ctor, 1, false)                                      \
    X(IS_NAN, GLOBAL, "isNaN", sim__vmn_is_nan, 1, false)                                          \
    X(PARSE_INT, GLOBAL, "parseInt", sim__vmn_parse_int, 2, false)                                 \
    X(PARSE_FLOAT, GLOBAL, "parseFloat", sim__vmn_parse_float, 1, false)                           \
    X(REQUIRE, GLOBAL, "require", sim__vmn_require_fn, 1, false)                                   \
    X(MATH_FLOOR, MATH, "floor", sim__vmn_math_floor, 1, false)                                    \
    X(MATH_CEIL, MATH, "ceil", sim__vmn_math_ceil, 1, false)                                       \
    X(MATH_ROUND, MATH, "round", sim__vmn_math_round, 1, false)                                    \
    X(MATH_TRUNC, MATH, "trunc", sim__vmn_math_trunc, 1, false)                                    \
    X(MATH_ABS, MATH, "abs", sim__vmn_math_abs, 1, false)                                          \
    X(MATH_SQRT, MATH, "sqrt", sim__vmn_math_sqrt, 1, false)                                       \
    X(MATH_SIGN, MATH, "sign", sim__vmn_math_sign, 1, false)                                       \
    X(MATH_MAX, MATH, "max", sim__vmn_math_max, 2, false)                                          \
    X(MATH_MIN, MATH, "min", sim__vmn_math_min, 2, false)                                          \
    X(MATH_POW, MATH, "pow", sim__vmn_math_pow, 2, false)                                          \
    X(MATH_RANDOM, MATH, "random", sim__vmn_math_random, 0, false)                                 \
    X(SET_TIMEOUT, TIMERS, "setTimeout", sim__vm_set_timeout, 2, false)                            \
    X(SET_INTERVAL, TIMERS, "setInterval", sim__vm_set_interval, 2, false)                         \
    X(SET_IMMEDIATE, TIMERS, "setImmediate", sim__vm_set_immediate, 1, false)                      \
    X(CLEAR_TIMEOUT, TIMERS, "clearTimeout", sim__vm_clear_timeout, 1, false)                      \
    X(CLEAR_INTERVAL, TIMERS, "clearInterval", sim__vm_clear_timeout, 1, false)                    \
    X(CLEAR_IMMEDIATE, TIMERS, "clearImmediate", sim__vm_clear_immediate, 1, false)                \
    X(QUEUE_MICROTASK, GLOBAL, "queueMicrotask", sim__vm_queue_microtask, 1, false)                \
    X(NEXT_TICK, PROCESS, "nextTick", sim__vm_next_tick, 1, false)                                 \
    X(PROCESS_EXIT, PROCESS, "exit", sim__vm_process_exit, 1, false)                               \
    X(PROCESS_ON, PROCESS, "on", sim__vm_process_on, 2, false)                                     \
    X(PROCESS_ADD_LISTENER, PROCESS, "addListener", sim__vm_process_on, 2, false)                  \
    X(PROCESS_ONCE, PROCESS, "once", sim__vm_process_once, 2, false)                               \
    X(PROCESS_OFF, PROCESS, "off", sim__vm_process_off, 2, false)                                  \
    X(PROCESS_REMOVE_LISTENER, PROCESS, "removeListener", sim__vm_process_off, 2, false)           \
    X(TIMEOUT_REF, TIMEOUT_PROTO, "ref", sim__vm_handle_ref, 0, false)                             \
    X(TIMEOUT_UNREF, TIMEOUT_PROTO, "unref", sim__vm_handle_unref, 0, false)                       \
    X(TIMEOUT_HAS_REF, TIMEOUT_PROTO, "hasRef", sim__vm_handle_has_ref, 0, false)                  \
    X(TIMEOUT_REFRESH, TIMEOUT_PROTO, "refresh", sim__vm_handle_refresh, 0, false)                 \
    X(TIMEOUT_CLOSE, TIMEOUT_PROTO, "close", sim__vm_handle_close, 0, false)                       \
    X(IMMEDIATE_REF, IMMEDIATE_PROTO, "ref", sim__vm_handle_ref, 0, false)                         \
    X(IMMEDIATE_UNREF, IMMEDIATE_PROTO, "unref", sim__vm_handle_unref, 0, false)                   \
    X(IMMEDIATE_HAS_REF, IMMEDIATE_PROTO, "hasRef", sim__vm_handle_has_ref, 0, false)              \
    X(JSON_STRINGIFY, JSON, "stringify", sim__vmn_json_stringify, 3, false)                        \
    X(PROMISE, GLOBAL, "Promise", sim__vm_promise_ctor, 1, true)                                   \
    X(PROMISE_THEN, PROMISE_PROTO, "then", sim__vm_promise_then_native, 2, false)                  \
    X(PROMISE_CATCH, PROMISE_PROTO, "catch", sim__vm_promise_catch, 1, false)                      \
    X(PROMISE_FINALLY, PROMISE_PROTO, "finally", sim__vm_promise_finally, 1, false)                \
    X(PROMISE_RESOLVE, PROMISE_STATIC, "resolve", sim__vm_promise_resolve_static, 1, false)        \
    X(PROMISE_REJECT, PROMISE_STATIC, "reject", sim__vm_promise_reject_static, 1, false)           \
    X(PROMISE_ALL, PROMISE_STATIC, "all", sim__vm_promise_all, 1, false)                           \
    X(PROMISE_ALL_SETTLED, PROMISE_STATIC, "allSettled", sim__vm_promise_all_settled, 1, false)    \
    X(PROMISE_ANY, PROMISE_STATIC, "any", sim__vm_promise_any, 1, false)                           \
    X(PROMISE_RACE, PROMISE_STATIC, "race", sim__vm_promise_race, 1, false)                        \
    X(ALL_RESOLVE_ELEMENT, HIDDEN, "", sim__vm_all_resolve_element, 1, false)                      \
    X(SETTLED_FULFILL_ELEMENT, HIDDEN, "", sim__vm_settled_fulfill_element, 1, false)              \
    X(SETTLED_REJECT_ELEMENT, HIDDEN, "", sim__vm_settled_reject_element, 1, false)                \
    X(ANY_REJECT_ELEMENT, HIDDEN, "", sim__vm_any_reject_element, 1, false)                        \
    X(EVENT_EMITTER, EVENTS, "EventEmitter", sim__vm_ee_ctor, 0, true)                             \
    X(EE_ON, EMITTER_PROTO, "on", sim__vm_ee_on, 2, false)                                         \
    X(EE_ADD_LISTENER, EMITTER_PROTO, "addListener", sim__vm_ee_on, 2, false)                      \
    X(EE_ONCE, EMITTER_PROTO, "once", sim__vm_ee_once, 2, false)                                   \
    X(EE_PREPEND, EMITTER_PROTO, "prependListener", sim__vm_ee_prepend, 2, false)                  \
    X(EE_PREPEND_ONCE, EMITTER_PROTO, "prependOnceListener", sim__vm_ee_prepend_once, 2, false)    \
    X(EE_OFF, EMITTER_PROTO, "off", sim__vm_ee_off, 2, false)                                      \
    X(EE_REMOVE_LISTENER, EMITTER_PROTO, "removeListener", sim__vm_ee_off, 2, false)               \
    X(EE_EMIT, EMITTER_PROTO, "emit", sim__vm_ee_emit, 1, false)                                   \
    X(EE_LISTENER_COUNT, EMITTER_PROTO, "listenerCount", sim__vm_ee_listener_count, 1, false)      \
    X(EVENTS_ONCE, EVENTS, "once", sim__vm_events_once, 2, false)                                  \
    X(ONCE_RESOLVE, HIDDEN, "", sim__vm_once_resolve, 0, false)                                    \
    X(ONCE_REJECT, HIDDEN, "", sim__vm_once_reject, 1, false)                                      \
    X(TP_SET_TIMEOUT, TIMERS_PROMISES, "setTimeout", sim__vm_tp_set_timeout, 2, false)             \
    X(TP_SET_IMMEDIATE, TIMERS_PROMISES, "setImmediate", sim__vm_tp_set_immediate, 1, false)       \
    X(PROMISIFY, UTIL, "promisify", sim__vm_promisify, 1, false)                                   \
    X(PROMISIFIED, HIDDEN, "", sim__vm_promisified, 0, false)                                      \
    X(PROMISIFY_CB, HIDDEN, "", sim__vm_promisify_cb, 2, false)                                    \
    X(FS_STAT, FS, "stat", sim__vmn_fs_stat, 2, false)                                             \
    X(FS_STAT_SYNC, FS, "statSync", sim__vmn_fs_stat_sync, 1, false)                               \
    X(FSP_STAT, FS_PROMISES, "stat", sim__vmn_fs_stat_promise, 1, false)                           \
    X(FS_LSTAT, FS, "lstat", sim__vmn_fs_stat, 2, false)                                           \
    X(FS_LSTAT_SYNC, FS, "lstatSync", sim__vmn_fs_stat_sync, 1, false)                             \
    X(FSP_LSTAT, FS_PROMISES, "lstat", sim__vmn_fs_stat_promise, 1, false)                         \
    X(FS_ACCESS, FS, "access", sim__vmn_fs_access, 2, false)                                       \
    X(FS_ACCESS_SYNC, FS, "accessSync", sim__vmn_fs_access_sync, 1, false)                         \
    X(FSP_ACCESS, FS_PROMISES, "access", sim__vmn_fs_access_promise, 1, false)                     \
    X(FS_READ_FILE, FS, "readFile", sim__vmn_fs_read_file, 2, false)                               \
    X(FS_READ_FILE_SYNC, FS, "readFileSync", sim__vmn_fs_read_file_sync, 1, false)                 \
    X(FSP_READ_FILE, FS_PROMISES, "readFile", sim__vmn_fs_read_file_promise, 1, false)             \
    X(FS_WRITE_FILE, FS, "writeFile", sim__vmn_fs_write_file, 2, false)                            \
    X(FS_WRITE_FILE_SYNC, FS, "writeFileSync", sim__vmn_fs_write_file_sync, 1, false)              \
    X(FSP_WRITE_FILE, FS_PROMISES, "writeFile", sim__vmn_fs_write_file_promise, 1, false)          \
    X(FS_APPEND_FILE, FS, "appendFile", sim__vmn_fs_append_file, 2, false)                         \
    X(FS_APPEND_FILE_SYNC, FS, "appendFileSync", sim__vmn_fs_append_file_sync, 1, false)           \
    X(FSP_APPEND_FILE, FS_PROMISES, "appendFile", sim__vmn_fs_append_file_promise, 1, false)       \
    X(FS_UNLINK, FS, "unlink", sim__vmn_fs_unlink, 2, false)                                       \
    X(FS_UNLINK_SYNC, FS, "unlinkSync", sim__vmn_fs_unlink_sync, 1, false)                         \
    X(FSP_UNLINK, FS_PROMISES, "unlink", sim__vmn_fs_unlink_promise, 1, false)                     \
    X(FS_RENAME, FS, "rename", sim__vmn_fs_rename, 2, false)                                       \
    X(FS_RENAME_SYNC, FS, "renameSync", sim__vmn_fs_rename_sync, 1, false)                         \
    X(FSP_RENAME, FS_PROMISES, "rename", sim__vmn_fs_rename_promise, 1, false)                     \
    X(FS_MKDIR, FS, "mkdir", sim__vmn_fs_mkdir, 2, false)                                          \
    X(FS_MKDIR_SYNC, FS, "mkdirSync", sim__vmn_fs_mkdir_sync, 1, false)                            \
    X(FSP_MKDIR, FS_PROMISES, "mkdir", sim__vmn_fs_mkdir_promise, 1, false)                        \
    X(FS_READDIR, FS, "readdir", sim__vmn_fs_readdir, 2, false)                                    \
    X(FS_READDIR_SYNC, FS, "readdirSync", sim__vmn_fs_readdir_sync, 1, false)                      \
    X(FSP_READDIR, FS_PROMISES, "readdir", sim__vmn_fs_readdir_promise, 1, false)                  \
    X(FS_OPEN, FS, "open", sim__vmn_fs_open, 3, false)                                             \
    X(FS_OPEN_SYNC, FS, "openSync", sim__vmn_fs_open_sync, 2, false)                               \
    X(FS_READ, FS, "read", sim__vmn_fs_read, 6, false)                                             \
    X(FS_READ_SYNC, FS, "readSync", sim__vmn_fs_read_sync, 5, false)                               \
    X(FS_WRITE, FS, "write", sim__vmn_fs_write, 6, false)                                          \
    X(FS_WRITE_SYNC, FS, "writeSync", sim__vmn_fs_write_sync, 5, false)                            \
    X(FS_CLOSE, FS, "close", sim__vmn_fs_close, 2, false)                                          \
    X(FSP_OPEN, FS_PROMISES, "open", sim__vmn_fsp_open, 3, false)                                  \
    X(FILEHANDLE_READ, FILEHANDLE_PROTO, "read", sim__vmn_filehandle_read, 4, false)               \
    X(FILEHANDLE_WRITE, FILEHANDLE_PROTO, "write", sim__vmn_filehandle_write, 4, false)            \
    X(FILEHANDLE_CLOSE, FILEHANDLE_PROTO, "close", sim__vmn_filehandle_close, 0, false)            \
    X(FS_CLOSE_SYNC, FS, "closeSync", sim__vmn_fs_close_sync, 1, false)                            \
    X(CRYPTO_RANDOM_BYTES, CRYPTO, "randomBytes", sim__vmn_crypto_random_bytes, 2, false)          \
    X(CRYPTO_RANDOM_FILL, CRYPTO, "randomFill", sim__vmn_crypto_random_fill, 4, false)             \
    X(CRYPTO_RANDOM_FILL_SYNC, CRYPTO, "randomFillSync", sim__vmn_crypto_random_fill_sync, 3,      \
      false)                                                                                       \
    X(CRYPTO_SCRYPT, CRYPTO, "scrypt", sim__vmn_crypto_scrypt, 5, false)                           \
    X(CRYPTO_SCRYPT_SYNC, CRYPTO, "scryptSync", sim__vmn_crypto_scrypt_sync, 4, false)             \
    X(ZLIB_BROTLI, ZLIB, "brotliCompress", sim__vmn_zlib_brotli_compress, 3, false)                \
    X(ZLIB_BROTLI_SYNC, ZLIB, "brotliCompressSync", sim__vmn_zlib_brotli_compress_sync, 2, false)  \
    X(DNS_LOOKUP, DNS, "lookup", sim__vmn_dns_lookup, 3, false)                                    \
    X(DNS_RESOLVE, DNS, "resolve", sim__vmn_dns_resolve, 3, false)                                 \
    X(DNS_RESOLVE4, DNS, "resolve4", sim__vmn_dns_resolve4, 3, false)                              \
    X(BUFFER_ALLOC, BUFFER, "alloc", sim__vmn_buffer_alloc, 2, false)                              \
    X(BUFFER_FROM, BUFFER, "from", sim__vmn_buffer_from, 2, false)                                 \
    X(BUFFER_IS_BUFFER, BUFFER, "isBuffer", sim__vmn_buffer_is_buffer, 1, false)                   \
    X(BUFFER_BYTE_LENGTH, BUFFER, "byteLength", sim__vmn_buffer_byte_length, 2, false)             \
    X(BUFFER_CONCAT, BUFFER, "concat", sim__vmn_buffer_concat, 2, false)                           \
    X(BUFFER_TO_STRING, BUFFER_PROTO, "toString", sim__vmn_buffer_to_string, 3, false)             \
    X(BUFFER_SLICE, BUFFER_PROTO, "slice", sim__vmn_buffer_slice, 2, false)                        \
    X(BUFFER_SUBARRAY, BUFFER_PROTO, "subarray", sim__vmn_buffer_slice, 2, false)                  \
    X(BUFFER_EQUALS, BUFFER_PROTO, "equals", sim__vmn_buffer_equals, 1, false)                     \
    X(BUFFER_TO_JSON, BUFFER_PROTO, "toJSON", sim__vmn_buffer_to_json, 0, false)                   \
    X(CRYPTO_PBKDF2, CRYPTO, "pbkdf2", sim__vmn_crypto_pbkdf2, 6, false)                           \
    X(CRYPTO_PBKDF2_SYNC, CRYPTO, "pbkdf2Sync", sim__vmn_crypto_pbkdf2_sync, 5, false)             \
    X(ZLIB_GZIP, ZLIB, "gzip", sim__vmn_zlib_gzip, 2, false)                                       \
    X(ZLIB_GZIP_SYNC, ZLIB, "gzipSync", sim__vmn_zlib_gzip_sync, 1, false)                         \
    X(ZLIB_GUNZIP, ZLIB, "gunzip", sim__vmn_zlib_gunzip, 2, false)                                 \
    X(ZLIB_GUNZIP_SYNC, ZLIB, "gunzipSync", sim__vmn_zlib_gunzip_sync, 1, false)                   \
    X(ZLIB_DEFLATE, ZLIB, "deflate", sim__vmn_zlib_deflate, 2, false)                              \
    X(ZLIB_DEFLATE_SYNC, ZLIB, "deflateSync", sim__vmn_zlib_deflate_sync, 1, false)                \
    X(ZLIB_INFLATE, ZLIB, "inflate", sim__vmn_zlib_inflate, 2, false)                              \
    X(ZLIB_INFLATE_SYNC, ZLIB, "inflateSync", sim__vmn_zlib_inflate_sync, 1, false)                \
    X(STATS_IS_FILE, STATS_PROTO, "isFile", sim__vmn_stats_is_file, 0, false)                      \
    X(STATS_IS_DIRECTORY, STATS_PROTO, "isDirectory", sim__vmn_stats_is_directory, 0, false)       \
    X(PROMISE_REACTION_JOB, HIDDEN, "PromiseReactionJob", sim__vm_reaction_job, 4, false)          \
    X(PROMISE_THENABLE_JOB, HIDDEN, "PromiseResolveThenableJob", sim__vm_thenable_job, 3, false)   \
    X(RESOLVE_FN, HIDDEN, "", sim__vm_resolve_fn, 1, false)                                        \
    X(REJECT_FN, HIDDEN, "", sim__vm_reject_fn, 1, false)                                          \
    X(FINALLY_THEN, HIDDEN, "", sim__vm_finally_then, 1, false)                                    \
    X(FINALLY_CATCH, HIDDEN, "", sim__vm_finally_catch, 1, false)                                  \
    X(VALUE_THUNK, HIDDEN, "", sim__vm_value_thunk, 0, false)                                      \
    X(THROWER, HIDDEN, "", sim__vm_thrower, 0, false)                                              \
    X(AWAIT_FULFILLED, HIDDEN, "", sim__vm_await_fulfilled, 1, false)                              \
    X(AWAIT_REJECTED, HIDDEN, "", sim__vm_await_rejected, 1, false)                                \
    X(NET_CREATE_SERVER, NET, "createServer", sim__vmn_net_create_server, 2, false)                \
    X(NET_CONNECT, NET, "connect", sim__vmn_net_connect, 3, false)                                 \
    X(NET_CREATE_CONNECTION, NET, "createConnection", sim__vmn_net_connect, 3, false)              \
    X(SERVER_LISTEN, SERVER_PROTO, "listen", sim__vmn_server_listen, 2, false)                     \
    X(SERVER_ADDRESS, SERVER_PROTO, "address", sim__vmn_server_address, 0, false)                  \
    X(SERVER_CLOSE, SERVER_PROTO, "close", sim__vmn_server_close, 1, false)                        \
    X(SERVER_REF, SERVER_PROTO, "ref", sim__vmn_net_ref, 0, false)                                 \
    X(SERVER_UNREF, SERVER_PROTO, "unref", sim__vmn_net_unref, 0, false)                           \
    X(SERVER_ON, SERVER_PROTO, "on", sim__vmn_net_on, 2, false)                                    \
    X(SERVER_ADD_LISTENER, SERVER_PROTO, "addListener", sim__vmn_net_on, 2, false)                 \
    X(SERVER_ONCE, SERVER_PROTO, "once", sim__vmn_net_once, 2, false)                              \
    X(SERVER_PREPEND, SERVER_PROTO, "prependListener", sim__vmn_net_prepend, 2, false)             \
    X(SOCKET_WRITE, SOCKET_PROTO, "write", sim__vmn_socket_write, 3, false)                        \
    X(SOCKET_DESTROY, SOCKET_PROTO, "destroy", sim__vmn_socket_destroy, 1, false)                  \
    X(SOCKET_REF, SOCKET_PROTO, "ref", sim__vmn_net_ref, 0, false)                                 \
    X(SOCKET_UNREF, SOCKET_PROTO, "unref", sim__vmn_net_unref, 0, false)                           \
    X(SOCKET_ON, SOCKET_PROTO, "on", sim__vmn_net_on, 2, false)                                    \
    X(SOCKET_ADD_LISTENER, SOCKET_PROTO, "addListener", sim__vmn_net_on, 2, false)                 \
    X(SOCKET_ONCE, SOCKET_PROTO, "once", sim__vmn_net_once, 2, false)                              \
    X(SOCKET_PREPEND, SOCKET_PROTO, "prependListener", sim__vmn_net_prepend, 2, false)             \
    X(SOCKET_SET_ENCODING, SOCKET_PROTO, "setEncoding", sim__vmn_socket_same, 1, false)            \
    X(SOCKET_SET_NO_DELAY, SOCKET_PROTO, "setNoDelay", sim__vmn_socket_same, 1, false)             \
    X(SOCKET_SET_KEEP_ALIVE, SOCKET_PROTO, "setKeepAlive", sim__vmn_socket_same, 2, false)         \
    X(SOCKET_RESUME, SOCKET_PROTO, "resume", sim__vmn_socket_same, 0, false)                       \
    X(SOCKET_PAUSE, SOCKET_PROTO, "pause", sim__vmn_socket_same, 0, false)                         \
    X(SOCKET_END, SOCKET_PROTO, "end", sim__vmn_socket_end, 3, false)                              \
    X(SOCKET_SET_TIMEOUT, SOCKET_PROTO, "setTimeout", sim__vmn_socket_unsimulated, 2, false)       \
    X(SOCKET_PIPE, SOCKET_PROTO, "pipe", sim__vmn_socket_unsimulated, 1, false)                    \
    X(LISTEN_HANDLE_CLOSE, LISTEN_HANDLE_PROTO, "close", sim__vmn_listen_handle_close, 1,         \
      false)                                                                                       \
    X(NET_EMIT, HIDDEN, "", sim__vmn_net_emit, 1, false)                                           \
    X(NET_LOOKUP_DONE, HIDDEN, "", sim__vmn_net_lookup_done, 3, false)                             \
    X(NET_CONNECT_TICK, HIDDEN, "", sim__vmn_net_connect_tick, 0, false)                           \
    X(NET_BIND, HIDDEN, "", sim__vmn_net_bind, 0, false)                                           \
    X(NET_NOT_RUNNING, HIDDEN, "", sim__vmn_net_not_running, 0, false)                             \
    X(NET_ACCEPT, HIDDEN, "", sim__vmn_net_accept, 2, false)                                       \
    X(NET_PEER_END, HIDDEN, "", sim__vmn_net_peer_end, 0, false)                                   \
    X(NET_PEER_STOP, HIDDEN, "", sim__vmn_net_peer_stop, 0, false)                                 \
    X(NET_SHUTDOWN_DONE, HIDDEN, "", sim__vmn_net_shutdown_done, 0, false)                         \
    X(DATE_NOW, DATE, "now", sim__vmn_date_now, 0, false)                                          \
    X(PERFORMANCE_NOW, PERFORMANCE, "now", sim__vmn_performance_now, 0, false)                     \
    X(ARRAY_PUSH, ARRAY_PROTO, "push", sim__vmn_array_push, 1, false)                              \
    X(ARRAY_POP, ARRAY_PROTO, "pop", sim__vmn_array_pop, 0, false)                                 \
    X(ARRAY_SHIFT, ARRAY_PROTO, "shift", sim__vmn_array_shift, 0, false)                           \
    X(ARRAY_UNSHIFT, ARRAY_PROTO, "unshift", sim__vmn_array_unshift, 1, false)                     \
    X(ARRAY_SLICE, ARRAY_PROTO, "slice", sim__vmn_array_slice, 2, false)                           \
    X(ARRAY_CONCAT, ARRAY_PROTO, "concat", sim__vmn_array_concat, 1, false)                        \
    X(ARRAY_JOIN, ARRAY_PROTO, "join", sim__vmn_array_join, 1, false)                              \
    X(ARRAY_INDEX_OF, ARRAY_PROTO, "indexOf", sim__vmn_array_index_of, 1, false)                   \
    X(ARRAY_INCLUDES, ARRAY_PROTO, "includes", sim__vmn_array_includes, 1, false)                  \
    X(ARRAY_REVERSE, ARRAY_PROTO, "reverse", sim__vmn_array_reverse, 0, false)                     \
    X(ARRAY_TO_STRING, ARRAY_PROTO, "toString", sim__vmn_value_to_string, 0, false)                \
    X(ARRAY_FOR_EACH, ARRAY_PROTO, "forEach", sim__vmn_array_for_each, 1, false)                   \
    X(ARRAY_MAP, ARRAY_PROTO, "map", sim__vmn_array_map, 1, false)                                 \
    X(ARRAY_FILTER, ARRAY_PROTO, "filter", sim__vmn_array_filter, 1, false)                        \
    X(ARRAY_FIND, ARRAY_PROTO, "find", sim__vmn_array_find, 1, false)                              \
    X(ARRAY_FIND_INDEX, ARRAY_PROTO, "findIndex", sim__vmn_array_find_index, 1, false)             \
    X(ARRAY_SOME, ARRAY_PROTO, "some", sim__vmn_array_some, 1, false)                              \
    X(ARRAY_EVERY, ARRAY_PROTO, "every", sim__vmn_array_every, 1, false)                           \
    X(ARRAY_REDUCE, ARRAY_PROTO, "reduce", sim__vmn_array_reduce, 1, false)                        \
    X(ARRAY_SORT, ARRAY_PROTO, "sort", sim__vmn_array_sort, 1, false)                              \
    X(ARRAY_IS_ARRAY, ARRAY_STATIC, "isArray", sim__vmn_array_is_array, 1, false)                  \
    X(OBJECT_KEYS, OBJECT_STATIC, "keys", sim__vmn_object_keys, 1, false)                          \
    X(OBJECT_VALUES, OBJECT_STATIC, "values", sim__vmn_object_values, 1, false)                    \
    X(OBJECT_ENTRIES, OBJECT_STATIC, "entries", sim__vmn_object_entries, 1, false)                 \
    X(OBJECT_ASSIGN, OBJECT_STATIC, "assign", sim__vmn_object_assign, 2, false)                    \
    X(OBJECT_TO_STRING, OBJECT_PROTO, "toString", sim__vmn_object_to_string, 0, false)             \
    X(HAS_OWN_PROPERTY, OBJECT_PROTO, "hasOwnProperty", sim__vmn_has_own_property, 1, false)       \
    X(STRING_TO_UPPER, STRING_PROTO, "toUpperCase", sim__vmn_string_to_upper, 0, false)            \
    X(STRING_TO_LOWER, STRING_PROTO, "toLowerCase", sim__vmn_string_to_lower, 0, false)            \
    X(STRING_SLICE, STRING_PROTO, "slice", sim__vmn_string_slice, 2, false)                        \
    X(STRING_SUBSTRING, STRING_PROTO, "substring", sim__vmn_string_substring, 2, false)            \
    X(STRING_CHAR_AT, STRING_PROTO, "charAt", sim__vmn_string_char_at, 1, false)                   \
    X(STRING_INDEX_OF, STRING_PROTO, "indexOf", sim__vmn_string_index_of, 1, false)                \
    X(STRING_INCLUDES, STRING_PROTO, "includes", sim__vmn_string_includes, 1, false)               \
    X(STRING_STARTS_WITH, STRING_PROTO, "startsWith", sim__vmn_string_starts_with, 1, false)       \
    X(STRING_ENDS_WITH, STRING_PROTO, "endsWith", sim__vmn_string_ends_with, 1, false)             \
    X(STRING_TRIM, STRING_PROTO, "trim", sim__vmn_string_trim, 0, false)                           \
    X(STRING_REPEAT, STRING_PROTO, "repeat", sim__vmn_string_repeat, 1, false)                     \
    X(STRING_PAD_START, STRING_PROTO, "padStart", sim__vmn_string_pad_start, 2, false)             \
    X(STRING_PAD_END, STRING_PROTO, "padEnd", sim__vmn_string_pad_end, 2, false)                   \
    X(STRING_SPLIT, STRING_PROTO, "split", sim__vmn_string_split, 2, false)                        \
    X(STRING_TO_STRING, STRING_PROTO, "toString", sim__vmn_value_to_string, 0, false)              \
    X(NUMBER_TO_FIXED, NUMBER_PROTO, "toFixed", sim__vmn_number_to_fixed, 1, false)                \
    X(NUMBER_TO_STRING, NUMBER_PROTO, "toString", sim__vmn_value_to_string, 1, false)

/* Every native, declared from the table. */
#define X(e, where, name, fn, length, ctor) VM_NATIVE_DECL(fn);
VM_NATIVE_MAP(X)
#undef X

/* Defines a native of the table whose C name is sim__vmn_NAME. */
#define NATIVE(name) VM_NATIVE_DECL(sim__vmn_##name)

/* Argument i, or undefined. */
static inline struct vm_value sim__vm_arg(const struct vm_value *args, uint32_t argc, uint32_t i)
{
    return i < argc ? args[i] : (struct vm_value){.tag = VM_UNDEFINED};
}

/* natives_array.c: shared with the string methods. */
bool sim__vm_need_array(struct sim_loop *loop, struct vm_value v, const char *what);
uint32_t sim__vm_rel_index(struct sim_loop *loop, struct vm_value v, uint32_t len,
                           uint32_t dflt);

enum vm_native_id {
#define X(e, where, name, fn, length, ctor) VM_NATIVE_##e,
    VM_NATIVE_MAP(X)
#undef X
    VM_NATIVE_COUNT
};


#endif
