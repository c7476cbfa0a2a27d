/*
 * render_js.c - the program as JavaScript-like source (see render_js.h).
 *
 * A writer appends lines to one text buffer and records, for every line, the statement it
 * shows; for every statement and body, the lines it takes. A statement that schedules a callback
 * is written around it: `setTimeout(` + `() => {` ... `}` + `, 50);`. Its label and the durations
 * JavaScript cannot say go in a comment at the end of its first line. How each op reads comes
 * from its row in the op table (sim/ops.h): a template for its call, one for its comment, and the
 * prelude lines it needs; the few ops without a template (a loop, an emit in two lines, a note
 * that lists values) are written here by hand.
 *
 * The result must be valid JavaScript in which every name is declared where it is used. A handle
 * may be bound in one callback and used in another, or used in text before the statement that
 * binds it (callbacks run later than they are written), so every `id` is declared once at the
 * top, `let t;`, and bound by assignment, `t = setTimeout(...)`: the use finds the handle bound
 * *now*, as the contract says. Ids and counters become identifiers that clash with nothing (a
 * reserved word, a module, a function, another id). A function that acts on a connection's socket
 * takes it as a parameter, and is handed it where it is called from inside the connection.
 */
#include "render_js.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INDENT "  "

/* Names of one kind and the identifiers they were given, which clash with nothing. */
struct idents {
    const char **names;         /* owned array of names borrowed from the program */
    char **idents;              /* owned, each owned */
    size_t count;
};

struct writer {
    struct render_js *r;
    const struct sim_program *prog;
    unsigned flags;             /* enum render_js_flags */
    unsigned depth;             /* indentation of the line being built */
    size_t line_start;          /* offset in r->text where that line starts */
    uint32_t stmt;              /* the statement that line shows, or SIM_NONE */
    struct ui_buf note;         /* the comment owed to the end of the statement's first line */
    struct idents funcs;        /* the functions (`"@name"` bodies) */
    struct idents ids;          /* the placeholder-free ids statements bind, declared at the top */
    struct idents vars;         /* the repeats' counters: what `{NAME}` may stand for */
    bool *socket_bodies;        /* owned, per body: it acts on the connection's socket */
    bool socket;                /* the line being written sees a `socket` */
    bool oom;
};

/* ---- Lines ------------------------------------------------------------------------------- */

static void put(struct writer *w, const char *s)
{
    ui_buf_puts(&w->r->text, s);
}

static void open_line(struct writer *w, uint32_t stmt)
{
    w->line_start = w->r->text.len;
    w->stmt = stmt;
    for (unsigned i = 0; i < w->depth; i++) {
        put(w, INDENT);
    }
}

/*
 * The length of the UTF-8 sequence at u (of n bytes) if it is a C1 control (U+0080..U+009F) or
 * a line or paragraph separator (U+2028, U+2029), else 0.
 */
static size_t c1_or_separator(const unsigned char *u, size_t n)
{
    if (n >= 2 && u[0] == 0xC2 && u[1] >= 0x80 && u[1] <= 0x9F) {
        return 2;
    }
    if (n >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xA8 || u[2] == 0xA9)) {
        return 3;
    }
    return 0;
}

/* Ends the line, with the statement's comment if it is still owed. */
static void close_line(struct writer *w)
{
    struct render_js *r = w->r;
    if (w->note.len > 0) {
        /*
         * A line break in a label would end the comment, and a control character would reach
         * the terminal: C0, DEL, C1 (U+0080..U+009F) and U+2028/U+2029 become spaces.
         */
        unsigned char *d = (unsigned char *)w->note.data;
        for (size_t i = 0; i < w->note.len; i++) {
            size_t n = c1_or_separator(d + i, w->note.len - i);
            for (size_t k = 0; k < n; k++) {
                d[i + k] = ' ';
            }
            i += n > 0 ? n - 1 : 0;
            if (d[i] < 0x20 || d[i] == 0x7F) {
                d[i] = ' ';
            }
        }
        put(w, "  // ");
        ui_buf_put(&r->text, w->note.data, w->note.len);
        w->note.len = 0;
    }
    if (!ui_array_grow((void **)&r->lines, &r->line_cap, r->line_count, sizeof(*r->lines))) {
        w->oom = true;
        return;
    }
    r->lines[r->line_count++] = (struct render_js_line){
        .offset = (uint32_t)w->line_start,
        .len = (uint32_t)(r->text.len - w->line_start),
        .stmt = w->stmt,
    };
    ui_buf_putc(&r->text, '\n');
}

/* A whole line of its own, outside any statement. */
static void put_line(struct writer *w, const char *s)
{
    open_line(w, SIM_NONE);
    put(w, s);
    close_line(w);
}

/* ---- Words: strings, names, numbers ------------------------------------------------------ */

/* The identifier given to the `len` bytes of `name` in group g, or NULL. */
static const char *ident_of(const struct idents *g, const char *name, size_t len)
{
    for (size_t i = 0; i < g->count; i++) {
        if (strlen(g->names[i]) == len && memcmp(g->names[i], name, len) == 0) {
            return g->idents[i];
        }
    }
    return NULL;
}

/* Is `{...}` at s (of `len` bytes inside the braces) a repeat counter? */
static bool is_var(const struct writer *w, const char *s, size_t len)
{
    return ident_of(&w->vars, s, len) != NULL;
}

