/*
 * code.h - a JavaScript program compiled for the interpreter: bytecode per function (sim/ only).
 *
 * The compiler (compile.c) turns a struct js_ast into a struct js_code, which the program owns
 * and never changes; the interpreter (../vm/interp.c) runs it on the loop's state. Each function
 * of the source is a proto: a run of bytecode, how many parameters and local slots it has, and
 * where each variable it captures comes from. Every instruction also names the tree node it was
 * made for (js_code.nodes, beside the bytes), so an error or the TUI can point at the source.
 *
 * The instructions are one X-macro table: X(enum suffix, operand bytes, what it does).
 * Operands are little-endian; u16 unless said. "push" and "pop" are the value stack.
 */
#ifndef SIM_JS_CODE_H
#define SIM_JS_CODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ast.h"

#define JS_OPCODE_MAP(X)                                                                           \
    X(STMT, 0, "a statement starts here: the step ends before it (its node in js_code.nodes)")    \
    X(UNDEFINED, 0, "push undefined")                                                              \
    X(NULL, 0, "push null")                                                                        \
    X(TRUE, 0, "push true")                                                                        \
    X(FALSE, 0, "push false")                                                                      \
    X(HOLE, 0, "push the not-yet-initialised marker (let/const before their declaration)")         \
    X(NUMBER, 2, "push constant number k")                                                         \
    X(STRING, 2, "push constant string k")                                                         \
    X(POP, 0, "pop")                                                                               \
    X(DUP, 0, "push a copy of the top")                                                            \
    X(DUP2, 0, "push copies of the top two, in order")                                             \
    X(SWAP, 0, "swap the top two")                                                                 \
    X(ROT3, 0, "a b c -> c a b: the top goes under the next two")                                  \
    X(GET_LOCAL, 2, "push local slot s")                                                           \
    X(SET_LOCAL, 2, "local slot s = top (not popped)")                                             \
    X(PUT_LOCAL, 2, "local slot s = pop (SET_LOCAL then POP, fused)")                             \
    X(GET_LOCAL_CHECKED, 4, "push local slot s; a hole throws ReferenceError naming string k")    \
    X(BOX, 2, "local slot s = a new box holding the slot's value")                                 \
    X(GET_BOXED, 4, "push the value in the box of local slot s (hole: ReferenceError, name k)")    \
    X(SET_BOXED, 2, "the box of local slot s = top (not popped)")                                  \
    X(PUT_BOXED, 2, "the box of local slot s = pop (SET_BOXED then POP, fused)")                  \
    X(GET_CAPTURE, 4, "push the value of the closure's box i (hole: ReferenceError, name k)")     \
    X(SET_CAPTURE, 2, "the closure's box i = top (not popped)")                                    \
    X(GET_CAPTURE_VALUE, 2, "push the closure's capture i, a value, not a box (a parameter that "  \
                            "nothing assigns: compile.c, frozen)")                                 \
    X(CHECK_CONST, 2, "throw TypeError 'Assignment to constant variable.' (name k)")              \
    X(INC_LOCAL, 5, "x++ as a statement: local slot s = ToNumber(it) + 1 (the 5th byte 1: - 1); " \
                    "a hole throws ReferenceError naming k")                                       \
    X(INC_BOXED, 5, "the same for the value in the box of local slot s")                           \
    X(INC_CAPTURE, 5, "the same for the value of the closure's box i")                             \
    X(GET_GLOBAL, 2, "push global k; missing: ReferenceError 'k is not defined'")                  \
    X(TYPEOF_GLOBAL, 2, "push typeof global k (missing: 'undefined', no error)")                   \
    X(SET_GLOBAL, 2, "global k = top (not popped)")                                                \
    X(GET_PROP, 2, "pop o; push o[string k]")                                                      \
    X(GET_PROP_KEEP, 2, "push top[string k], keeping the object (DUP then GET_PROP, fused)")      \
    X(SET_PROP, 2, "pop v, o; o[string k] = v; push v")                                            \
    X(GET_ELEM, 0, "pop key, o; push o[key]")                                                      \
    X(SET_ELEM, 0, "pop v, key, o; o[key] = v; push v")                                            \
    X(ARRAY, 2, "pop n values; push an array of them")                                             \
    X(ARRAY_PUSH, 0, "pop v; push v onto the array below it (kept)")                               \
    X(ARRAY_SPREAD, 0, "pop an iterable; push its elements onto the array below it (kept)")        \
    X(OBJECT, 0, "push a new plain object")                                                        \
    X(INIT_PROP, 2, "pop v; define own property string k of the object below it (kept)")           \
    X(INIT_ELEM, 0, "pop v, key; define own property key of the object below them (kept)")         \
    X(OBJECT_SPREAD, 0, "pop a value; copy its own properties into the object below it (kept)")    \
    X(CLOSURE, 2, "push a closure of proto p, capturing per the proto's capture list")             \
    X(CALL, 1, "pop n args, the callee; call it with this = undefined; push the result")           \
    X(CALL_METHOD, 1, "pop n args, the callee, this; call; push the result")                      \
    X(CALL_SPREAD, 0, "pop an array of args, the callee, this; call; push the result")             \
    X(NEW, 1, "pop n args, the constructor; push the constructed object")                          \
    X(NEW_SPREAD, 0, "pop an array of args, the constructor; push the constructed object")         \
    X(RETURN, 0, "pop v; return v from the running function")                                      \
    X(RETURN_UNDEFINED, 0, "return undefined (UNDEFINED then RETURN, fused)")                      \
    X(JUMP, 4, "ip += signed offset (from after the operand)")                                     \
    X(JUMP_IF_FALSE, 4, "pop; jump when falsy")                                                    \
    X(JUMP_IF_TRUE, 4, "pop; jump when truthy")                                                    \
    X(JUMP_IF_FALSE_KEEP, 4, "jump when the top is falsy, keeping it; else pop it (&&)")          \
    X(JUMP_IF_TRUE_KEEP, 4, "jump when the top is truthy, keeping it; else pop it (||)")          \
    X(JUMP_IF_NOT_NULLISH_KEEP, 4, "jump when the top is not null/undefined, keeping it; "        \
                                   "else pop it (the ?\? operator)")                             \
    X(JUMP_IF_NULLISH, 4, "jump when the top is null or undefined, replacing it by undefined "    \
                          "(optional chaining); else keep it")                                     \
    X(BINARY, 1, "pop b, a; push a OP b (enum js_op)")                                             \
    X(BINARY_NUM, 3, "pop a; push a OP number k: u16 k, then the u8 op (NUMBER then BINARY)")    \
    X(BINARY_JUMP_IF_FALSE, 5, "pop b, a; jump when a OP b is falsy: the u8 op, then the offset "  \
                               "(BINARY then JUMP_IF_FALSE)")                                      \
    X(BINARY_JUMP_IF_TRUE, 5, "the same, jumping when it is truthy (BINARY then JUMP_IF_TRUE)")    \
    X(BINARY_NUM_JUMP_IF_FALSE, 7, "pop a; jump when a OP number k is falsy: u16 k, the u8 op, "   \
                                   "then the offset (BINARY_NUM then JUMP_IF_FALSE)")              \
    X(BINARY_NUM_JUMP_IF_TRUE, 7, "the same, jumping when it is truthy")                           \
    X(UNARY, 1, "pop a; push OP a (enum js_op)")                                                   \
    X(TYPEOF, 0, "pop a; push typeof a")                                                           \
    X(TO_NUMERIC, 0, "pop a; push ToNumber(a) (for x++)")                                          \
    X(INC, 0, "pop a number; push a + 1")                                                          \
    X(DEC, 0, "pop a number; push a - 1")                                                          \
    X(TEMPLATE, 2, "pop n values; push the concatenation of their strings")                        \
    X(THROW, 0, "pop v; throw it")                                                                 \
    X(TRY, 4, "enter a try: on a throw, unwind to here, push the exception, ip += offset")         \
    X(END_TRY, 0, "leave the innermost try")                                                       \
    X(ITER_ARRAY, 0, "pop v; push a snapshot array of its elements for for...of (arrays, "       \
                     "strings); others throw TypeError 'v is not iterable'")                       \
    X(ITER_NEXT, 6, "slot s holds the array, slot s+1 the index: push the next element and "      \
                    "step, or jump by the 4-byte offset when done")                                \
    X(DESTRUCTURE_CHECK, 0, "throw TypeError when the top is null or undefined (kept)")            \
    X(THIS, 0, "push the running function's this")                                                 \
    X(CALLEE, 0, "push the running closure (a named function expression's own name)")             \
    X(AWAIT, 0, "pop v; suspend the async function until v settles; push its value")               \
    X(IMPORT_META, 0, "push import.meta")

