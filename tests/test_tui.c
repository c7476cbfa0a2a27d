/*
 * test_tui.c - the TUI apart from curses (ui/tui/, ui/js/render_js.c): the layout model, the
 * JavaScript renderer, and the stepping model (forward, back, marks, console, window, search)
 * checked against a straight run of the engine. The screens the views draw, read back as text,
 * are in test_tui_screen.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "render_js.h"
#include "test_util.h"
#include "test_tui.h"
#include "tui.h"
#include "tui_layout.h"
#include "tui_model.h"
#include "tui_picker.h"

#define MAIN(body) "{'loopsim':1,'name':'t','main':[" body "]}"

/* About 18,000 events: enough for many snapshots once the interval is lowered. */
#define LONG_RUN                                                                                \
    MAIN("{'op':'repeat','times':1500,'do':["                                                   \
         "  {'op':'setImmediate','do':['imm {i}',{'op':'nextTick','do':['tick {i}']}]},"        \
         "  {'op':'setTimeout','delay':1,'do':['timeout {i}']}]},"                              \
         "{'op':'fs.stat','ms':3,'do':['stat']}")

/* ---- A straight run, to compare the model with -------------------------------------------- */

struct straight {
    size_t count;
    struct sim_event *events;       /* strings copied, owned */
    struct sim_state *states;       /* states[i]: after event i (states[0]: the start) */
};

static char *dup_or_null(const char *s)
{
    return s != NULL ? strdup(s) : NULL;
}

static struct straight run_straight(const struct sim_program *prog)
{
    struct straight r = {0, NULL, NULL};
    size_t cap = 1024;
    r.events = malloc(cap * sizeof(*r.events));
    r.states = malloc((cap + 1) * sizeof(*r.states));
    struct sim_loop *loop = sim_loop_create(prog);
    sim_loop_state(loop, &r.states[0]);
    struct sim_event ev;
    while (sim_loop_step(loop, &ev) == SIM_STEP_EVENT) {
        if (r.count == cap) {
            cap *= 2;
            r.events = realloc(r.events, cap * sizeof(*r.events));
            r.states = realloc(r.states, (cap + 1) * sizeof(*r.states));
        }
        ev.label = dup_or_null(ev.label);
        ev.text = dup_or_null(ev.text);
        r.events[r.count++] = ev;
        sim_loop_state(loop, &r.states[r.count]);
    }
    sim_loop_destroy(loop);
    return r;
}

static void straight_free(struct straight *r)
{
    for (size_t i = 0; i < r->count; i++) {
        free((char *)r->events[i].label);
        free((char *)r->events[i].text);
    }
    free(r->events);
    free(r->states);
}