/* The counter placeholder starting at s ('{'), or NULL; *len is the name's length. */
static const char *placeholder_at(const struct writer *w, const char *s, size_t *len)
{
    const char *close = s[0] == '{' ? strchr(s + 1, '}') : NULL;
    if (close == NULL || !is_var(w, s + 1, (size_t)(close - s - 1))) {
        return NULL;
    }
    *len = (size_t)(close - s - 1);
    return s + 1;
}

static bool has_placeholder(const struct writer *w, const char *s)
{
    size_t len;
    for (; s != NULL && *s != '\0'; s++) {
        if (placeholder_at(w, s, &len) != NULL) {
            return true;
        }
    }
    return false;
}

/* A JS string literal: 'text', or `text ${i}` when it holds a counter. */
static void put_string(struct writer *w, const char *s)
{
    /* Like prettier: single quotes, double ones for a string that holds only single ones. */
    bool templ = has_placeholder(w, s);
    char quote = templ ? '`' : strchr(s, '\'') != NULL && strchr(s, '"') == NULL ? '"' : '\'';
    struct ui_buf *b = &w->r->text;
    ui_buf_putc(b, quote);
    for (; *s != '\0'; s++) {
        size_t len;
        const char *var = templ ? placeholder_at(w, s, &len) : NULL;
        if (var != NULL) {
            put(w, "${");
            put(w, ident_of(&w->vars, var, len));
            ui_buf_putc(b, '}');
            s += len + 1;
        } else if (*s == quote || *s == '\\' || (templ && *s == '$')) {
            ui_buf_putc(b, '\\');
            ui_buf_putc(b, *s);
        } else if (*s == '\n') {
            put(w, "\\n");
        } else if (*s == '\t') {
            put(w, "\\t");
        } else if ((unsigned char)*s < 0x20 || (unsigned char)*s == 0x7F) {
            char esc[8];
            snprintf(esc, sizeof esc, "\\x%02x", (unsigned)(unsigned char)*s);
            put(w, esc);
        } else if (c1_or_separator((const unsigned char *)s, 3) > 0) { /* stops at the NUL */
            /* A C1 control or a line separator, escaped so the terminal never sees it. */
            const unsigned char *u = (const unsigned char *)s;
            unsigned cp = u[0] == 0xC2 ? u[1] : 0x2000u + (u[2] - 0x80u);
            char esc[8];
            snprintf(esc, sizeof esc, "\\u%04x", cp);
            put(w, esc);
            s += u[0] == 0xC2 ? 1 : 2;
        } else {
            ui_buf_putc(b, *s);
        }
    }
    ui_buf_putc(b, quote);
}

/* Can c stand in a JavaScript identifier ([A-Za-z0-9_$], as this file writes them)? */
static bool is_ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '$';
}

/* Appends `name` as an identifier: what is not [A-Za-z0-9_$] becomes '_'. */
static void put_sanitized(struct ui_buf *b, const char *name)
{
    if (name[0] >= '0' && name[0] <= '9') {
        ui_buf_putc(b, '_');
    }
    for (; *name != '\0'; name++) {
        ui_buf_putc(b, is_ident_char(*name) ? *name : '_');
    }
}

/* A function's name as its identifier. */
static void put_ident(struct writer *w, const char *name)
{
    const char *ident = ident_of(&w->funcs, name, strlen(name));
    if (ident != NULL) {
        put(w, ident);
    } else {
        put_sanitized(&w->r->text, name);
    }
}

static bool uses_counter_id(const struct writer *w);

/*
 * A handle by its `id`: its variable; or handles[`t${i}`] when the id holds a counter, or is
 * one such an id makes (`t1` of `t{i}`).
 */
static void put_handle(struct writer *w, const char *id)
{
    const char *ident = ident_of(&w->ids, id, strlen(id));
    if (has_placeholder(w, id) || (ident == NULL && uses_counter_id(w))) {
        put(w, "handles[");
        put_string(w, id);
        put(w, "]");
    } else if (ident != NULL) {
        put(w, ident);
    } else {
        put_ident(w, id); /* no statement binds it: a name the program never declares */
    }
}

/* `id = ` (or `handles[...] = `) before a call whose handle is named; `let id;` is at the top. */
static void put_binding(struct writer *w, const struct sim_stmt *st)
{
    if (st->id == NULL) {
        return;
    }
    put_handle(w, st->id);
    put(w, " = ");
}

/* Milliseconds as written: "2", "0.5", "1500". */
static void put_ms_to(struct ui_buf *b, uint64_t ns)
{
    char num[SIM_FORMAT_MS_MAX];
    ui_buf_put(b, num, sim_format_ms(num, ns, true));
}

static void put_number(struct writer *w, double value)
{
    char num[32];
    snprintf(num, sizeof num, "%.15g", value);
    put(w, num);
}

/* ---- Comments ---------------------------------------------------------------------------- */

/* The note of an op the table leaves to this file: one that lists values or says a count. */
static void put_listed_note(struct ui_buf *b, const struct sim_stmt *st)
{
    if (st->op == SIM_OP_CONNECT) {
        ui_buf_puts(b, st->text != NULL ? "fails with " : "connects in ");
        if (st->text != NULL) {
            ui_buf_puts(b, st->text);
            ui_buf_puts(b, " in ");
        }
        put_ms_to(b, st->ms_ns);
        ui_buf_puts(b, st->deferred ? " ms; reported in pending" : " ms");
    } else if (st->op == SIM_OP_LISTEN && st->connection_count > 0) {
        ui_buf_puts(b, st->connection_count == 1 ? "a client at " : "clients at ");
        for (uint32_t i = 0; i < st->connection_count; i++) {
            ui_buf_puts(b, i > 0 ? ", " : "");
            put_ms_to(b, st->connections_ns[i]);
        }
        ui_buf_puts(b, " ms");
    } else if (st->op == SIM_OP_SET_INTERVAL && st->has_times && st->times == 0) {
        ui_buf_puts(b, "times: 0, cleared before its first run");
    } else if (st->op == SIM_OP_SET_INTERVAL && st->times > 0) {
        ui_buf_puts(b, "cleared after ");
        ui_buf_u64(b, st->times);
        ui_buf_puts(b, st->times == 1 ? " run" : " runs");
    }
}

