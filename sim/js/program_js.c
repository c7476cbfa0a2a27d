/*
 * program_js.c - a JavaScript program as the engine's program: parse, compile, then the same
 * struct sim_program a JSON scenario makes, with no statements of its own and the code beside.
 *
 * The program keeps the text (the TUI shows it; String(fn) quotes it), the tree (positions)
 * and the code, and sim_program_destroy frees them with the rest.
 */
#include "../load/loader.h"
#include "code.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct sim_program *fail(struct program_box *box, struct sim_diag *diag, int code)
{
    if (diag->code == 0) {
        diag->code = code;
        snprintf(diag->message, sizeof(diag->message), "%s", sim_strerror(code));
    }
    sim_program_destroy(box != NULL ? &box->prog : NULL);
    return NULL;
}

/*
 * The durations of an annotation, `30ms` or `30ms, 2ms` (one per operation the line starts, in
 * the order they start), in ms, into `out` (at most `max`). Returns how many; 0 when the text
 * is not a list of durations (a config or expect line).
 */
static uint32_t annotation_ms(const char *text, double *out, uint32_t max)
{
    uint32_t n = 0;
    const char *p = text;
    for (;;) {
        char *end;
        double ms = strtod(p, &end);
        while (*end == ' ') {
            end++;
        }
        if (end == p || strncmp(end, "ms", 2) != 0 || !(ms >= 0 && ms <= 1e9)) {
            return 0;
        }
        if (n < max) {
            out[n] = ms;
        }
        n++;
        p = end + 2;
        while (*p == ' ') {
            p++;
        }
        if (*p != ',') {
            return n < max ? n : max;
        }
        p++;
    }
}

static void pool_stmt(struct sim_stmt *s, enum sim_op op, double ms, uint32_t ordinal,
                      uint64_t size, uint32_t line)
{
    *s = (struct sim_stmt){.op = op, .ordinal = ordinal, .body = SIM_NONE, .line = line,
                           .col = 1, .jobs = 1, .ms_ns = (uint64_t)(ms * 1e6 + 0.5),
                           .size = size};
}

/*
 * One statement per API of JS_API_MAP, each the first of its op ("setTimeout#1"), then the
 * pool's requests (JS_POOL_MAP) with their default durations, then a copy of those for each
 * line that a `// loopsim: Nms` annotation gives its own duration.
 */
static bool add_api_stmts(struct sim_program *prog, struct js_code *code, size_t source_len)
{
    static const enum sim_op pool_ops[] = {
#define X(e, op, ms, kib, sync_ms, sync_kib) SIM_OP_##op,
        JS_POOL_MAP(X)
#undef X
    };
    static const double pool_ms[] = {
#define X(e, op, ms, kib, sync_ms, sync_kib) ms,
        JS_POOL_MAP(X)
#undef X
    };
    const struct js_ast *ast = code->ast;
    uint32_t lines = 0;
    uint32_t durations = 0;
    double ms[JS_LINE_MS_MAX];
    for (uint32_t i = 0; i < ast->annotation_count; i++) {
        uint32_t k = annotation_ms(ast->annotations[i].text, ms, JS_LINE_MS_MAX);
        lines += k > 0;
        durations += k;
    }
    uint32_t count = JS_API_COUNT + JS_POOL_COUNT * (1 + lines);
    struct sim_stmt *all = calloc(count, sizeof(*all));
    code->line_stmts = calloc(lines + 1, sizeof(*code->line_stmts));
    code->line_ms = calloc(durations + 1, sizeof(*code->line_ms));
    if (all == NULL || code->line_stmts == NULL || code->line_ms == NULL) {
        free(all);
        return false;
    }
    uint32_t n = JS_API_COUNT;
    code->pool_stmts = n;
    for (uint32_t k = 0; k < JS_POOL_COUNT; k++, n++) {
        pool_stmt(&all[n], pool_ops[k], pool_ms[k], 1, source_len, 1);
    }
    for (uint32_t i = 0; i < ast->annotation_count; i++) {
        uint32_t m = annotation_ms(ast->annotations[i].text, ms, JS_LINE_MS_MAX);
        if (m == 0) {
            continue;
        }
        code->line_stmts[code->line_stmt_count++] = (struct js_line_stmts){
            .line = ast->annotations[i].line, .first = n, .ms_first = code->line_ms_count,
            .ms_count = m};
        memcpy(code->line_ms + code->line_ms_count, ms, m * sizeof(ms[0]));
        code->line_ms_count += m;
        for (uint32_t k = 0; k < JS_POOL_COUNT; k++, n++) {
            pool_stmt(&all[n], pool_ops[k], ms[0], 2 + i, source_len, ast->annotations[i].line);
        }
    }
    struct sim_stmt *stmts = all;
    static const struct {
        enum sim_op op;
        const char *text;
        bool once;
    } apis[] = {
#define X(e, op, text, once) {SIM_OP_##op, text, once},
        JS_API_MAP(X)
#undef X
    };
    for (uint32_t i = 0; i < JS_API_COUNT; i++) {
        stmts[i] = (struct sim_stmt){.op = apis[i].op, .text = apis[i].text,
                                     .once = apis[i].once, .ordinal = i + 1, .body = SIM_NONE,
                                     .line = 1, .col = 1, .jobs = 1};
        code->api_stmts[i] = i;
    }
    /* net's statements (vm/net.c): a connection on this machine takes JS_CONNECT_MS (the
       loopback handshake ends inside connect(): docs/js-durations.md); a pipe that is not
       there fails at once, and libuv feeds the error to the pending queue (uv_pipe_connect2:
       uv__io_feed); a write with a callback. */
    stmts[JS_API_CONNECT].ms_ns = (uint64_t)(JS_CONNECT_MS * 1e6);
    stmts[JS_API_CONNECT_REFUSED].ms_ns = (uint64_t)(JS_CONNECT_MS * 1e6);
    stmts[JS_API_CONNECT_NOENT].deferred = true;
    stmts[JS_API_SOCKET_WRITE_CB].body = prog->main_body;
    stmts[JS_API_HANDLE_CLOSE_CB].body = prog->main_body;
    stmts[JS_API_HANDLE_CLOSE].label = "server._handle.close";
    stmts[JS_API_HANDLE_CLOSE_CB].label = "server._handle.close";
    stmts[JS_API_LISTEN].label = "server";
    stmts[JS_API_CONNECT].label = "socket";
    stmts[JS_API_CONNECT_REFUSED].label = "socket";
    stmts[JS_API_CONNECT_NOENT].label = "socket";
    stmts[JS_API_SOCKET_WRITE].label = "socket.write";
    stmts[JS_API_SOCKET_WRITE_CB].label = "socket.write";
    stmts[JS_API_SOCKET_DESTROY].label = "socket.destroy";
    stmts[JS_API_SERVER_CLOSE].label = "server.close";
    stmts[JS_API_SOCKET_EOF].label = "socket read";
    prog->stmts = stmts;
    prog->stmt_count = count;
    return true;
}