enum js_opcode {
#define X(e, n, what) JS_OPC_##e,
    JS_OPCODE_MAP(X)
#undef X
    JS_OPCODE_COUNT
};

/* Proto flags. */
enum {
    JS_PROTO_ASYNC = 1u << 0,
    JS_PROTO_ARROW = 1u << 1,
    JS_PROTO_REST = 1u << 2,   /* its last parameter is ...rest */
    JS_PROTO_MAIN = 1u << 3,   /* the main script or module body */
    JS_PROTO_STRICT = 1u << 4, /* strict mode code: a module, 'use strict', or inside one */
};

/* Where a closure's box i comes from when the closure is made. */
struct js_capture {
    bool from_local;           /* the making frame's local slot `index` (it holds a box), or
                                  the making closure's own box `index` */
    uint16_t index;
};

/* One function of the source. */
struct js_proto {
    uint32_t code;             /* first byte in js_code.bytes */
    uint32_t code_len;
    uint32_t name;             /* a string constant, or JS_NONE (anonymous) */
    uint32_t node;             /* its FUNCTION or FUNCTION_DECL node; the PROGRAM for main */
    uint32_t captures;         /* first of its capture_count entries in js_code.captures */
    uint16_t capture_count;
    uint16_t params;           /* parameters before any rest (a rest gathers the others) */
    uint16_t length;           /* Function.length: parameters before a default or a rest */
    uint16_t slots;            /* local slots: parameters first, then every local */
    uint8_t flags;             /* JS_PROTO_* */
};