/* What the comment says beside the label: the op's note (ops.h), filled from the statement. */
static void put_note_detail(struct ui_buf *b, const struct sim_stmt *st)
{
    const char *t = sim_op_table[st->op].note;
    if (t == NULL) {
        put_listed_note(b, st);
        return;
    }
    for (; *t != '\0'; t++) {
        if (*t != '%') {
            ui_buf_putc(b, *t);
            continue;
        }
        switch (*++t) {
        case 'm':
            put_ms_to(b, st->ms_ns);
            break;
        case 't':
            ui_buf_puts(b, st->text != NULL ? st->text : "");
            break;
        case 'j':
            if (st->jobs > 1) {
                ui_buf_u64(b, st->jobs);
                ui_buf_puts(b, " jobs of ");
            }
            break;
        case 'D':
            ui_buf_puts(b, st->deferred ? "; libuv defers the callback to pending" : "");
            break;
        default:
            ui_buf_putc(b, *t);
            break;
        }
    }
}

/* Does the op's JavaScript chain `.unref()` (so that its comment need not say so)? */
static bool chains_unref(enum sim_op op)
{
    const char *js = sim_op_table[op].js;
    return js != NULL && strstr(js, "%u") != NULL;
}

/* Is st's `ms` a duration the JavaScript front end reads from a `// loopsim: Nms` comment? */
static bool has_annotated_ms(const struct sim_stmt *st)
{
    return (sim_op_table[st->op].keys & SIM_K(MS)) != 0 &&
           sim_op_table[st->op].family != SIM_FAMILY_CONTROL && st->op != SIM_OP_CONNECT &&
           st->op != SIM_OP_IO;
}

/*
 * The comment of an exported statement that takes time: `loopsim: 100ms`, which the front end
 * reads as the duration of each worker-pool job of the call the line starts (js-input.md,
 * Virtual time), then its label.
 */
static void set_annotation(struct writer *w, const struct sim_stmt *st)
{
    struct ui_buf *b = &w->note;
    ui_buf_puts(b, "loopsim: ");
    put_ms_to(b, st->ms_ns);
    ui_buf_puts(b, sim_op_table[st->op].family == SIM_FAMILY_CHAIN ? "ms per request" : "ms");
    if (st->label != NULL) {
        ui_buf_puts(b, " (");
        ui_buf_puts(b, st->label);
        ui_buf_puts(b, ")");
    }
}

/* The comment of statement st: its label, then the detail. */
static void set_note(struct writer *w, const struct sim_stmt *st)
{
    struct ui_buf *b = &w->note;
    b->len = 0;
    if ((w->flags & RENDER_JS_EXPORT) && has_annotated_ms(st)) {
        set_annotation(w, st);
        return;
    }
    if (st->label != NULL) {
        ui_buf_puts(b, st->label);
    }
    size_t mark = b->len;
    if (mark > 0) {
        ui_buf_puts(b, ": ");
    }
    size_t detail = b->len;
    put_note_detail(b, st);
    if (st->unref && !chains_unref(st->op)) {
        ui_buf_puts(b, b->len > detail ? ", unref'd" : "unref'd");
    }
    if (b->len == detail) {
        b->len = mark;
    }
}

/* ---- Statements -------------------------------------------------------------------------- */

static void put_body(struct writer *w, uint32_t b);
static void put_inline_body(struct writer *w, uint32_t s, bool socket);

/*
 * The callback of statement s: `name` for a function, `PARAMS => {}` for none, or an arrow
 * function whose body takes lines of its own.
 */
static void put_callback(struct writer *w, uint32_t s, const char *params)
{
    const struct sim_stmt *st = &w->prog->stmts[s];
    const struct sim_body *body = st->body != SIM_NONE ? &w->prog->bodies[st->body] : NULL;
    bool listen = st->op == SIM_OP_LISTEN;
    /* A connect's listeners act on the socket it made: `this`, in a function listener. */
    bool own = st->op == SIM_OP_CONNECT && body != NULL && w->socket_bodies[st->body];
    if (body != NULL && body->name != NULL) {
        /* A function on the socket is handed it, except by the listen, which passes it. */
        bool hand = w->socket_bodies[st->body] && w->socket && !listen;
        put(w, own ? "function () { " : hand ? params : "");
        put(w, hand && !own ? " => " : "");
        put_ident(w, body->name);
        put(w, own ? "(this); }" : hand ? "(socket)" : "");
        return;
    }
    if (own && body->count > 0) {
        put(w, "function () {");
        close_line(w);
        w->depth++;
        open_line(w, s);
        put(w, "const socket = this;");
        close_line(w);
        w->depth--;
        put_inline_body(w, s, true);
        return;
    }
    put(w, params);
    if (body == NULL || body->count == 0) {
        put(w, " => {}");
        if (body != NULL) {
            w->r->bodies[st->body] = (struct render_js_range){(uint32_t)w->r->line_count,
                                                              (uint32_t)w->r->line_count};
        }
        return;
    }
    put(w, " => {");
    close_line(w);
    put_inline_body(w, s, listen);
}