bool sim_js_runs_op(enum sim_op op)
{
    static const enum sim_op pool_ops[] = {
#define X(e, op, ms, kib, sync_ms, sync_kib) SIM_OP_##op,
        JS_POOL_MAP(X)
#undef X
    };
    if ((unsigned)op >= SIM_OP_COUNT) {
        return false;
    }
    switch (sim_op_table[op].family) {
    case SIM_FAMILY_POOL:
    case SIM_FAMILY_CHAIN:
    case SIM_FAMILY_SLOW_IO:
        break;
    default:
        /* Timers, ticks, microtasks, process, control, the handle ops; servers, sockets and
           fds through net (vm/net.c): its own clients, peer and missing pipe stand for the
           world outside the program (docs/js-input.md, Exporting a scenario). */
        return true;
    }
    for (size_t k = 0; k < sizeof pool_ops / sizeof pool_ops[0]; k++) {
        if (pool_ops[k] == op) {
            return true; /* a worker-pool request of JS_POOL_MAP */
        }
    }
    return false;
}

struct sim_program *sim_program_load_js(const char *buf, size_t len, bool module,
                                        const struct sim_overrides *ov, struct sim_diag *diag)
{
    struct sim_diag spare;
    diag = diag != NULL ? diag : &spare;
    memset(diag, 0, sizeof(*diag));
    struct program_box *box = calloc(1, sizeof(*box));
    if (box == NULL) {
        return fail(NULL, diag, -SIM_ENOMEM);
    }
    struct sim_program *prog = &box->prog;
    sim_config_init(&prog->config);
    prog->name = "JavaScript program";
    prog->main_body = 0;
    struct sim_body *main_body = calloc(1, sizeof(*main_body));
    box->source = malloc(len + 1);
    if (main_body == NULL || box->source == NULL) {
        free(main_body);
        return fail(box, diag, -SIM_ENOMEM);
    }
    prog->bodies = main_body;
    prog->body_count = 1;
    memcpy(box->source, buf != NULL ? buf : "", len);
    box->source[len] = '\0';
    box->ast = sim__js_parse(box->source, len, module, diag);
    if (box->ast == NULL) {
        return fail(box, diag, -SIM_EINVAL);
    }
    if (box->ast->nodes[box->ast->root].flags & JS_F_MODULE) {
        prog->config.entry = SIM_ENTRY_MODULE;
    }
    box->code = sim__js_compile(box->ast, diag);
    if (box->code == NULL) {
        return fail(box, diag, -SIM_EINVAL);
    }
    if (!add_api_stmts(prog, box->code, len)) {
        return fail(box, diag, -SIM_ENOMEM);
    }
    box->code->source = box->source;
    box->code->source_len = len;
    prog->js = box->code;
    if (!sim__js_annotate(prog, box->ast, box->source, len, &box->expect, &box->exercise,
                           diag)) {
        return fail(box, diag, -SIM_EINVAL);
    }
    struct loader ld = {.diag = diag};
    if (!sim__apply_overrides(&ld, ov, &prog->config)) {
        return fail(box, diag, -SIM_EINVAL);
    }
    if (sim__program_name_stmts(prog) != 0) {
        return fail(box, diag, -SIM_ENOMEM);
    }
    return prog;
}

const char *sim_program_source(const struct sim_program *prog, size_t *len)
{
    if (prog == NULL || prog->js == NULL) {
        return NULL;
    }
    *len = prog->js->source_len;
    return prog->js->source;
}

int sim_program_set_file_name(struct sim_program *prog, const char *path)
{
    struct program_box *box = (struct program_box *)prog;
    const char *slash = strrchr(path, '/');
    const char *base = slash != NULL ? slash + 1 : path;
    char *copy = malloc(strlen(base) + 1);
    if (copy == NULL) {
        return -SIM_ENOMEM;
    }
    strcpy(copy, base);
    free(box->file_name);
    box->file_name = copy;
    prog->js_file = copy;
    return 0;
}