static bool same_string(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Is the model's current event the straight run's event number pos? */
static void assert_cursor_is(const struct tui_model *m, const struct straight *r, uint64_t pos)
{
    ck_assert_uint_eq(m->pos, pos);
    struct sim_state st;
    sim_loop_state(m->loop, &st);
    const struct sim_state *want = &r->states[pos];
    ck_assert_uint_eq(st.time_ns, want->time_ns);
    ck_assert_uint_eq(st.iteration, want->iteration);
    ck_assert_int_eq(st.phase, want->phase);
    ck_assert_uint_eq(st.callbacks, want->callbacks);
    ck_assert_int_eq(memcmp(st.queue_len, want->queue_len, sizeof st.queue_len), 0);
    if (pos == 0) {
        return;
    }
    const struct sim_event *a = &m->cur.ev;
    const struct sim_event *b = &r->events[pos - 1];
    ck_assert_uint_eq(a->seq, b->seq);
    ck_assert_int_eq(a->kind, b->kind);
    ck_assert_uint_eq(a->time_ns, b->time_ns);
    ck_assert_msg(same_string(a->label, b->label) && same_string(a->text, b->text),
                  "event %llu differs", (unsigned long long)pos);
}

/* ---- Layout ------------------------------------------------------------------------------ */

static bool overlap(struct tui_rect a, struct tui_rect b)
{
    return a.w > 0 && a.h > 0 && b.w > 0 && b.h > 0 && a.x < b.x + b.w && b.x < a.x + a.w &&
           a.y < b.y + b.h && b.y < a.y + a.h;
}

static struct tui_layout lay(int cols, int rows, enum tui_pane tab)
{
    struct tui_layout l;
    struct tui_layout_want want = {4, tab};
    tui_layout_compute(&l, cols, rows, &want);
    return l;
}

START_TEST(layout_mode_follows_the_size)
{
    ck_assert_int_eq(lay(120, 40, TUI_PANE_TRACE).mode, TUI_LAYOUT_FULL);
    ck_assert_int_eq(lay(80, 24, TUI_PANE_TRACE).mode, TUI_LAYOUT_FULL);
    ck_assert_int_eq(lay(79, 24, TUI_PANE_TRACE).mode, TUI_LAYOUT_COMPACT);
    ck_assert_int_eq(lay(80, 23, TUI_PANE_TRACE).mode, TUI_LAYOUT_COMPACT);
    ck_assert_int_eq(lay(60, 20, TUI_PANE_TRACE).mode, TUI_LAYOUT_COMPACT);
    ck_assert_int_eq(lay(40, 12, TUI_PANE_TRACE).mode, TUI_LAYOUT_COMPACT);
    ck_assert_int_eq(lay(39, 12, TUI_PANE_TRACE).mode, TUI_LAYOUT_TOO_SMALL);
    ck_assert_int_eq(lay(40, 11, TUI_PANE_TRACE).mode, TUI_LAYOUT_TOO_SMALL);
    ck_assert_int_eq(lay(0, 0, TUI_PANE_TRACE).mode, TUI_LAYOUT_TOO_SMALL);
    struct tui_layout small = lay(30, 10, TUI_PANE_TRACE);
    for (int p = 0; p < TUI_PANE_COUNT; p++) {
        ck_assert(!tui_layout_shows(&small, (enum tui_pane)p));
    }
}
END_TEST

START_TEST(layout_panes_fit_and_never_overlap)
{
    const enum tui_pane *tabs;
    int ntabs = tui_layout_tabs(&tabs);
    for (int cols = 40; cols <= 220; cols += 3) {
        for (int rows = 12; rows <= 80; rows += 2) {
            for (int k = 0; k < ntabs; k++) {
                struct tui_layout l = lay(cols, rows, tabs[k]);
                for (int a = 0; a < TUI_PANE_COUNT; a++) {
                    struct tui_rect r = l.pane[a];
                    ck_assert(r.x >= 0 && r.y >= 0 && r.x + r.w <= cols && r.y + r.h <= rows);
                    for (int b = a + 1; b < TUI_PANE_COUNT; b++) {
                        ck_assert_msg(!overlap(r, l.pane[b]), "%dx%d: %s overlaps %s", cols,
                                      rows, tui_pane_name(a), tui_pane_name(b));
                    }
                    bool bar = a == TUI_PANE_TOP || a == TUI_PANE_STATUS;
                    ck_assert(bar || l.divider < 0 || l.divider < r.x ||
                              l.divider >= r.x + r.w || r.h == 0);
                }
            }
        }
    }
}
END_TEST

START_TEST(layout_full_at_80x24_shows_every_pane)
{
    struct tui_layout l = lay(80, 24, TUI_PANE_TRACE);
    for (int p = 0; p < TUI_PANE_COUNT; p++) {
        ck_assert_msg(tui_layout_shows(&l, (enum tui_pane)p), "%s hidden", tui_pane_name(p));
    }
    ck_assert_int_eq(l.pane[TUI_PANE_LOOP].h, TUI_LOOP_ROWS);
    ck_assert_int_ge(l.pane[TUI_PANE_QUEUES].h, 5);
    ck_assert_int_eq(l.pane[TUI_PANE_WORKERS].h, 4 + 2);
    ck_assert_int_ge(l.pane[TUI_PANE_TRACE].h, 8);
    ck_assert_int_ge(l.pane[TUI_PANE_PROGRAM].h, 5);
    ck_assert_int_eq(l.pane[TUI_PANE_TOP].y, 0);
    ck_assert_int_eq(l.pane[TUI_PANE_STATUS].y, 23);
    /* The two columns meet at the divider. */
    ck_assert_int_eq(l.pane[TUI_PANE_LOOP].w, l.divider);
    ck_assert_int_eq(l.pane[TUI_PANE_PROGRAM].x, l.divider + 1);
}
END_TEST

START_TEST(layout_compact_shows_one_tab_at_a_time)
{
    const enum tui_pane *tabs;
    int ntabs = tui_layout_tabs(&tabs);
    for (int k = 0; k < ntabs; k++) {
        struct tui_layout l = lay(60, 20, tabs[k]);
        for (int j = 0; j < ntabs; j++) {
            ck_assert(tui_layout_shows(&l, tabs[j]) == (j == k));
        }
        ck_assert_int_eq(l.pane[TUI_PANE_LOOP].h, TUI_LOOP_STRIP_ROWS);
        ck_assert_int_eq(l.pane[tabs[k]].y + l.pane[tabs[k]].h, 19);
    }
    ck_assert_int_eq(lay(79, 40, TUI_PANE_TRACE).pane[TUI_PANE_LOOP].h, TUI_LOOP_ROWS);
}
END_TEST

/* ---- The JavaScript renderer ------------------------------------------------------------- */

/* The rendered lines joined with '\n'; freed by the next call. */
static const char *js_text(const struct render_js *r)
{
    static char buf[8192];
    size_t n = 0;
    for (size_t i = 0; i < r->line_count; i++) {
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%.*s\n", (int)r->lines[i].len,
                              render_js_text(r, i));
    }
    return buf;
}