/*
 * The program's statements that Node's APIs run when JavaScript calls them (vm/node.c): one per
 * API, so a JavaScript setTimeout is the engine's setTimeout.
 * X(enum suffix, the op it runs, its text (the event of an `on`, a connect's error), once)
 * The rows of net (vm/net.c) have more that program_js.c gives them: a connect's time
 * (JS_CONNECT_MS), ENOENT's pending phase, a write's callback, the label of their tasks.
 */
#define JS_CONNECT_MS 0.0
#define JS_API_MAP(X)                                    \
    X(SET_TIMEOUT, SET_TIMEOUT, NULL, false)             \
    X(SET_INTERVAL, SET_INTERVAL, NULL, false)           \
    X(SET_IMMEDIATE, SET_IMMEDIATE, NULL, false)         \
    X(NEXT_TICK, NEXT_TICK, NULL, false)                 \
    X(QUEUE_MICROTASK, QUEUE_MICROTASK, NULL, false)     \
    X(ON_EXIT, ON, "exit", false)                        \
    X(ONCE_EXIT, ON, "exit", true)                       \
    X(ON_BEFORE_EXIT, ON, "beforeExit", false)           \
    X(ONCE_BEFORE_EXIT, ON, "beforeExit", true)          \
    X(LISTEN, LISTEN, NULL, false)                       \
    X(CONNECT, CONNECT, NULL, false)                     \
    X(CONNECT_REFUSED, CONNECT, "ECONNREFUSED", false)   \
    X(CONNECT_NOENT, CONNECT, "ENOENT", false)           \
    X(SOCKET_WRITE, SOCKET_WRITE, NULL, false)           \
    X(SOCKET_WRITE_CB, SOCKET_WRITE, NULL, false)        \
    X(SOCKET_DESTROY, SOCKET_DESTROY, NULL, false)       \
    X(SERVER_CLOSE, SERVER_CLOSE, NULL, false)           \
    X(SOCKET_EOF, IO, NULL, false)                       \
    X(HANDLE_CLOSE, CLOSE, NULL, false)                  \
    X(HANDLE_CLOSE_CB, CLOSE, NULL, false)

enum js_api {
#define X(e, op, text, once) JS_API_##e,
    JS_API_MAP(X)
#undef X
    JS_API_COUNT
};

/*
 * The timed operations of Node's modules (worker-pool requests, and dns.resolve's fd), each a
 * statement of the program as well, with their default virtual durations in ms as
 * docs/js-durations.md measured them on node v20 (sim/vm/durations.c applies them to a call's
 * arguments; a `// loopsim: Nms` on the call's line overrides them): the fixed part of a job on
 * a worker and the part per KiB of the call's data, then the same for the `Sync` form, which
 * blocks the loop. readFile, writeFile, appendFile, pbkdf2, scrypt and zlib have shapes of their
 * own (durations.c); their rows hold the parts that are linear.
 * X(enum suffix, the op it runs, ms, ms per KiB, Sync ms, Sync ms per KiB)
 */