/* The lines of statement s's inline body, then its closing brace; `socket` says it sees one. */
static void put_inline_body(struct writer *w, uint32_t s, bool socket)
{
    bool outer = w->socket;
    w->socket = outer || socket;
    w->depth++;
    put_body(w, w->prog->stmts[s].body);
    w->depth--;
    w->socket = outer;
    open_line(w, s);
    put(w, "}");
}

/* `PREFIX` callback `SUFFIX`: the call around a callback. */
static void put_call(struct writer *w, uint32_t s, const char *prefix, const char *params,
                     const char *suffix)
{
    put(w, prefix);
    put_callback(w, s, params);
    put(w, suffix);
}

/*
 * The iterations of pbkdf2 sha512 with a 64-byte key that take `ns` on node v20: the
 * measured 0.003 ms of a request plus 0.00035 ms per iteration (docs/js-durations.md, crypto).
 */
#define PBKDF2_FIXED_MS 0.003
#define PBKDF2_SHA512_MS_PER_ITERATION 0.00035

static uint64_t pbkdf2_iterations(uint64_t ns)
{
    double n = (ns / 1e6 - PBKDF2_FIXED_MS) / PBKDF2_SHA512_MS_PER_ITERATION;
    return n < 1 ? 1 : (uint64_t)(n + 0.5);
}

/* listen's arguments: any port, and the clients that connect at the times of `connections`. */
static void put_listen_args(struct writer *w, const struct sim_stmt *st)
{
    put(w, "0");
    if (st->connection_count == 0) {
        return;
    }
    put(w, ", function () { clientsAt(this, [");
    for (uint32_t i = 0; i < st->connection_count; i++) {
        put(w, i > 0 ? ", " : "");
        put_ms_to(&w->r->text, st->connections_ns[i]);
    }
    put(w, "]); }");
}

/* The op's JavaScript template (ops.h), filled from statement s. */
static void put_template(struct writer *w, uint32_t s, const char *t, const char *params)
{
    const struct sim_stmt *st = &w->prog->stmts[s];
    bool has_body = st->body != SIM_NONE;
    char num[32];
    for (; *t != '\0'; t++) {
        if (strncmp(t, ", %C", 4) == 0 && !has_body) {
            t += 3; /* an optional callback the statement has not: no argument at all */
            continue;
        }
        if (*t != '%') {
            ui_buf_putc(&w->r->text, *t);
            continue;
        }
        switch (*++t) {
        case 'b':
            put_binding(w, st);
            break;
        case 'c':
        case 'C':
            if (*t == 'c' || has_body) {
                put_callback(w, s, params);
            }
            break;
        case 'd':
            put_number(w, st->delay);
            break;
        case 'm':
            put_ms_to(&w->r->text, st->ms_ns);
            break;
        case 'i':
            snprintf(num, sizeof num, "%llu", (unsigned long long)pbkdf2_iterations(st->ms_ns));
            put(w, num);
            break;
        case 'T':
            snprintf(num, sizeof num, "%llu", (unsigned long long)st->times);
            put(w, num);
            break;
        case 'x':
            snprintf(num, sizeof num, "%d", (int)st->code);
            put(w, num);
            break;
        case 'h':
            put_handle(w, st->id != NULL ? st->id : "handle");
            break;
        case 'o':
            put(w, st->once ? "once" : "on");
            break;
        case 's':
            put_string(w, st->text != NULL ? st->text : "");
            break;
        case 'u':
            put(w, st->unref ? ".unref()" : "");
            break;
        case 'l':
            put_listen_args(w, st);
            break;
        default:
            ui_buf_putc(&w->r->text, *t);
            break;
        }
    }
}

/* `for (let i = 1; i <= N; i++) {` ... `}` */
static void put_repeat(struct writer *w, uint32_t s)
{
    const struct sim_stmt *st = &w->prog->stmts[s];
    const char *name = st->text != NULL ? st->text : "i";
    const char *var = ident_of(&w->vars, name, strlen(name));
    char head[160];
    snprintf(head, sizeof head, "for (let %s = 1; %s <= %llu; %s++) {", var, var,
             (unsigned long long)st->times, var);
    put(w, head);
    if (st->body == SIM_NONE || w->prog->bodies[st->body].count == 0 ||
        w->prog->bodies[st->body].name != NULL) {
        if (st->body != SIM_NONE && w->prog->bodies[st->body].name != NULL) {
            put(w, " ");
            put_ident(w, w->prog->bodies[st->body].name);
            put(w, w->socket_bodies[st->body] && w->socket ? "(socket);" : "();");
        }
        put(w, " }");
        return;
    }
    close_line(w);
    w->depth++;
    put_body(w, st->body);
    w->depth--;
    open_line(w, s);
    put(w, "}");
}

/* socket.destroy: its `do` is the 'close' listener, added before the destroy. */
static void put_destroy(struct writer *w, uint32_t s)
{
    if (w->prog->stmts[s].body != SIM_NONE) {
        put_call(w, s, "socket.on('close', ", "()", ");");
        close_line(w);
        open_line(w, s);
    }
    put(w, "socket.destroy();");
}