START_TEST(js_writes_callbacks_around_their_bodies)
{
    struct sim_program *prog = tu_load(MAIN(
        "'hello',"
        "{'op':'setTimeout','delay':10,'label':'t','do':['in timer']},"
        "{'op':'fs.readFile','ms':2,'do':[{'op':'setImmediate','id':'im'}]},"
        "{'op':'clearImmediate','id':'im'}"));
    struct render_js r;
    ck_assert_int_eq(render_js(&r, prog, 0), 0);
    /* The id bound in the readFile callback is used in main: declared once at the top. */
    ck_assert_str_eq(js_text(&r), "let im;\n"
                                  "console.log('hello');\n"
                                  "setTimeout(() => {  // t\n"
                                  "  console.log('in timer');\n"
                                  "}, 10);\n"
                                  "fs.readFile(__filename, (err, data) => {  // 2 ms per "
                                  "worker-pool request\n"
                                  "  im = setImmediate(() => {});\n"
                                  "});\n"
                                  "clearImmediate(im);\n");
    /* Statement 0 is the log, 1 the timer (lines 2-4), 2 its log, 3 the readFile. */
    ck_assert_uint_eq(r.lines[0].stmt, SIM_NONE);
    ck_assert_uint_eq(r.stmts[1].first, 2);
    ck_assert_uint_eq(r.stmts[1].last, 4);
    ck_assert_uint_eq(r.lines[3].stmt, prog->bodies[prog->stmts[1].body].first);
    ck_assert_uint_eq(r.bodies[prog->stmts[1].body].first, 3);
    ck_assert_uint_eq(r.bodies[prog->stmts[1].body].last, 3);
    ck_assert_uint_eq(r.bodies[prog->main_body].first, 1);
    ck_assert_uint_eq(r.bodies[prog->main_body].last, 8);
    render_js_finish(&r);
    sim_program_destroy(prog);
}
END_TEST

START_TEST(js_quotes_counters_and_named_functions)
{
    struct sim_program *prog = tu_load(
        "{'loopsim':1,'name':'t','functions':{'tick':['tick']},'main':["
        "{'op':'repeat','times':2,'var':'n','do':["
        "  'row {n}', 'a \\\\ b', {'op':'setImmediate','do':'@tick'},"
        "  {'op':'setTimeout','delay':5,'id':'t{n}','unref':true}]}]}");
    struct render_js r;
    ck_assert_int_eq(render_js(&r, prog, 0), 0);
    ck_assert_str_eq(js_text(&r), "const handles = {};\n"
                                  "for (let n = 1; n <= 2; n++) {\n"
                                  "  console.log(`row ${n}`);\n"
                                  "  console.log('a \\\\ b');\n"
                                  "  setImmediate(tick);\n"
                                  "  handles[`t${n}`] = setTimeout(() => {}, 5).unref();\n"
                                  "}\n"
                                  "\n"
                                  "function tick() {\n"
                                  "  console.log('tick');\n"
                                  "}\n");
    for (uint32_t b = 0; b < prog->body_count; b++) {
        if (prog->bodies[b].name != NULL) {
            ck_assert_uint_eq(r.bodies[b].first, 8);
            ck_assert_uint_eq(r.bodies[b].last, 10);
        }
    }
    render_js_finish(&r);
    sim_program_destroy(prog);
}
END_TEST

START_TEST(js_prelude_requires_what_the_program_uses)
{
    struct sim_program *prog = tu_load(MAIN("{'op':'fs.stat','ms':1},"
                                            "{'op':'listen','id':'s','connections':[5],'do':["
                                            "  {'op':'socket.write'}]},"
                                            "{'op':'block','ms':3,'what':'sync work'}"));
    struct render_js r;
    ck_assert_int_eq(render_js(&r, prog, RENDER_JS_PRELUDE), 0);
    const char *text = js_text(&r);
    ck_assert_ptr_nonnull(strstr(text, "'use strict';\n"));
    ck_assert_ptr_nonnull(strstr(text, "const fs = require('fs');\n"));
    ck_assert_ptr_nonnull(strstr(text, "const net = require('net');\n"));
    ck_assert_ptr_nonnull(strstr(text, "function block(ms)"));
    ck_assert_ptr_null(strstr(text, "require('crypto')"));
    ck_assert_ptr_nonnull(strstr(text, "\nlet s;\n"));
    ck_assert_ptr_nonnull(strstr(text, "\ns = net.createServer((socket) => {  // a client "
                                       "at 5 ms\n"));
    ck_assert_ptr_nonnull(strstr(text, "block(3);  // sync work\n"));
    render_js_finish(&r);
    sim_program_destroy(prog);
}
END_TEST

/*
 * A JavaScript built-in is shown as its own text: the program pane must show exactly the file,
 * and it carries its header comment's title and description as a JSON scenario carries its own.
 */
static void js_builtin_shows_its_file(const struct ui_builtin *b, const struct sim_program *prog)
{
    size_t len = 0;
    const char *source = sim_program_source(prog, &len);
    ck_assert_msg(source != NULL && len == b->size && memcmp(source, b->data, len) == 0,
                  "%s: the program's source is not the file", b->name);
    ck_assert_str_eq(prog->name, b->title);
    ck_assert_str_eq(prog->description, b->description);
    ck_assert_str_eq(prog->js_file, b->file);
}