#define JS_POOL_MAP(X)                                                    \
    X(FS_STAT, FS_STAT, 0.001, 0, 0.002, 0)                               \
    X(FS_ACCESS, FS_ACCESS, 0.0003, 0, 0.0015, 0)                         \
    X(FS_READ_FILE, FS_READ_FILE, 0.001, 0, 0.005, 0)                     \
    X(FS_WRITE_FILE, FS_WRITE_FILE, 0.010, 0.00016, 0.012, 0.00016)       \
    X(FS_APPEND_FILE, FS_APPEND_FILE, 0.005, 0.00015, 0.007, 0.00015)     \
    X(FS_UNLINK, FS_UNLINK, 0.004, 0, 0.006, 0)                           \
    X(FS_RENAME, FS_RENAME, 0.007, 0, 0.009, 0)                           \
    X(FS_MKDIR, FS_MKDIR, 0.012, 0, 0.013, 0)                             \
    X(FS_READDIR, FS_READDIR, 0.003, 0.00045, 0.005, 0.0004)              \
    X(FS_OPEN, FS_OPEN, 0.001, 0, 0.002, 0)                               \
    X(FS_READ, FS_READ, 0.0005, 0.00002, 0.0013, 0.00002)                 \
    X(FS_WRITE, FS_WRITE, 0.002, 0.00016, 0.003, 0.00016)                 \
    X(FS_CLOSE, FS_CLOSE, 0.0002, 0, 0.001, 0)                            \
    X(CRYPTO_RANDOM_BYTES, CRYPTO_RANDOM_BYTES, 0.001, 0.0002, 0.003, 0.0002) \
    X(CRYPTO_RANDOM_FILL, CRYPTO_RANDOM_FILL, 0.001, 0.00014, 0.0025, 0.00014) \
    X(CRYPTO_PBKDF2, CRYPTO_PBKDF2, 0.003, 0, 0.003, 0)                   \
    X(CRYPTO_SCRYPT, CRYPTO_SCRYPT, 0, 0, 0, 0)                           \
    X(ZLIB_GZIP, ZLIB_GZIP, 0, 0.01, 0, 0.01)                             \
    X(ZLIB_GUNZIP, ZLIB_GUNZIP, 0.005, 0.0017, 0.005, 0.0017)             \
    X(ZLIB_DEFLATE, ZLIB_DEFLATE, 0, 0.01, 0, 0.01)                       \
    X(ZLIB_INFLATE, ZLIB_INFLATE, 0.005, 0.0017, 0.005, 0.0017)           \
    X(ZLIB_BROTLI_COMPRESS, ZLIB_BROTLI_COMPRESS, 0, 0.85, 0, 0.85)       \
    X(DNS_LOOKUP, DNS_LOOKUP, 0.005, 0, 0.005, 0)                         \
    X(DNS_RESOLVE, DNS_RESOLVE, 5, 0, 5, 0)

enum js_pool {
#define X(e, op, ms, kib, sync_ms, sync_kib) JS_POOL_##e,
    JS_POOL_MAP(X)
#undef X
    JS_POOL_COUNT
};

/* The pool statements of a line that a `// loopsim: Nms` annotation gives its duration. */
struct js_line_stmts {
    uint32_t line;
    uint32_t first;            /* the statement of JS_POOL 0; the others follow in order */
    uint32_t ms_first;         /* its durations in js_code.line_ms: the i-th operation the line
                                  starts takes the (i mod ms_count)-th */
    uint32_t ms_count;
};

/* The most durations one annotation may list. */
#define JS_LINE_MS_MAX 16

/*
 * Zero bytes after the last instruction, so that the interpreter may read an instruction's
 * first two operand bytes before it knows whether it has them.
 */
#define JS_CODE_PAD 4

/* A compiled program. The program owns it; sim__js_code_destroy frees it. */
struct js_code {
    uint8_t *bytes;            /* byte_count bytes, then JS_CODE_PAD zeros */
    uint32_t *nodes;           /* per byte of `bytes`: the node its instruction was made for */
    uint32_t byte_count;
    struct js_proto *protos;   /* protos[0] is the main script */
    uint32_t proto_count;
    struct js_capture *captures;
    uint32_t capture_count;
    double *numbers;
    uint32_t number_count;
    struct js_string *strings; /* borrowed from the tree, which the program keeps */
    uint32_t string_count;
    uint32_t *string_map;      /* open addressing, FNV-1a of the bytes: bytes -> constant */
    uint32_t string_map_cap;   /* a power of two, at least twice string_count */
    const struct js_ast *ast;  /* the tree, kept for positions and source spans */
    uint32_t api_stmts[JS_API_COUNT]; /* the program statement of each API */
    uint32_t pool_stmts;       /* the statement of JS_POOL 0, with the default durations */
    struct js_line_stmts *line_stmts; /* per annotated line, in line order */
    uint32_t line_stmt_count;
    double *line_ms;           /* the annotated lines' durations, in ms */
    uint32_t line_ms_count;
    const char *source;        /* the program's text (owned by the program) */
    size_t source_len;
};

/*
 * Compiles `ast` (which must outlive the code). Returns the code, or NULL with `diag` filled
 * (a located error: a construct the compiler refuses, or -SIM_ENOMEM).
 */
struct js_code *sim__js_compile(const struct js_ast *ast, struct sim_diag *diag);

/* Frees compiled code; accepts NULL. */
void sim__js_code_destroy(struct js_code *code);
/* The string constant with these bytes, or JS_NONE (constants are interned: at most one). */
uint32_t sim__js_find_const(const struct js_code *code, const char *bytes, uint32_t len);

/* Operand bytes and name of an opcode, for the disassembler and tests. */
int sim__js_opcode_operands(enum js_opcode op);
const char *sim__js_opcode_name(enum js_opcode op);

#endif