bool render_js_binds(const struct sim_program *prog, const char *id, enum sim_op op)
{
    for (size_t i = 0; id != NULL && i < prog->stmt_count; i++) {
        const struct sim_stmt *st = &prog->stmts[i];
        if (st->op == op && st->id != NULL && strcmp(st->id, id) == 0) {
            return true;
        }
    }
    return false;
}

/* `close` on a connect's socket: its `do` is a 'close' listener, then socket.destroy(). */
static void put_socket_close(struct writer *w, uint32_t s)
{
    const char *id = w->prog->stmts[s].id;
    if (w->prog->stmts[s].body != SIM_NONE) {
        put_handle(w, id);
        put_call(w, s, ".on('close', ", "()", ");");
        close_line(w);
        open_line(w, s);
    }
    put_handle(w, id);
    put(w, ".destroy();");
}

/* A pipe path that no machine has: connecting to it fails at once. */
#define NOWHERE "'/nonexistent/loopsim.sock'"

/*
 * An I/O event from outside the program: a client of a server of the program (ioIn), or, for
 * one that libuv defers to the pending phase, the error of a connect to a missing pipe, which
 * libuv feeds to the pending queue (after `ms`, from a timer).
 */
static void put_io(struct writer *w, uint32_t s)
{
    const struct sim_stmt *st = &w->prog->stmts[s];
    put_binding(w, st);
    if (!st->deferred) {
        put(w, "ioIn(");
        put_ms_to(&w->r->text, st->ms_ns);
        put_call(w, s, ", ", "()", ");");
        return;
    }
    if (st->ms_ns == 0) {
        put_call(w, s, "net.connect(" NOWHERE ").on('error', ", "()", ");");
        return;
    }
    put_call(w, s, "setTimeout(() => net.connect(" NOWHERE ").on('error', ", "()", "), ");
    put_ms_to(&w->r->text, st->ms_ns);
    put(w, ");");
}

/* The ops whose JavaScript the table leaves to this file (a NULL template): one case each. */
static void put_by_hand(struct writer *w, uint32_t s)
{
    const struct sim_stmt *st = &w->prog->stmts[s];
    switch (st->op) {
    case SIM_OP_REPEAT:
        put_repeat(w, s);
        break;
    case SIM_OP_SOCKET_DESTROY:
        put_destroy(w, s);
        break;
    case SIM_OP_CONNECT:
        /* The peer is a server of the program; a port nothing listens on refuses; a pipe that
           is not there fails too, and libuv reports that from the pending phase. */
        put_binding(w, st);
        put_call(w, s,
                 st->text == NULL ? "net.connect(peer.address().port, '127.0.0.1').on('connect', "
                 : st->deferred   ? "net.connect(" NOWHERE ").on('error', "
                                  : "net.connect(1, '127.0.0.1').on('error', ",
                 st->text != NULL ? "(err)" : "()", st->unref ? ").unref();" : ");");
        break;
    case SIM_OP_IO:
        put_io(w, s);
        break;
    default:
        put(w, "/* ");
        put(w, sim_op_name(st->op));
        put(w, " */");
        break;
    }
}

/* Statement s as JavaScript: its op's template, or what this file writes by hand. */
static void put_op(struct writer *w, uint32_t s)
{
    const struct sim_stmt *st = &w->prog->stmts[s];
    const struct sim_op_info *op = &sim_op_table[st->op];
    if (st->op == SIM_OP_CLOSE && render_js_binds(w->prog, st->id, SIM_OP_CONNECT)) {
        put_socket_close(w, s); /* a net.Socket has destroy(), not close() */
    } else if (st->op == SIM_OP_CLOSE && render_js_binds(w->prog, st->id, SIM_OP_LISTEN)) {
        put_template(w, s, "%h._handle.close(%C);", op->params); /* uv_close, its own cb */
    } else if (st->op == SIM_OP_SET_INTERVAL && st->has_times) {
        put_template(w, s, "%bsetIntervalTimes(%c, %d, %T)%u;", op->params);
    } else if (op->js != NULL) {
        put_template(w, s, op->js, op->params);
    } else {
        put_by_hand(w, s);
    }
}

static void put_stmt(struct writer *w, uint32_t s)
{
    uint32_t first = (uint32_t)w->r->line_count;
    set_note(w, &w->prog->stmts[s]);
    open_line(w, s);
    put_op(w, s);
    close_line(w);
    w->r->stmts[s] = (struct render_js_range){first, (uint32_t)w->r->line_count - 1};
}

static void put_body(struct writer *w, uint32_t b)
{
    const struct sim_body *body = &w->prog->bodies[b];
    uint32_t first = (uint32_t)w->r->line_count;
    for (uint32_t i = 0; i < body->count; i++) {
        put_stmt(w, body->first + i);
    }
    if (w->r->line_count > first) {
        w->r->bodies[b] = (struct render_js_range){first, (uint32_t)w->r->line_count - 1};
    }
}

/* Does a listen run body b for each connection (so it takes the socket)? */
static bool body_takes_socket(const struct sim_program *prog, uint32_t b)
{
    for (size_t s = 0; s < prog->stmt_count; s++) {
        if (prog->stmts[s].op == SIM_OP_LISTEN && prog->stmts[s].body == b) {
            return true;
        }
    }
    return false;
}