START_TEST(js_every_builtin_maps_every_statement)
{
    for (size_t i = 0; i < ui_builtin_count; i++) {
        struct sim_diag diag;
        struct sim_program *prog = ui_builtin_load(&ui_builtins[i], NULL, &diag);
        ck_assert_msg(prog != NULL, "%s: %s", ui_builtins[i].name, diag.message);
        if (ui_builtins[i].language != UI_LANG_JSON) {
            /* Its statements are the API table's, not lines of a rendering: there is none. */
            js_builtin_shows_its_file(&ui_builtins[i], prog);
            sim_program_destroy(prog);
            continue;
        }
        struct render_js r;
        ck_assert_int_eq(render_js(&r, prog, RENDER_JS_PRELUDE), 0);
        for (uint32_t s = 0; s < prog->stmt_count; s++) {
            struct render_js_range sr = r.stmts[s];
            ck_assert_msg(sr.first != SIM_NONE, "%s: statement %u has no line",
                          ui_builtins[i].name, s);
            ck_assert_uint_eq(r.lines[sr.first].stmt, s);
        }
        for (size_t l = 0; l < r.line_count; l++) {
            uint32_t s = r.lines[l].stmt;
            ck_assert(s == SIM_NONE || (r.stmts[s].first <= l && l <= r.stmts[s].last));
        }
        render_js_finish(&r);
        sim_program_destroy(prog);
    }
}
END_TEST

/* ---- The stepping model ------------------------------------------------------------------ */

START_TEST(model_steps_back_through_the_same_events)
{
    struct sim_program *prog = tu_load(LONG_RUN);
    struct straight r = run_straight(prog);
    ck_assert_uint_gt(r.count, 10000);
    struct tui_model *m = tui_model_create(prog);
    m->snap_every = 64; /* many snapshots, so that they must be thinned */
    m->snap_max = 8;
    for (uint64_t pos = 1; pos <= r.count; pos++) {
        ck_assert_int_eq(tui_model_seek(m, pos), 0);
        assert_cursor_is(m, &r, pos);
    }
    ck_assert_int_eq(tui_model_seek(m, r.count + 1), 0);
    ck_assert(m->ended);
    ck_assert(tui_model_at_end(m));
    ck_assert_uint_le(m->snap_count, 8);
    ck_assert_uint_gt(m->snap_every, 64);
    for (uint64_t pos = r.count; pos-- > 0;) {
        ck_assert_int_eq(tui_model_seek(m, pos), 0);
        assert_cursor_is(m, &r, pos);
    }
    tui_model_destroy(m);
    straight_free(&r);
    sim_program_destroy(prog);
}
END_TEST

START_TEST(model_seeks_anywhere_like_a_straight_run)
{
    struct sim_program *prog = tu_load(LONG_RUN);
    struct straight r = run_straight(prog);
    struct tui_model *m = tui_model_create(prog);
    m->snap_every = 500;
    uint64_t x = 12345;
    for (int i = 0; i < 300; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        uint64_t pos = (x >> 33) % (r.count + 1);
        ck_assert_int_eq(tui_model_seek(m, pos), 0);
        assert_cursor_is(m, &r, pos);
    }
    ck_assert_int_eq(tui_model_seek(m, UINT64_MAX), 0);
    assert_cursor_is(m, &r, r.count);
    tui_model_destroy(m);
    straight_free(&r);
    sim_program_destroy(prog);
}
END_TEST

/* The positions where field `which` (0 phase, 1 iteration) changes in the straight run. */
static size_t changes(const struct straight *r, int which, uint64_t *out)
{
    size_t n = 0;
    for (size_t i = 0; i < r->count; i++) {
        uint64_t v = which == 0 ? r->events[i].phase : r->events[i].iteration;
        uint64_t before = which == 0 ? r->events[i - (i > 0)].phase
                                     : r->events[i - (i > 0)].iteration;
        if (i == 0 || v != before) {
            out[n++] = i + 1;
        }
    }
    return n;
}

START_TEST(model_marks_are_where_phase_and_iteration_change)
{
    struct sim_program *prog = tu_load(LONG_RUN);
    struct straight r = run_straight(prog);
    uint64_t *want = malloc(r.count * sizeof(*want));
    static const enum tui_mark_kind kinds[] = {TUI_MARK_PHASE, TUI_MARK_ITERATION};
    for (int k = 0; k < 2; k++) {
        size_t n = changes(&r, k, want);
        struct tui_model *m = tui_model_create(prog);
        uint64_t pos = 0;
        uint64_t at;
        for (size_t i = 0; i < n; i++) {
            ck_assert_int_eq(tui_model_find_mark(m, kinds[k], pos, 1, &at), 1);
            ck_assert_uint_eq(at, want[i]);
            pos = at;
        }
        ck_assert_int_eq(tui_model_find_mark(m, kinds[k], pos, 1, &at), 0);
        /* Back from the last event: each time the latest change before the position. */
        pos = r.count;
        for (size_t i = n;;) {
            while (i > 0 && want[i - 1] >= pos) {
                i--;
            }
            int rc = tui_model_find_mark(m, kinds[k], pos, -1, &at);
            if (i == 0) {
                ck_assert_int_eq(rc, 0);
                break;
            }
            ck_assert_int_eq(rc, 1);
            ck_assert_uint_eq(at, want[i - 1]);
            pos = at;
        }
        tui_model_destroy(m);
    }
    free(want);
    straight_free(&r);
    sim_program_destroy(prog);
}
END_TEST

