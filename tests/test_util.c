/*
 * test_util.c - see test_util.h.
 */
#include "test_util.h"

#include "builtin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *json_buf;
static char *out_buf;
static size_t out_len;
static size_t out_cap;

const char *tu_json(const char *single_quoted)
{
    free(json_buf);
    json_buf = strdup(single_quoted);
    for (char *p = json_buf; *p != '\0'; p++) {
        if (*p == '\'') {
            *p = '"';
        }
    }
    return json_buf;
}

struct sim_program *tu_load(const char *single_quoted)
{
    const char *json = tu_json(single_quoted);
    struct sim_diag diag;
    struct sim_program *prog = sim_program_load(json, strlen(json), NULL, &diag);
    ck_assert_msg(prog != NULL, "scenario refused: %u:%u: %s: %s", diag.line, diag.col,
                  diag.path, diag.message);
    return prog;
}

static void out_reset(void)
{
    out_len = 0;
    if (out_buf == NULL) {
        out_cap = 4096;
        out_buf = malloc(out_cap);
    }
    out_buf[0] = '\0';
}

static void out_put(const char *s)
{
    size_t n = strlen(s);
    if (out_len + n + 1 > out_cap) {
        while (out_len + n + 1 > out_cap) {
            out_cap *= 2;
        }
        out_buf = realloc(out_buf, out_cap);
    }
    memcpy(out_buf + out_len, s, n + 1);
    out_len += n;
}

/* Runs the scenario, calling `each` on every event. */
static enum sim_outcome run(const char *sq, void (*each)(const struct sim_event *, void *),
                            void *ctx)
{
    struct sim_program *prog = tu_load(sq);
    struct sim_loop *loop = sim_loop_create(prog);
    ck_assert_ptr_nonnull(loop);
    struct sim_event ev;
    int r;
    while ((r = sim_loop_step(loop, &ev)) == SIM_STEP_EVENT) {
        each(&ev, ctx);
    }
    ck_assert_int_eq(r, SIM_STEP_DONE);
    enum sim_outcome outcome = sim_loop_outcome(loop);
    sim_loop_destroy(loop);
    sim_program_destroy(prog);
    return outcome;
}

static void add_log(const struct sim_event *ev, void *ctx)
{
    (void)ctx;
    if (ev->kind == SIM_EVENT_LOG) {
        if (out_len > 0) {
            out_put("|");
        }
        out_put(ev->text);
    }
}

const char *tu_logs(const char *single_quoted)
{
    out_reset();
    run(single_quoted, add_log, NULL);
    return out_buf;
}

static void add_callback(const struct sim_event *ev, void *ctx)
{
    bool with_time = *(bool *)ctx;
    if (ev->kind != SIM_EVENT_CALLBACK) {
        return;
    }
    if (out_len > 0) {
        out_put(" ");
    }
    out_put(ev->label != NULL ? ev->label : "?");
    out_put("@");
    out_put(sim_phase_name(ev->phase));
    if (with_time) {
        char buf[32];
        snprintf(buf, sizeof(buf), ":%g", (double)ev->time_ns / 1e6);
        out_put(buf);
    }
}

const char *tu_callbacks(const char *single_quoted, bool with_time)
{
    out_reset();
    run(single_quoted, add_callback, &with_time);
    return out_buf;
}

static void keep_reason(const struct sim_event *ev, void *ctx)
{
    *(enum sim_reason *)ctx = ev->reason;
}

enum sim_outcome tu_outcome(const char *single_quoted, enum sim_reason *reason)
{
    enum sim_reason last = SIM_REASON_NONE;
    enum sim_outcome outcome = run(single_quoted, keep_reason, &last);
    if (reason != NULL) {
        *reason = last;
    }
    return outcome;
}

struct kind_ctx {
    enum sim_event_kind kind;
};

static void add_kind(const struct sim_event *ev, void *ctx)
{
    struct kind_ctx *k = ctx;
    if (ev->kind != k->kind) {
        return;
    }
    char buf[512];
    if (out_len > 0) {
        out_put("|");
    }
    sim_event_reason(ev, buf, sizeof(buf));
    out_put(ev->text != NULL && ev->kind != SIM_EVENT_STOP ? ev->text : buf);
}

const char *tu_events(const char *single_quoted, enum sim_event_kind kind)
{
    struct kind_ctx k = {kind};
    out_reset();
    run(single_quoted, add_kind, &k);
    return out_buf;
}

struct sim_program *tu_load_builtin(const char *name)
{
    const struct ui_builtin *b = ui_builtin_find(name);
    ck_assert_msg(b != NULL, "no built-in scenario %s", name);
    struct sim_diag diag;
    struct sim_program *prog = ui_builtin_load(b, NULL, &diag);
    ck_assert_msg(prog != NULL, "%s refused: %s", name, diag.message);
    return prog;
}