/* `function name() {` ... `}`: a named body, declared after the main script. */
static void put_function(struct writer *w, uint32_t b)
{
    const struct sim_body *body = &w->prog->bodies[b];
    uint32_t first = (uint32_t)w->r->line_count;
    put_line(w, "");
    open_line(w, SIM_NONE);
    put(w, "function ");
    put_ident(w, body->name);
    w->socket = body_takes_socket(w->prog, b) || w->socket_bodies[b];
    put(w, w->socket ? "(socket) {" : "() {");
    close_line(w);
    w->depth++;
    put_body(w, b);
    w->depth--;
    w->socket = false;
    put_line(w, "}");
    w->r->bodies[b] = (struct render_js_range){first + 1, (uint32_t)w->r->line_count - 1};
}

/* ---- The prelude: what an exported program needs before the main script ---------------- */

/* What the program's JavaScript needs before the main script: the ops' `js_needs`, joined. */
static uint32_t js_needs(const struct sim_program *prog)
{
    uint32_t needs = 0;
    for (size_t s = 0; s < prog->stmt_count; s++) {
        const struct sim_stmt *st = &prog->stmts[s];
        needs |= sim_op_table[st->op].js_needs;
        if (st->op == SIM_OP_SET_INTERVAL && st->has_times) {
            needs |= SIM_JS(INTERVAL_TIMES);
        }
        if ((st->op == SIM_OP_LISTEN && st->connection_count > 0) ||
            (st->op == SIM_OP_IO && !st->deferred)) {
            needs |= SIM_JS(CLIENTS) | (st->op == SIM_OP_IO ? SIM_JS(IO_IN) : 0);
        }
        if (st->op == SIM_OP_CONNECT && st->text == NULL) {
            needs |= SIM_JS(PEER);
        }
    }
    return needs;
}

static bool uses_counter_id(const struct writer *w)
{
    for (size_t s = 0; s < w->prog->stmt_count; s++) {
        if (w->prog->stmts[s].id != NULL && has_placeholder(w, w->prog->stmts[s].id)) {
            return true;
        }
    }
    return false;
}

/* An ES module has no __filename: the file's own path, from its URL (without %-escapes). */
#define MODULE_FILENAME                                                                            \
    "const __filename = import.meta.url.slice('file://'.length);\n"                               \
    "const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));"

/*
 * A prelude line as an ES module says it: `const x = require('m');` is `import x from 'm';`;
 * any other line as it is.
 */
static void put_module_line(struct writer *w, const char *line, size_t len)
{
    static const char head[] = "const ";
    static const char call[] = " = require(";
    const char *eq = strstr(line, call);
    const char *close = strstr(line, ");");
    bool import = strncmp(line, head, sizeof head - 1) == 0 && eq != NULL && close != NULL &&
                  close + 2 == line + len;
    if (!import) {
        ui_buf_put(&w->r->text, line, len);
        return;
    }
    put(w, "import ");
    ui_buf_put(&w->r->text, line + sizeof head - 1, (size_t)(eq - line) - (sizeof head - 1));
    put(w, " from ");
    const char *module = eq + sizeof call - 1;
    ui_buf_put(&w->r->text, module, (size_t)(close - module));
    put(w, ";");
}

/* The lines of one prelude need (a need may take several, separated by '\n'). */
static void put_need(struct writer *w, const char *text, bool module)
{
    while (*text != '\0') {
        size_t len = strcspn(text, "\n");
        open_line(w, SIM_NONE);
        if (module) {
            put_module_line(w, text, len);
        } else {
            ui_buf_put(&w->r->text, text, len);
        }
        close_line(w);
        text += len + (text[len] == '\n');
    }
}

/* Choice number `index` of "a|b|c". */
static void put_choice_to(struct ui_buf *b, const char *choices, uint64_t index)
{
    for (uint64_t i = 0; *choices != '\0'; i++) {
        size_t n = strcspn(choices, "|");
        if (i == index) {
            ui_buf_put(b, choices, n);
            return;
        }
        choices += n + (choices[n] == '|');
    }
}

/* `// loopsim: config KEY=VALUE ...` for the config keys the scenario gives other values. */
static void put_config(struct writer *w)
{
    struct sim_config def;
    sim_config_init(&def);
    const struct sim_config *c = &w->prog->config;
    struct ui_buf pairs;
    struct ui_buf *b = &pairs;
    ui_buf_init(b);
    for (int k = 0; k < SIM_CONFIG_COUNT; k++) {
        const struct sim_key_info *key = &sim_config_key_table[k];
        const char *at = (const char *)c + key->field;
        bool given = key->aux == 0 || *(const bool *)((const char *)c + key->aux);
        if (k == SIM_CONFIG_THREADPOOL_SIZE || !given || key->width == 0 ||
            (key->type != SIM_TYPE_DURATION && key->type != SIM_TYPE_COUNT &&
             key->type != SIM_TYPE_PROFILE) ||
            memcmp(at, (const char *)&def + key->field, key->width) == 0) {
            continue; /* the pool's size is set the way node reads it, UV_THREADPOOL_SIZE */
        }
        uint64_t value = 0;
        memcpy(&value, at, key->width); /* a count or ns: unsigned, little widths first */
        ui_buf_puts(b, " ");
        ui_buf_puts(b, key->name);
        ui_buf_putc(b, '=');
        if (key->type == SIM_TYPE_DURATION) {
            put_ms_to(b, value);
        } else if (key->type == SIM_TYPE_PROFILE) {
            put_choice_to(b, key->choices, value); /* node=10 */
        } else {
            ui_buf_u64(b, key->width == 4 ? (uint32_t)value : value);
        }
    }
    for (int k = 0; k < SIM_LIMIT_COUNT; k++) {
        uint32_t limit = c->limits[sim_limit_key_table[k].phase];
        if (limit != def.limits[sim_limit_key_table[k].phase]) {
            ui_buf_puts(b, " limits.");
            ui_buf_puts(b, sim_limit_key_table[k].name);
            ui_buf_putc(b, '=');
            ui_buf_u64(b, limit);
        }
    }
    if (b->len > 0) {
        open_line(w, SIM_NONE);
        put(w, "// loopsim: config");
        ui_buf_put(&w->r->text, b->data, b->len);
        close_line(w);
    }
    w->oom |= b->oom;
    ui_buf_finish(b);
}