START_TEST(model_finds_the_loop_at_a_time)
{
    struct sim_program *prog = tu_load(LONG_RUN);
    struct straight r = run_straight(prog);
    struct tui_model *m = tui_model_create(prog);
    static const uint64_t times_us[] = {0, 500, 1000, 2000, 2500, 3000};
    for (size_t i = 0; i < sizeof times_us / sizeof times_us[0]; i++) {
        uint64_t ns = times_us[i] * 1000;
        uint64_t want = 0; /* the events at or before ns: the last of them is the answer */
        while (want < r.count && r.events[want].time_ns <= ns) {
            want++;
        }
        uint64_t at;
        ck_assert_int_eq(tui_model_find_time(m, ns, &at), 1);
        ck_assert_uint_eq(at, want);
        ck_assert(at == r.count || r.events[at].time_ns > ns); /* the next event is later */
    }
    uint64_t at;
    ck_assert_int_eq(tui_model_find_time(m, r.events[r.count - 1].time_ns, &at), 1);
    ck_assert_uint_eq(at, r.count);
    ck_assert_int_eq(tui_model_find_time(m, UINT64_MAX / 2, &at), 0); /* the run ended before */
    ck_assert_uint_eq(at, r.count);
    tui_model_destroy(m);
    straight_free(&r);
    sim_program_destroy(prog);
}
END_TEST

START_TEST(model_console_is_what_was_printed_up_to_the_cursor)
{
    struct sim_program *prog = tu_load(LONG_RUN);
    struct straight r = run_straight(prog);
    struct tui_model *m = tui_model_create(prog);
    ck_assert_int_eq(tui_model_discover(m, UINT64_MAX), 0);
    size_t logs = 0;
    for (uint64_t pos = 0; pos <= r.count; pos++) {
        if (pos > 0 && r.events[pos - 1].kind == SIM_EVENT_LOG) {
            size_t len;
            uint64_t at;
            const char *text = tui_model_log(m, logs, &len, &at);
            ck_assert_uint_eq(at, pos);
            ck_assert_uint_eq(len, strlen(r.events[pos - 1].text));
            ck_assert_int_eq(memcmp(text, r.events[pos - 1].text, len), 0);
            logs++;
        }
        ck_assert_uint_eq(tui_model_log_count(m, pos), logs);
    }
    tui_model_destroy(m);
    straight_free(&r);
    sim_program_destroy(prog);
}
END_TEST

static void assert_window(struct tui_model *m, const struct straight *r, uint64_t first,
                          size_t count)
{
    size_t got;
    const struct tui_event *w = tui_model_window(m, first, count, &got);
    ck_assert_ptr_nonnull(w);
    uint64_t end = first + count < r->count + 1 ? first + count : r->count + 1;
    ck_assert_uint_eq(got, end > first ? end - first : 0);
    for (size_t i = 0; i < got; i++) {
        const struct sim_event *want = &r->events[first - 1 + i];
        ck_assert_uint_eq(w[i].ev.seq, want->seq);
        ck_assert(same_string(w[i].ev.label, want->label));
        ck_assert(same_string(w[i].ev.text, want->text));
    }
}

START_TEST(model_window_holds_the_events_asked_for)
{
    struct sim_program *prog = tu_load(LONG_RUN);
    struct straight r = run_straight(prog);
    struct tui_model *m = tui_model_create(prog);
    m->snap_every = 1000;
    ck_assert_int_eq(tui_model_discover(m, UINT64_MAX), 0);
    for (uint64_t first = 1; first < 3000; first += 7) { /* sliding forward */
        assert_window(m, &r, first, 20);
    }
    for (uint64_t first = 9000; first > 5000; first -= 333) { /* jumping back */
        assert_window(m, &r, first, 30);
    }
    assert_window(m, &r, r.count - 5, 20); /* clipped at the end */
    assert_window(m, &r, 1, 50);
    tui_model_destroy(m);
    straight_free(&r);
    sim_program_destroy(prog);
}
END_TEST

START_TEST(model_search_finds_the_next_match_and_wraps)
{
    struct sim_program *prog = tu_load(LONG_RUN);
    struct straight r = run_straight(prog);
    struct tui_model *m = tui_model_create(prog);
    struct tui_search s;
    uint64_t found = 0;
    int rc;
    tui_search_begin(&s, "TIMEOUT 1500", 0); /* any case */
    while ((rc = tui_search_step(m, &s, 1000, &found)) == TUI_SEARCH_MORE) {
    }
    ck_assert_int_eq(rc, TUI_SEARCH_FOUND);
    ck_assert_str_eq(r.events[found - 1].text, "timeout 1500");
    tui_search_finish(&s);
    /* From past the only "stat" log, the search wraps around to it. */
    uint64_t stat = 0;
    for (size_t i = 0; i < r.count; i++) {
        stat = r.events[i].text != NULL && strcmp(r.events[i].text, "stat") == 0 ? i + 1 : stat;
    }
    tui_search_begin(&s, "stat", stat);
    while ((rc = tui_search_step(m, &s, 1000, &found)) == TUI_SEARCH_MORE) {
    }
    ck_assert_int_eq(rc, TUI_SEARCH_FOUND);
    ck_assert(s.wrapped || found > stat);
    tui_search_finish(&s);
    tui_search_begin(&s, "no such thing", 10);
    while ((rc = tui_search_step(m, &s, 1000, &found)) == TUI_SEARCH_MORE) {
    }
    ck_assert_int_eq(rc, TUI_SEARCH_NONE);
    tui_search_finish(&s);
    tui_model_destroy(m);
    straight_free(&r);
    sim_program_destroy(prog);
}
END_TEST