static void put_prelude(struct writer *w)
{
    uint32_t needs = js_needs(w->prog);
    /* `loopsim js` keeps require() for every entry, as its checks compile it (render-js.mjs). */
    bool module = (w->flags & RENDER_JS_EXPORT) && w->prog->config.entry == SIM_ENTRY_MODULE;
    struct sim_config def;
    sim_config_init(&def);
    if (w->flags & RENDER_JS_EXPORT) {
        put_config(w);
    }
    if (!module) {
        put_line(w, "'use strict';");
    }
    if (w->prog->config.threadpool_size != def.threadpool_size) {
        /* libuv reads it when the pool starts, at the first request (js-input.md). */
        char line[80];
        snprintf(line, sizeof line, "process.env.UV_THREADPOOL_SIZE = '%u';",
                 (unsigned)w->prog->config.threadpool_size);
        put_line(w, line);
    }
    if (module && (needs & (SIM_JS(FS) | SIM_JS(FD))) != 0) {
        put_need(w, MODULE_FILENAME, false);
    }
    for (int need = 0; need < SIM_JS_NEED_COUNT; need++) {
        if ((needs >> need & 1) != 0) {
            put_need(w, sim_js_need_line((enum sim_js_need)need), module);
        }
    }
    if (w->r->line_count > 0) {
        put_line(w, ""); /* between the prelude and the program */
    }
}

/* `let a, b;` for every id a statement binds, `const handles = {};` for ids with counters. */
static void put_declarations(struct writer *w)
{
    if (w->ids.count > 0) {
        open_line(w, SIM_NONE);
        put(w, "let ");
        for (size_t i = 0; i < w->ids.count; i++) {
            put(w, i > 0 ? ", " : "");
            put(w, w->ids.idents[i]);
        }
        put(w, ";");
        close_line(w);
    }
    if (uses_counter_id(w)) {
        put_line(w, "const handles = {};");
    }
}

/* ---- The whole program ------------------------------------------------------------------- */

/* ---- Identifiers ------------------------------------------------------------------------- */

/* Words an identifier must not be: JavaScript's reserved words, and the names the program uses. */
static const char *const taken_words[] = {
    "arguments", "await", "break", "case", "catch", "class", "const", "continue", "debugger",
    "default", "delete", "do", "else", "enum", "eval", "export", "extends", "false", "finally",
    "for", "function", "if", "implements", "import", "in", "instanceof", "interface", "let",
    "new", "null", "package", "private", "protected", "public", "return", "static", "super",
    "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with", "yield",
    "undefined", "NaN", "Infinity", "require", "module", "exports", "__filename", "__dirname",
    "console", "process", "Promise", "Buffer", "setTimeout", "setInterval", "setImmediate",
    "clearTimeout", "clearInterval", "clearImmediate", "queueMicrotask", "crypto", "dns", "fs",
    "net", "zlib", "input", "fd", "pipe", "queueWork", "block", "handles", "socket",
    "setIntervalTimes", "performance", "import",
};

/* Is `ident` a parameter of some op's callback (the op table's `params`: "(err, stats)")? */
static bool is_param(const char *ident)
{
    size_t n = strlen(ident);
    for (int op = 0; op < SIM_OP_COUNT; op++) {
        const char *p = sim_op_table[op].params;
        while (p != NULL && *p != '\0') {
            size_t len = 0;
            while (is_ident_char(p[len])) {
                len++;
            }
            if (len == n && memcmp(p, ident, n) == 0) {
                return true;
            }
            p += len > 0 ? len : 1;
        }
    }
    return false;
}

static bool group_has(const struct idents *g, const char *ident)
{
    for (size_t i = 0; i < g->count; i++) {
        if (strcmp(g->idents[i], ident) == 0) {
            return true;
        }
    }
    return false;
}

/* Is `ident` a reserved or used word, a callback's parameter, or an identifier given already? */
static bool is_taken(const struct writer *w, const char *ident)
{
    for (size_t i = 0; i < sizeof taken_words / sizeof taken_words[0]; i++) {
        if (strcmp(taken_words[i], ident) == 0) {
            return true;
        }
    }
    if (is_param(ident)) {
        return true; /* it would shadow the handle inside the callback */
    }
    return group_has(&w->funcs, ident) || group_has(&w->ids, ident) || group_has(&w->vars, ident);
}

/* Gives `name` (borrowed) an identifier in group g, unless it has one: sanitized, then '_'s. */
static bool give_ident(struct writer *w, struct idents *g, const char *name)
{
    if (ident_of(g, name, strlen(name)) != NULL) {
        return true;
    }
    struct ui_buf b;
    ui_buf_init(&b);
    put_sanitized(&b, name);
    ui_buf_putc(&b, '\0');
    while (!b.oom && is_taken(w, b.data)) {
        b.data[b.len - 1] = '_';
        ui_buf_putc(&b, '\0');
    }
    char *ident = b.oom ? NULL : strdup(b.data);
    ui_buf_finish(&b);
    if (ident == NULL) {
        return false;
    }
    g->names[g->count] = name;
    g->idents[g->count++] = ident;
    return true;
}

static void idents_finish(struct idents *g)
{
    for (size_t i = 0; i < g->count; i++) {
        free(g->idents[i]);
    }
    free(g->names);
    free(g->idents);
    memset(g, 0, sizeof(*g));
}

static bool idents_alloc(struct idents *g, size_t max)
{
    g->names = malloc((max + 1) * sizeof(*g->names));
    g->idents = malloc((max + 1) * sizeof(*g->idents));
    g->count = 0;
    return g->names != NULL && g->idents != NULL;
}

/* Does a statement of this op use an id (name another's handle) rather than bind one? */
static bool uses_id(enum sim_op op)
{
    return sim_op_table[op].names != 0;
}

/* Names the functions, then the ids statements bind, then the repeats' counters. */
static bool name_all(struct writer *w)
{
    const struct sim_program *p = w->prog;
    bool ok = idents_alloc(&w->funcs, p->body_count) && idents_alloc(&w->ids, p->stmt_count) &&
              idents_alloc(&w->vars, p->stmt_count);
    for (size_t b = 0; ok && b < p->body_count; b++) {
        ok = p->bodies[b].name == NULL || give_ident(w, &w->funcs, p->bodies[b].name);
    }
    for (size_t s = 0; ok && s < p->stmt_count; s++) {
        const struct sim_stmt *st = &p->stmts[s];
        if (st->op == SIM_OP_REPEAT) {
            ok = give_ident(w, &w->vars, st->text != NULL ? st->text : "i");
        }
    }
    for (size_t s = 0; ok && s < p->stmt_count; s++) {
        const struct sim_stmt *st = &p->stmts[s];
        if (st->id != NULL && !uses_id(st->op) && !has_placeholder(w, st->id)) {
            ok = give_ident(w, &w->ids, st->id);
        }
    }
    return ok;
}

/* Marks the bodies that act on a connection's socket, through the bodies they run. */
static bool mark_socket_bodies(struct writer *w)
{
    const struct sim_program *p = w->prog;
    w->socket_bodies = calloc(p->body_count + 1, sizeof(*w->socket_bodies));
    if (w->socket_bodies == NULL) {
        return false;
    }
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t b = 0; b < p->body_count; b++) {
            for (uint32_t i = 0; i < p->bodies[b].count && !w->socket_bodies[b]; i++) {
                const struct sim_stmt *st = &p->stmts[p->bodies[b].first + i];
                bool socket_op = sim_op_table[st->op].in_connection;
                bool inner = st->op != SIM_OP_LISTEN && st->body != SIM_NONE &&
                             w->socket_bodies[st->body];
                w->socket_bodies[b] = socket_op || inner;
                changed |= w->socket_bodies[b];
            }
        }
    }
    return true;
}

static void writer_finish(struct writer *w)
{
    idents_finish(&w->funcs);
    idents_finish(&w->ids);
    idents_finish(&w->vars);
    free(w->socket_bodies);
    ui_buf_finish(&w->note);
}

static bool alloc_ranges(struct render_js *r, const struct sim_program *prog)
{
    r->stmts = malloc((prog->stmt_count + 1) * sizeof(*r->stmts));
    r->bodies = malloc((prog->body_count + 1) * sizeof(*r->bodies));
    if (r->stmts == NULL || r->bodies == NULL) {
        return false;
    }
    for (size_t s = 0; s < prog->stmt_count; s++) {
        r->stmts[s] = (struct render_js_range){SIM_NONE, SIM_NONE};
    }
    for (size_t b = 0; b < prog->body_count; b++) {
        r->bodies[b] = (struct render_js_range){SIM_NONE, SIM_NONE};
    }
    return true;
}

int render_js(struct render_js *r, const struct sim_program *prog, unsigned flags)
{
    memset(r, 0, sizeof(*r));
    ui_buf_init(&r->text);
    size_t source_len;
    const char *source = sim_program_source(prog, &source_len);
    if (source != NULL) {
        /* A JavaScript program is shown as the user wrote it. */
        return alloc_ranges(r, prog) ? render_js_lines(r, source, source_len) : -SIM_ENOMEM;
    }
    struct writer w = {.r = r, .prog = prog, .flags = flags, .stmt = SIM_NONE};
    ui_buf_init(&w.note);
    if (!alloc_ranges(r, prog) || !name_all(&w) || !mark_socket_bodies(&w)) {
        goto out_of_memory;
    }
    if (flags & (RENDER_JS_PRELUDE | RENDER_JS_EXPORT)) {
        put_prelude(&w);
    }
    put_declarations(&w);
    put_body(&w, prog->main_body);
    for (uint32_t b = 0; b < prog->body_count; b++) {
        if (prog->bodies[b].name != NULL && b != prog->main_body) {
            put_function(&w, b);
        }
    }
    if (w.oom || r->text.oom || w.note.oom) {
        goto out_of_memory;
    }
    writer_finish(&w);
    return 0;

out_of_memory:
    writer_finish(&w);
    render_js_finish(r);
    return -SIM_ENOMEM;
}

void render_js_finish(struct render_js *r)
{
    if (r == NULL) {
        return;
    }
    ui_buf_finish(&r->text);
    free(r->lines);
    free(r->stmts);
    free(r->bodies);
    memset(r, 0, sizeof(*r));
}

const char *render_js_text(const struct render_js *r, size_t i)
{
    return r->text.data + r->lines[i].offset;
}