START_TEST(model_keeps_the_stop_of_a_runaway_run)
{
    struct sim_program *prog =
        tu_load("{'loopsim':1,'name':'t','config':{'max_callbacks':50},"
                "'functions':{'again':[{'op':'setImmediate','do':'@again'}]},"
                "'main':[{'op':'setImmediate','do':'@again'}]}");
    struct tui_model *m = tui_model_create(prog);
    ck_assert_int_eq(tui_model_seek(m, UINT64_MAX), 0);
    ck_assert(m->ended);
    ck_assert_int_eq(m->stop.ev.kind, SIM_EVENT_STOP);
    ck_assert_int_eq(m->stop.ev.reason, SIM_REASON_STOP_MAX_CALLBACKS);
    ck_assert_uint_eq(m->pos, m->known);
    tui_model_destroy(m);
    sim_program_destroy(prog);
}
END_TEST

/* ---- Predict mode ------------------------------------------------------------------------ */

enum { PREDICT_COLS = 120, PREDICT_ROWS = 40 };

/* The stepper on a built-in in predict mode, and the straight run to check it against. */
struct predictor {
    struct sim_program *prog;
    struct tui t;
    struct straight run;
    char row[1024];
};

static void predictor_open(struct predictor *p, const char *builtin)
{
    p->prog = tu_load_builtin(builtin);
    p->run = run_straight(p->prog);
    ck_assert_int_eq(tui_init(&p->t, builtin, p->prog), 0);
    tui_predict_toggle(&p->t);
    ck_assert(p->t.predict.on);
    ck_assert_int_eq(tui_draw(&p->t, PREDICT_COLS, PREDICT_ROWS), 0);
}

static void predictor_close(struct predictor *p)
{
    tui_finish(&p->t);
    straight_free(&p->run);
    sim_program_destroy(p->prog);
}

/* Presses one key as the TUI's key loop does: timed work (r) goes on until it stops; a draw. */
static void press(struct predictor *p, int key)
{
    tui_key(&p->t, key);
    while (p->t.busy == TUI_BUSY_RUN || p->t.busy == TUI_BUSY_PLAY) {
        tui_tick(&p->t);
    }
    ck_assert_int_eq(tui_draw(&p->t, PREDICT_COLS, PREDICT_ROWS), 0);
}

/* Row y of the screen as text, into p->row. */
static const char *screen_row(struct predictor *p, int y)
{
    tui_grid_row_text(&p->t.grid, y, p->row, sizeof p->row);
    return p->row;
}

static const char *status_row(struct predictor *p)
{
    return screen_row(p, PREDICT_ROWS - 1);
}

static bool asked(struct predictor *p)
{
    return strstr(status_row(p), "Which callback runs next? pick it in the queues pane") != NULL;
}

/* The queues pane's rows as the screen shows them (ASCII only, the pane's columns alone). */
static size_t queue_rows_shown(struct predictor *p, char rows[][128], size_t max)
{
    struct tui_rect r = p->t.layout.pane[TUI_PANE_QUEUES];
    size_t n = 0;
    for (int y = r.y + 1; y < r.y + r.h && n < max; y++) {
        size_t len = 0;
        for (int x = r.x + 1; x < r.x + r.w - 1 && len + 1 < 128; x++) {
            uint32_t ch = p->t.grid.cells[(size_t)y * (size_t)p->t.grid.cols + (size_t)x].ch;
            rows[n][len++] = ch < 0x80 && ch != 0 ? (char)ch : '?';
        }
        rows[n][len] = '\0';
        if (strspn(rows[n], " ") == len) {
            break;
        }
        n++;
    }
    return n;
}

/* The event the straight run has as number seq. */
static const struct sim_event *straight_event(const struct predictor *p, uint64_t seq)
{
    ck_assert_uint_ge(seq, 1);
    ck_assert_uint_le(seq, p->run.count);
    return &p->run.events[seq - 1];
}

/* "right: LABEL — REASON" or "LABEL ran — REASON" (tail " ran"), from the straight run. */
static void expect_verdict(struct predictor *p, const char *head, const char *tail,
                           const struct sim_event *ev)
{
    char reason[512];
    char want[768];
    sim_event_reason(ev, reason, sizeof reason);
    snprintf(want, sizeof want, "%s%s%s \u2014 %.40s", head, ev->label, tail, reason);
    ck_assert_msg(strstr(status_row(p), want) != NULL, "want \"%s\" in \"%s\"", want, p->row);
}

/* What the run's questions got, in the order the test answers them. */
struct predict_score {
    size_t right, wrong, skipped;
    uint64_t wrong_seqs[16];
};

/*
 * Answers the open question: `how` 0 picks the row of the callback that runs (read from the
 * screen), 1 another row, 2 skips with Esc; then checks the verdict against the straight run.
 */
static void answer_question(struct predictor *p, int how, struct predict_score *score)
{
    uint64_t seq = p->t.model->pos + 1;
    const struct sim_event *ev = straight_event(p, seq);
    ck_assert_int_eq(ev->kind, SIM_EVENT_CALLBACK);
    ck_assert_int_ne(sim_reason_queue(ev->reason), SIM_QUEUE_COUNT);
    char rows[64][128];
    size_t n = queue_rows_shown(p, rows, 64);
    size_t ran = n;
    for (size_t i = 0; i < n; i++) {
        ran = ran == n && strstr(rows[i], ev->label) != NULL ? i : ran;
    }
    ck_assert_msg(ran < n, "event %llu: %s is not in the queues pane",
                  (unsigned long long)seq, ev->label);
    how = how == 1 && n < 2 ? 0 : how; /* one row: nothing else to pick */
    size_t pick = how == 1 ? (ran == 0 ? 1 : 0) : ran;
    for (size_t i = 0; i < pick; i++) {
        press(p, TUI_KEY_DOWN);
    }
    struct tui_rect pane = p->t.layout.pane[TUI_PANE_QUEUES];
    for (size_t i = 0; i < n; i++) {
        size_t at = (size_t)(pane.y + 1 + (int)i) * (size_t)p->t.grid.cols + (size_t)pane.x;
        ck_assert_msg((p->t.grid.cells[at].ch == TUI_CH_MARK) == (i == pick),
                      "row %zu of the queues pane is marked exactly when picked", i);
    }
    char picked[128];
    snprintf(picked, sizeof picked, "%s", rows[pick] + 11); /* past the queue's name */
    char *gap = strstr(picked, "  ");
    if (gap != NULL) {
        *gap = '\0';
    }
    press(p, how == 2 ? TUI_KEY_ESCAPE : TUI_KEY_ENTER);
    ck_assert_uint_eq(p->t.model->pos, seq); /* the callback has run */
    if (how == 0) {
        expect_verdict(p, "right: ", "", ev);
        score->right++;
    } else if (how == 1) {
        char head[200];
        snprintf(head, sizeof head, "wrong: you picked %s; ", picked);
        ck_assert_ptr_nonnull(strstr(status_row(p), head));
        expect_verdict(p, "", " ran", ev);
        score->wrong_seqs[score->wrong++ % 16] = seq;
    } else {
        expect_verdict(p, "skipped: ", " ran", ev);
        score->skipped++;
    }
    char tally[48];
    snprintf(tally, sizeof tally, "predict %zu/%zu", score->right,
             score->right + score->wrong + score->skipped);
    ck_assert_ptr_nonnull(strstr(status_row(p), tally));
}

/* The tally page's first line, at the end of the run. */
static void expect_tally(struct predictor *p, const struct predict_score *score)
{
    ck_assert_int_eq(p->t.page_kind, TUI_PAGE_TALLY);
    char want[160];
    snprintf(want, sizeof want, "Predict mode: %zu of %zu right, %zu wrong, %zu skipped",
             score->right, score->right + score->wrong + score->skipped, score->wrong,
             score->skipped);
    bool found = false;
    for (int y = 0; y < PREDICT_ROWS && !found; y++) {
        found = strstr(screen_row(p, y), want) != NULL;
    }
    ck_assert_msg(found, "the tally says: %s", want);
    for (size_t i = 0; i < score->wrong && i < 16; i++) {
        char event[48];
        snprintf(event, sizeof event, "event %llu  you picked",
                 (unsigned long long)score->wrong_seqs[i]);
        found = false;
        for (int y = 0; y < PREDICT_ROWS && !found; y++) {
            found = strstr(screen_row(p, y), event) != NULL;
        }
        ck_assert_msg(found, "the tally lists the wrong guess at %s", event);
    }
}

START_TEST(predict_asks_before_every_queued_callback_and_judges_truly)
{
    struct predictor p;
    predictor_open(&p, "default");
    struct predict_score score = {0};
    bool was_asked[256] = {false};
    ck_assert_uint_lt(p.run.count, 256);
    int questions = 0;
    for (int guard = 0; guard < 500 && p.t.page_kind == TUI_PAGE_NONE; guard++) {
        if (asked(&p)) {
            ck_assert(p.t.predict.asking);
            ck_assert_int_eq(p.t.focus, TUI_PANE_QUEUES);
            was_asked[p.t.model->pos + 1] = true;
            answer_question(&p, questions++ % 3, &score);
        } else {
            press(&p, 'n');
        }
    }
    /* Every callback that waited in a queue was asked about; the main script was not. */
    for (size_t i = 0; i < p.run.count; i++) {
        const struct sim_event *ev = &p.run.events[i];
        bool queued = ev->kind == SIM_EVENT_CALLBACK &&
                      sim_reason_queue(ev->reason) != SIM_QUEUE_COUNT;
        ck_assert_msg(was_asked[ev->seq] == queued, "event %llu (%s)",
                      (unsigned long long)ev->seq, ev->label ? ev->label : "-");
    }
    ck_assert_int_ge(questions, 6);
    ck_assert(score.right > 0 && score.wrong > 0 && score.skipped > 0);
    expect_tally(&p, &score);
    predictor_close(&p);
}
END_TEST

START_TEST(predict_counts_each_callback_once_when_stepping_back)
{
    struct predictor p;
    predictor_open(&p, "default");
    struct predict_score score = {0};
    press(&p, 'r'); /* r stops at the first question */
    ck_assert(asked(&p));
    uint64_t first = p.t.model->pos + 1;
    answer_question(&p, 0, &score);
    press(&p, 'r'); /* and at the next */
    ck_assert(asked(&p));
    uint64_t second = p.t.model->pos + 1;
    ck_assert_uint_gt(second, first);
    answer_question(&p, 1, &score);
    for (int i = 0; i < 5; i++) {
        press(&p, 'b');
        ck_assert(!p.t.predict.asking);
    }
    ck_assert_uint_lt(p.t.model->pos, first);
    while (p.t.model->pos < second) {
        press(&p, 'n');
        ck_assert_msg(!asked(&p), "event %llu was asked about again",
                      (unsigned long long)p.t.model->pos + 1);
        if (p.t.model->pos == first) {
            expect_verdict(&p, "right: ", "", straight_event(&p, first));
        }
    }
    ck_assert_ptr_nonnull(strstr(status_row(&p), "wrong: you picked"));
    ck_assert_uint_eq(p.t.predict.count, 2);
    ck_assert_uint_eq(p.t.predict.tally[TUI_VERDICT_RIGHT], 1);
    /* P turns it off (no questions, no verdicts) and on again, the guesses kept. */
    press(&p, 'P');
    ck_assert(!p.t.predict.on);
    ck_assert_ptr_nonnull(strstr(status_row(&p), "predict mode off: 1 of 2 right so far"));
    press(&p, 'P');
    ck_assert(p.t.predict.on);
    while (p.t.page_kind == TUI_PAGE_NONE) {
        press(&p, asked(&p) ? TUI_KEY_ESCAPE : 'r');
    }
    score.skipped = p.t.predict.count - 2;
    ck_assert_uint_eq(p.t.predict.tally[TUI_VERDICT_SKIPPED], score.skipped);
    ck_assert_uint_gt(score.skipped, 0);
    expect_tally(&p, &score);
    predictor_close(&p);
}
END_TEST

/* Is the label of the callback that runs at event seq in the queues pane, as the screen shows? */
static bool label_shown(struct predictor *p, uint64_t seq)
{
    char rows[64][128];
    size_t n = queue_rows_shown(p, rows, 64);
    for (size_t i = 0; i < n; i++) {
        if (strstr(rows[i], straight_event(p, seq)->label) != NULL) {
            return true;
        }
    }
    return false;
}

START_TEST(predict_every_builtin_asks_only_what_the_queues_show)
{
    size_t right = 0;
    for (size_t b = 0; b < ui_builtin_count; b++) {
        struct predictor p;
        predictor_open(&p, ui_builtins[b].name);
        struct predict_score score = {0};
        for (int guard = 0; guard < 400 && p.t.page_kind == TUI_PAGE_NONE; guard++) {
            if (!asked(&p)) {
                press(&p, 'r'); /* on to the next question, or the end */
            } else if (label_shown(&p, p.t.model->pos + 1)) {
                answer_question(&p, 0, &score); /* the main script is never asked about */
            } else {
                press(&p, TUI_KEY_ESCAPE); /* below the rows this screen shows */
                score.skipped++;
            }
        }
        if (p.t.page_kind == TUI_PAGE_TALLY) {
            ck_assert_uint_eq(p.t.predict.count, score.right + score.skipped);
            expect_tally(&p, &score);
        }
        right += score.right;
        predictor_close(&p);
    }
    ck_assert_uint_gt(right, ui_builtin_count);
}
END_TEST

Suite *tui_suite(void)
{
    Suite *s = suite_create("tui");
    TCase *layout = tcase_create("layout");
    tcase_add_test(layout, layout_mode_follows_the_size);
    tcase_add_test(layout, layout_panes_fit_and_never_overlap);
    tcase_add_test(layout, layout_full_at_80x24_shows_every_pane);
    tcase_add_test(layout, layout_compact_shows_one_tab_at_a_time);
    suite_add_tcase(s, layout);
    TCase *js = tcase_create("render_js");
    tcase_add_test(js, js_writes_callbacks_around_their_bodies);
    tcase_add_test(js, js_quotes_counters_and_named_functions);
    tcase_add_test(js, js_prelude_requires_what_the_program_uses);
    tcase_add_test(js, js_every_builtin_maps_every_statement);
    suite_add_tcase(s, js);
    TCase *model = tcase_create("model");
    tcase_set_timeout(model, 120);
    tcase_add_test(model, model_steps_back_through_the_same_events);
    tcase_add_test(model, model_seeks_anywhere_like_a_straight_run);
    tcase_add_test(model, model_marks_are_where_phase_and_iteration_change);
    tcase_add_test(model, model_finds_the_loop_at_a_time);
    tcase_add_test(model, model_console_is_what_was_printed_up_to_the_cursor);
    tcase_add_test(model, model_window_holds_the_events_asked_for);
    tcase_add_test(model, model_search_finds_the_next_match_and_wraps);
    tcase_add_test(model, model_keeps_the_stop_of_a_runaway_run);
    suite_add_tcase(s, model);
    TCase *predict = tcase_create("predict");
    tcase_set_timeout(predict, 120);
    tcase_add_test(predict, predict_asks_before_every_queued_callback_and_judges_truly);
    tcase_add_test(predict, predict_counts_each_callback_once_when_stepping_back);
    tcase_add_test(predict, predict_every_builtin_asks_only_what_the_queues_show);
    suite_add_tcase(s, predict);
    tui_screen_tcases(s); /* the screens and pages: test_tui_screen.c */
    return s;
}
