/*
 * tui.c - the stepper's state machine: keys, play, run to the end, search, and the drawing of
 * every view into the grid (see tui.h). No curses here: tui_main.c owns the terminal.
 */
#include "tui.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "printer.h"

/* Play speeds in events per second; + and - move along them. */
static const int play_speeds[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000, 20000};
enum {
    PLAY_SPEED_COUNT = sizeof play_speeds / sizeof play_speeds[0],
    PLAY_SPEED_DEFAULT = 2,     /* 5 events a second: slow enough to read */
    FRAME_MS = 40,              /* the slowest a fast play redraws */
    WORK_SLICE = 250000,        /* events run or searched per tick: a fraction of a second */
    LOOK_AHEAD = 100000,        /* events run at start: a few milliseconds */
    PREDICT_CHUNK = 1024,       /* events predict mode looks at per window */
};

const struct tui_key_help tui_key_help[] = {
    {"space, n", "one event forward"},
    {"b", "one event back (instant at any depth)"},
    {"]  [", "next / previous phase change"},
    {"}  {", "next / previous loop iteration"},
    {"g", "go to an event number (120), a virtual time (12.5ms, 2s) or end"},
    {"r", "run to the end (any key stops)"},
    {"p", "play / pause"},
    {"+  -", "play faster / slower"},
    {"/", "search the events: labels, console text, event kinds, phases; / then enter "
          "alone finds the next one"},
    {"tab", "move the focus to the next pane (compact layout: show the next pane)"},
    {"\u2191 \u2193 PgUp PgDn Home End", "scroll the focused pane; in the trace, select an "
                                       "event"},
    {"enter", "trace: go to the selected event"},
    {"i", "the selected event in full: every field and the whole why"},
    {"P", "predict mode: before each callback runs, pick the one you expect in the queues pane "
          "(\u2191 \u2193, enter; esc skips); the stepper says if it was right and why, and "
          "tallies the guesses at the end"},
    {"x", "trace: at an event marked ~ (a race: real Node may take another order there), run "
          "the other branch, to the same event"},
    {"d", "the scenario's description"},
    {"\u2190 \u2192", "program: scroll long lines left and right"},
    {"s", "back to the list of scenarios (when started from it)"},
    {"?", "this help (\u2191 \u2193 scroll it; any other key closes it)"},
    {"q", "quit"},
};
const size_t tui_key_help_count = sizeof tui_key_help / sizeof tui_key_help[0];

static const struct tui_view *const views[TUI_PANE_COUNT] = {
    [TUI_PANE_TOP] = &tui_view_top,         [TUI_PANE_LOOP] = &tui_view_loop,
    [TUI_PANE_QUEUES] = &tui_view_queues,   [TUI_PANE_WORKERS] = &tui_view_workers,
    [TUI_PANE_PROGRAM] = &tui_view_program, [TUI_PANE_CONSOLE] = &tui_view_console,
    [TUI_PANE_TRACE] = &tui_view_trace,     [TUI_PANE_STATUS] = &tui_view_status,
};

/* The panes tab moves the focus through in the full layout. */
static const enum tui_pane focus_order[] = {
    TUI_PANE_TRACE, TUI_PANE_PROGRAM, TUI_PANE_CONSOLE, TUI_PANE_QUEUES, TUI_PANE_WORKERS,
};

const struct tui_view *tui_view_of(enum tui_pane pane)
{
    return views[pane];
}

/* ---- Lifecycle --------------------------------------------------------------------------- */

int tui_init(struct tui *t, const char *name, const struct sim_program *prog)
{
    memset(t, 0, sizeof(*t));
    t->name = name;
    t->prog = prog;
    t->focus = TUI_PANE_TRACE;
    t->tab = TUI_PANE_TRACE;
    t->trace_follow = true;
    t->trace_top = 1;
    t->program_follow = true;
    t->speed = PLAY_SPEED_DEFAULT;
    t->worker_cap = prog->config.threadpool_size;
    t->workers = calloc(t->worker_cap + 1, sizeof(*t->workers));
    t->model = tui_model_create(prog);
    if (t->model == NULL || t->workers == NULL) {
        return -SIM_ENOMEM;
    }
    /* A look ahead, so that the top bar can say "event 12 of 50" for any short run. */
    int rc = tui_model_discover(t->model, LOOK_AHEAD);
    return rc < 0 ? rc : render_js(&t->js, prog, 0);
}

void tui_finish(struct tui *t)
{
    if (t == NULL) {
        return;
    }
    tui_search_finish(&t->search);
    tui_close_page(t);
    tui_predict_finish(&t->predict);
    tui_model_destroy(t->model);
    t->model = NULL;
    render_js_finish(&t->js);
    tui_grid_finish(&t->grid);
    free(t->workers);
    t->workers = NULL;
}

int tui_play_speed(const struct tui *t)
{
    return play_speeds[t->speed];
}

uint64_t tui_now_ns(const struct tui *t)
{
    if (t->at_time) {
        return t->at_ns;
    }
    return t->model->pos > 0 ? t->model->cur.ev.time_ns : 0;
}

void tui_say(struct tui *t, bool warn, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->message, sizeof t->message, fmt, ap);
    va_end(ap);
    t->message_warn = warn;
}

/* ---- Moving the cursor ------------------------------------------------------------------- */

static void say_failure(struct tui *t, int rc)
{
    tui_say(t, true, "the simulation failed: %s", sim_strerror(rc));
}

/* "the end: exited with code 0 (50 events)", or why the run failed. */
static void say_end(struct tui *t)
{
    const struct tui_model *m = t->model;
    if (m->error != 0) {
        say_failure(t, m->error);
        return;
    }
    struct printer_ctx ctx;
    printer_ctx_init(&ctx, NULL, t->name, t->prog);
    if (m->stop.ev.kind == SIM_EVENT_STOP) {
        printer_ctx_note(&ctx, &m->stop.ev);
    }
    struct ui_buf out;
    ui_buf_init(&out);
    printer_outcome_text(&ctx, m->front, &out);
    tui_say(t, false, "the end: %.*s (%llu events)", (int)out.len, out.data ? out.data : "",
            (unsigned long long)m->known);
    ui_buf_finish(&out);
    printer_ctx_finish(&ctx);
}

void tui_go(struct tui *t, uint64_t pos)
{
    struct tui_model *m = t->model;
    int rc = tui_model_seek(m, pos);
    /* One event ahead, so the top bar can say "end" on the last event itself. */
    if (rc == 0) {
        rc = tui_model_discover(m, m->pos + 1);
    }
    if (rc < 0) {
        say_failure(t, rc);
    }
    t->trace_follow = true;
    t->program_follow = true;
    t->console_back = 0;
    t->at_time = false;
}

static void end_reached(struct tui *t);
static bool ask_before_step(struct tui *t);

static void stop_busy(struct tui *t)
{
    if (t->busy == TUI_BUSY_SEARCH) {
        tui_search_finish(&t->search);
    }
    t->busy = TUI_BUSY_NONE;
}

static void step(struct tui *t, int dir)
{
    struct tui_model *m = t->model;
    stop_busy(t);
    if (dir < 0 && m->pos == 0) {
        tui_say(t, false, "at the start: nothing has run yet");
        return;
    }
    if (dir > 0 && tui_model_at_end(m)) {
        end_reached(t);
        return;
    }
    if (dir > 0 && ask_before_step(t)) {
        return;
    }
    tui_go(t, dir > 0 ? m->pos + 1 : m->pos - 1);
    if (dir > 0 && tui_model_at_end(m)) {
        end_reached(t);
    }
}

static const char *const mark_words[TUI_MARK_KIND_COUNT] = {
    [TUI_MARK_PHASE] = "phase change",
    [TUI_MARK_ITERATION] = "iteration",
    [TUI_MARK_TIME] = "clock change",
};

/* ] [ } {: the next or previous place where the phase or the iteration changes. */
static void jump(struct tui *t, enum tui_mark_kind kind, int dir)
{
    struct tui_model *m = t->model;
    stop_busy(t);
    uint64_t at;
    int rc = tui_model_find_mark(m, kind, m->pos, dir, &at);
    if (rc < 0) {
        say_failure(t, rc);
    } else if (rc > 0) {
        tui_go(t, at);
    } else if (dir < 0 && m->pos > 0) {
        tui_go(t, 0);
    } else {
        tui_say(t, false, "no %s %s", dir > 0 ? "later" : "earlier", mark_words[kind]);
    }
}

/* ---- Predict mode ------------------------------------------------------------------------ */

static const char question[] = "Which callback runs next? pick it in the queues pane "
                               "(\u2191\u2193, Enter; Esc skips)";

/* Could event ev be a question? Its loop before it says for sure (tui_predict_askable). */
static bool might_ask(const struct tui *t, const struct sim_event *ev)
{
    return ev->kind == SIM_EVENT_CALLBACK && tui_queues_lists(sim_reason_queue(ev->reason)) &&
           tui_predict_guess(&t->predict, ev->seq) == NULL;
}

/*
 * The first event in (from, to] that predict mode asks about and that has no guess yet, or 0.
 * Looking at one moves the cursor to the event before it (without the panes following).
 */
static uint64_t next_question(struct tui *t, uint64_t from, uint64_t to)
{
    struct tui_model *m = t->model;
    if (tui_model_discover(m, to) < 0) {
        return 0;
    }
    to = to < m->known ? to : m->known;
    for (uint64_t first = from + 1; first <= to;) {
        size_t got;
        uint64_t left = to - first + 1;
        const struct tui_event *w = tui_model_window(m, first, left < PREDICT_CHUNK ? left
                                                                                    : PREDICT_CHUNK,
                                                     &got);
        if (w == NULL || got == 0) {
            return 0;
        }
        for (size_t i = 0; i < got; i++) {
            const struct sim_event *ev = &w[i].ev;
            if (might_ask(t, ev) && tui_model_seek(m, ev->seq - 1) == 0 &&
                tui_predict_askable(m->loop, ev)) {
                return ev->seq;
            }
        }
        first += got;
    }
    return 0;
}

/*
 * Opens the question about event seq, the cursor just before it. Play or a run stops there, and
 * does not go on by itself after the answer: the verdict stays on the screen to be read.
 */
static void ask(struct tui *t, uint64_t seq)
{
    struct tui_predict *p = &t->predict;
    tui_go(t, seq - 1);
    t->busy = TUI_BUSY_NONE;
    if (p->asking && p->ask_seq == seq) {
        return; /* asked again (p or r while it is open): the pick so far stays */
    }
    p->asking = true;
    p->ask_seq = seq;
    p->pick = 0;
    p->focus_before = t->focus;
    t->focus = TUI_PANE_QUEUES;
    t->tab = TUI_PANE_QUEUES;
    t->queues_top = 0;
}

static void close_question(struct tui *t)
{
    struct tui_predict *p = &t->predict;
    if (p->asking) {
        p->asking = false;
        t->focus = p->focus_before;
        t->tab = p->focus_before;
    }
}

/* After a key: a question the cursor has left (b, g...) is closed, to be asked again later. */
static void predict_settle(struct tui *t)
{
    struct tui_predict *p = &t->predict;
    if (p->asking && (!p->on || t->model->pos + 1 != p->ask_seq)) {
        close_question(t);
    }
}

/*
 * Space in predict mode: when the next event is a callback to ask about, the question opens
 * instead of the step. Returns true when it did.
 */
static bool ask_before_step(struct tui *t)
{
    struct tui_model *m = t->model;
    uint64_t seq = t->predict.on ? next_question(t, m->pos, m->pos + 1) : 0;
    if (seq != 0) {
        ask(t, seq);
    }
    return seq != 0;
}

/* Enter (or Esc, `skip`): records the guess, shows the callback that ran, and goes on. */
static void answer(struct tui *t, bool skip)
{
    struct tui_predict *p = &t->predict;
    struct tui_model *m = t->model;
    struct tui_guess g = {p->ask_seq, TUI_VERDICT_SKIPPED, SIM_QUEUE_COUNT, "", SIM_QUEUE_COUNT,
                          ""};
    struct sim_item item;
    if (!skip && tui_queues_row(t, p->pick, &g.picked_queue, &item)) {
        snprintf(g.picked, sizeof g.picked, "%s", item.label);
    }
    close_question(t);
    tui_go(t, g.seq);
    if (m->pos != g.seq || m->cur.ev.label == NULL) {
        return; /* the engine failed: tui_go said so */
    }
    const struct sim_event *ev = &m->cur.ev;
    g.ran_queue = sim_reason_queue(ev->reason);
    snprintf(g.ran, sizeof g.ran, "%s", ev->label);
    if (g.picked_queue != SIM_QUEUE_COUNT) {
        bool same = g.picked_queue == g.ran_queue && tui_predict_same_label(g.picked, ev->label);
        g.verdict = same ? TUI_VERDICT_RIGHT : TUI_VERDICT_WRONG;
    }
    if (tui_predict_record(p, &g) < 0) {
        say_failure(t, -SIM_ENOMEM);
        return;
    }
    if (tui_model_at_end(m)) {
        end_reached(t);
    }
}

/* The keys of an open question: the arrows pick, Enter answers, Esc skips. */
static bool question_key(struct tui *t, int key)
{
    switch (key) {
    case TUI_KEY_ENTER:
        answer(t, false);
        return true;
    case TUI_KEY_ESCAPE:
        answer(t, true);
        return true;
    case ' ':
    case 'n':
        tui_say(t, false, "%s", question);
        return true;
    }
    return tui_scroll_key(key, &t->predict.pick, tui_queues_rows(t), 1);
}

void tui_predict_toggle(struct tui *t)
{
    struct tui_predict *p = &t->predict;
    p->on = !p->on;
    if (!p->on) {
        close_question(t);
        tui_say(t, false, "predict mode off: %zu of %zu right so far (P turns it on again)",
                p->tally[TUI_VERDICT_RIGHT], p->count);
        return;
    }
    tui_say(t, false, "predict mode: before each callback runs, space asks you to pick it in "
                      "the queues pane");
}

bool tui_predict_verdict(const struct tui *t, char *buf, size_t size)
{
    const struct tui_model *m = t->model;
    const struct tui_guess *g = m->pos > 0 ? tui_predict_guess(&t->predict, m->pos) : NULL;
    if (!t->predict.on || g == NULL) {
        return false;
    }
    char why[1024];
    tui_why_text(&m->cur.ev, why, sizeof why);
    tui_predict_verdict_text(g, why, buf, size);
    return true;
}

const char *tui_predict_question(const struct tui *t)
{
    return t->predict.asking ? question : NULL;
}

/* The run is at its end: how it ended, and in predict mode the tally of the guesses. */
static void end_reached(struct tui *t)
{
    say_end(t);
    if (t->predict.on) {
        tui_open_page(t, TUI_PAGE_TALLY);
    }
}

/* ---- Timed work -------------------------------------------------------------------------- */

int tui_wait_ms(const struct tui *t)
{
    switch (t->busy) {
    case TUI_BUSY_NONE:
        return -1;
    case TUI_BUSY_PLAY: {
        int every = 1000 / play_speeds[t->speed];
        return every > FRAME_MS ? every : FRAME_MS;
    }
    case TUI_BUSY_RUN:
    case TUI_BUSY_SEARCH:
        return 0;
    }
    return -1;
}

static void play_tick(struct tui *t)
{
    struct tui_model *m = t->model;
    int per_frame = play_speeds[t->speed] * FRAME_MS / 1000;
    uint64_t before = m->pos;
    uint64_t target = m->pos + (uint64_t)(per_frame > 1 ? per_frame : 1);
    uint64_t seq = t->predict.on ? next_question(t, before, target) : 0;
    if (seq != 0) {
        ask(t, seq);
        return;
    }
    tui_go(t, target);
    if (m->pos == before || tui_model_at_end(m)) {
        t->busy = TUI_BUSY_NONE;
        end_reached(t);
    }
}

/* r in predict mode: on to the next question, a slice of events at a time, or to the end. */
static void predict_run_tick(struct tui *t)
{
    struct tui_model *m = t->model;
    uint64_t to = m->pos + WORK_SLICE;
    uint64_t seq = next_question(t, m->pos, to);
    if (seq != 0) {
        ask(t, seq);
        return;
    }
    tui_go(t, to);
    if (m->error != 0 || tui_model_at_end(m)) {
        t->busy = TUI_BUSY_NONE;
        end_reached(t);
        return;
    }
    tui_say(t, false, "running to the next question... event %llu (any key stops)",
            (unsigned long long)m->pos);
}

static void run_tick(struct tui *t)
{
    struct tui_model *m = t->model;
    if (t->predict.on) {
        predict_run_tick(t);
        return;
    }
    int rc = tui_model_discover(m, m->known + WORK_SLICE);
    if (rc < 0 || m->ended) {
        t->busy = TUI_BUSY_NONE;
        tui_go(t, m->known);
        end_reached(t);
        return;
    }
    tui_say(t, false, "running... %llu events so far (any key stops)",
            (unsigned long long)m->known);
}

static void search_tick(struct tui *t)
{
    uint64_t found;
    int rc = tui_search_step(t->model, &t->search, WORK_SLICE, &found);
    if (rc == TUI_SEARCH_MORE) {
        tui_say(t, false, "searching for \"%s\"... event %llu (any key stops)", t->search.needle,
                (unsigned long long)t->search.next);
        return;
    }
    bool wrapped = t->search.wrapped;
    stop_busy(t);
    if (rc == TUI_SEARCH_FOUND) {
        tui_go(t, found);
        tui_say(t, false, "\"%s\" at event %llu%s", t->last_search, (unsigned long long)found,
                wrapped ? " (from the start again)" : "");
    } else if (rc == TUI_SEARCH_NONE) {
        tui_say(t, true, "\"%s\" is in no event", t->last_search);
    } else {
        say_failure(t, rc);
    }
}

void tui_tick(struct tui *t)
{
    switch (t->busy) {
    case TUI_BUSY_NONE:
        break;
    case TUI_BUSY_PLAY:
        play_tick(t);
        break;
    case TUI_BUSY_RUN:
        run_tick(t);
        break;
    case TUI_BUSY_SEARCH:
        search_tick(t);
        break;
    }
}

/* p: play from here, or from the start again when at the end. */
static void toggle_play(struct tui *t)
{
    if (t->busy == TUI_BUSY_PLAY) {
        t->busy = TUI_BUSY_NONE;
        tui_say(t, false, "paused at event %llu", (unsigned long long)t->model->pos);
        return;
    }
    stop_busy(t);
    if (tui_model_at_end(t->model)) {
        tui_go(t, 0);
    }
    t->busy = TUI_BUSY_PLAY;
    t->message[0] = '\0';
}

static void change_speed(struct tui *t, int by)
{
    int s = t->speed + by;
    t->speed = s < 0 ? 0 : s >= PLAY_SPEED_COUNT ? PLAY_SPEED_COUNT - 1 : s;
    tui_say(t, false, "play speed: %d events a second", play_speeds[t->speed]);
}

/* ---- Prompts ----------------------------------------------------------------------------- */

int tui_parse_goto(const char *s, uint64_t *pos, uint64_t *ns)
{
    while (*s == ' ') {
        s++;
    }
    if (strcmp(s, "end") == 0 || strcmp(s, "$") == 0) {
        *pos = UINT64_MAX;
        return 1;
    }
    if (*s < '0' || *s > '9') {
        return 0;
    }
    char *end;
    double v = strtod(s, &end);
    const char *unit = end;
    while (*unit == ' ') {
        unit++;
    }
    if (*unit == '\0' && strspn(s, "0123456789") == (size_t)(end - s)) {
        *pos = strtoull(s, NULL, 10);
        return 1;
    }
    double scale = strcmp(unit, "ms") == 0 ? 1e6 : strcmp(unit, "s") == 0 ? 1e9 : 0;
    if (scale == 0 || !isfinite(v) || v < 0 || v * scale > (double)SIM_MAX_DURATION_MS * 1e6) {
        return 0;
    }
    *ns = (uint64_t)llround(v * scale);
    return 2;
}

/* What the loop does between the cursor's event and the next one, which is later. */
static const char *between_events(const struct tui *t)
{
    const struct tui_model *m = t->model;
    if (m->pos > 0 && m->cur.ev.kind == SIM_EVENT_POLL_WAIT) {
        return "the loop sleeps in poll";
    }
    if (m->pos > 0 && m->cur.ev.kind == SIM_EVENT_BLOCK) {
        return "synchronous work holds the loop";
    }
    struct sim_state st;
    sim_loop_state(m->loop, &st);
    return st.in_callback ? "a callback runs" : "nothing happens";
}

/* Goes to the loop at virtual time ns: its last event at or before ns. */
static enum tui_goto_result goto_time(struct tui *t, uint64_t ns)
{
    struct tui_model *m = t->model;
    uint64_t pos;
    int rc = tui_model_find_time(m, ns, &pos);
    if (rc < 0) {
        say_failure(t, rc);
        return TUI_GOTO_FAILED;
    }
    tui_go(t, pos);
    char want[UI_FMT_SIZE];
    char last[UI_FMT_SIZE];
    tui_fmt_ms(want, ns);
    tui_fmt_ms(last, pos > 0 ? m->cur.ev.time_ns : 0);
    if (rc == 0) {
        tui_say(t, true, "the run ended at %s ms (event %llu), before %s ms", last,
                (unsigned long long)pos, want);
        return TUI_GOTO_PAST_END;
    }
    t->at_time = true;
    t->at_ns = ns;
    uint64_t next_ns = tui_model_mark_value(m, TUI_MARK_TIME, pos + 1);
    if (pos < m->known && next_ns > ns && (pos == 0 || m->cur.ev.time_ns < ns)) {
        char next[UI_FMT_SIZE];
        tui_fmt_ms(next, next_ns);
        tui_say(t, false, "%s ms: %s between event %llu (%s ms) and %llu (%s ms)", want,
                between_events(t), (unsigned long long)pos, last, (unsigned long long)pos + 1,
                next);
    }
    return TUI_GOTO_DONE;
}

enum tui_goto_result tui_goto(struct tui *t, const char *where)
{
    uint64_t pos = 0;
    uint64_t ns = 0;
    switch (tui_parse_goto(where, &pos, &ns)) {
    case 1:
        tui_go(t, pos);
        if (t->model->error != 0) {
            return TUI_GOTO_FAILED;
        }
        if (pos != UINT64_MAX && t->model->pos < pos) {
            tui_say(t, true, "the run has %llu events", (unsigned long long)t->model->known);
            return TUI_GOTO_PAST_END;
        }
        return TUI_GOTO_DONE;
    case 2:
        return goto_time(t, ns);
    default:
        tui_say(t, true, "\"%s\" is not an event number, a time such as 12.5ms, or end", where);
        return TUI_GOTO_UNKNOWN;
    }
}

static void submit_search(struct tui *t)
{
    if (t->input_len > 0) {
        snprintf(t->last_search, sizeof t->last_search, "%s", t->input);
    }
    if (t->last_search[0] == '\0') {
        return;
    }
    stop_busy(t);
    tui_search_begin(&t->search, t->last_search, t->model->pos);
    t->busy = TUI_BUSY_SEARCH;
    search_tick(t); /* a short run is searched at once */
}

/* Drops the last UTF-8 character of the input. */
static void input_backspace(struct tui *t)
{
    while (t->input_len > 0 && ((unsigned char)t->input[--t->input_len] & 0xC0) == 0x80) {
    }
    t->input[t->input_len] = '\0';
}

static void input_append(struct tui *t, int key)
{
    static const unsigned char lead[] = {0, 0x00, 0xC0, 0xE0, 0xF0};
    char utf8[4];
    size_t n = key < 0x80 ? 1 : key < 0x800 ? 2 : key < 0x10000 ? 3 : 4;
    for (size_t i = n - 1; i > 0; i--) {
        utf8[i] = (char)(0x80 | (key & 0x3F));
        key >>= 6;
    }
    utf8[0] = (char)(lead[n] | key);
    if (t->input_len + n < sizeof t->input) {
        memcpy(t->input + t->input_len, utf8, n);
        t->input_len += n;
        t->input[t->input_len] = '\0';
    }
}

static void open_prompt(struct tui *t, enum tui_prompt prompt)
{
    stop_busy(t);
    t->prompt = prompt;
    t->input_len = 0;
    t->input[0] = '\0';
}

static void prompt_key(struct tui *t, int key)
{
    if (key == TUI_KEY_ESCAPE) {
        t->prompt = TUI_PROMPT_NONE;
    } else if (key == TUI_KEY_ENTER) {
        enum tui_prompt prompt = t->prompt;
        t->prompt = TUI_PROMPT_NONE;
        if (prompt == TUI_PROMPT_GOTO) {
            tui_goto(t, t->input);
        } else {
            submit_search(t);
        }
    } else if (key == TUI_KEY_BACKSPACE) {
        input_backspace(t);
    } else if (key >= 0x20 && key < 0x110000 && key != 0x7F) {
        input_append(t, key);
    }
}

/* ---- Keys -------------------------------------------------------------------------------- */

/* tab: the next pane takes the focus (and, in the compact layout, the screen). */
static void cycle_focus(struct tui *t, int dir)
{
    const enum tui_pane *order = focus_order;
    int n = (int)(sizeof focus_order / sizeof focus_order[0]);
    if (t->layout.mode == TUI_LAYOUT_COMPACT) {
        n = tui_layout_tabs(&order);
    }
    int i = 0;
    while (i < n && order[i] != t->focus) {
        i++;
    }
    i = i == n ? 0 : (i + dir + n) % n;
    t->focus = order[i];
    t->tab = order[i];
}

/*
 * x: the race at the selected event, the other way. The new model runs the choices the run made
 * before it, then this one's other alternative (the defaults after), and goes to the same event:
 * everything before it is the same.
 */
static void switch_branch(struct tui *t)
{
    size_t at;
    uint64_t seq = t->trace_sel;
    const struct sim_choice *c = tui_model_choice_at(t->model, seq, &at);
    if (c == NULL) {
        tui_say(t, false, "x runs the other branch of a race: select an event marked ~ in the "
                          "trace");
        return;
    }
    uint32_t *taken = calloc(at + 1, sizeof(*taken));
    for (size_t i = 0; taken != NULL && i < at; i++) {
        taken[i] = sim_loop_choice_at(t->model->front, i)->taken;
    }
    unsigned other = c->taken == 0 ? 1 : 0;
    struct tui_model *m = taken != NULL ? (taken[at] = other, tui_model_create_branch(
                                                                  t->prog, taken, at + 1))
                                        : NULL;
    free(taken);
    if (m == NULL) {
        say_failure(t, -SIM_ENOMEM);
        return;
    }
    stop_busy(t);
    close_question(t);
    tui_model_destroy(t->model);
    t->model = m;
    tui_predict_forget_from(&t->predict, seq + 1); /* the other branch runs other callbacks */
    tui_go(t, seq);
    char sentence[200];
    sim_choice_sentence(sim_loop_choice_at(m->front, at), other, sentence, sizeof sentence);
    tui_say(t, false, "the other branch: %s", sentence);
}

/* s: back to the picker, when the stepper was started from it. */
static void back_to_picker(struct tui *t)
{
    if (!t->from_picker) {
        tui_say(t, false, "s goes back to the list of scenarios when loopsim starts with it "
                          "(no SCENARIO)");
        return;
    }
    t->back_to_picker = true;
    t->quit = true;
}

/* The keys that work whatever pane has the focus. */
static bool global_key(struct tui *t, int key)
{
    switch (key) {
    case ' ':
    case 'n':
        step(t, 1);
        return true;
    case 'b':
        step(t, -1);
        return true;
    case ']':
    case '[':
        jump(t, TUI_MARK_PHASE, key == ']' ? 1 : -1);
        return true;
    case '}':
    case '{':
        jump(t, TUI_MARK_ITERATION, key == '}' ? 1 : -1);
        return true;
    case 'g':
        open_prompt(t, TUI_PROMPT_GOTO);
        return true;
    case '/':
        open_prompt(t, TUI_PROMPT_SEARCH);
        return true;
    case 'r':
        stop_busy(t);
        t->busy = TUI_BUSY_RUN;
        run_tick(t);
        return true;
    case 'p':
        toggle_play(t);
        return true;
    case '+':
    case '=':
        change_speed(t, 1);
        return true;
    case '-':
    case '_':
    case 0x2212: /* − */
        change_speed(t, -1);
        return true;
    case '?':
        tui_open_page(t, TUI_PAGE_HELP);
        return true;
    case 'i':
        tui_open_page(t, TUI_PAGE_EVENT);
        return true;
    case 'd':
        tui_open_page(t, TUI_PAGE_ABOUT);
        return true;
    case 'x':
        switch_branch(t);
        return true;
    case 'P':
        tui_predict_toggle(t);
        return true;
    case 's':
        back_to_picker(t);
        return true;
    case 'q':
        t->quit = true;
        return true;
    case TUI_KEY_TAB:
    case TUI_KEY_BACKTAB:
        cycle_focus(t, key == TUI_KEY_TAB ? 1 : -1);
        return true;
    case TUI_KEY_ESCAPE:
        stop_busy(t);
        return true;
    }
    return false;
}

void tui_key(struct tui *t, int key)
{
    if (key == TUI_KEY_NONE || key == TUI_KEY_RESIZE) {
        return; /* the next tui_draw lays the screen out again */
    }
    if (key == TUI_KEY_SIGNAL || (key == 'q' && t->prompt == TUI_PROMPT_NONE)) {
        t->quit = true;
        return;
    }
    t->message[0] = '\0';
    if (t->busy == TUI_BUSY_RUN || t->busy == TUI_BUSY_SEARCH) {
        bool run = t->busy == TUI_BUSY_RUN;
        stop_busy(t);
        if (run) {
            tui_go(t, t->model->known);
        }
        tui_say(t, false, "stopped at event %llu", (unsigned long long)t->model->pos);
        return;
    }
    if (t->prompt != TUI_PROMPT_NONE) {
        prompt_key(t, key);
    } else if (t->page_kind != TUI_PAGE_NONE) {
        if (!tui_page_key(&t->page, key)) {
            tui_close_page(t);
        }
    } else if (t->predict.asking && question_key(t, key)) {
        /* the question took it */
    } else if (!global_key(t, key)) {
        const struct tui_view *v = tui_view_of(t->focus);
        if (v->key != NULL) {
            v->key(t, key);
        }
    }
    predict_settle(t);
}

/* ---- Drawing ----------------------------------------------------------------------------- */

int tui_draw(struct tui *t, int cols, int rows)
{
    struct tui_layout_want want = {(int)t->prog->config.threadpool_size, t->tab};
    tui_layout_compute(&t->layout, cols, rows, &want);
    if (tui_grid_resize(&t->grid, t->layout.cols, t->layout.rows) < 0) {
        return -1;
    }
    if (t->layout.mode == TUI_LAYOUT_TOO_SMALL) {
        tui_draw_too_small(&t->grid);
        return 0;
    }
    if (t->page_kind != TUI_PAGE_NONE) {
        tui_page_draw(&t->page, &t->grid, (struct tui_rect){0, 0, cols, rows}, true);
        return 0;
    }
    if (t->layout.mode == TUI_LAYOUT_COMPACT) {
        t->focus = t->tab;
    }
    /* What several views show, gathered once. */
    sim_loop_state(t->model->loop, &t->st);
    t->worker_count = sim_loop_workers(t->model->loop, t->workers, t->worker_cap);
    for (int p = 0; p < TUI_PANE_COUNT; p++) {
        if (tui_layout_shows(&t->layout, (enum tui_pane)p)) {
            views[p]->draw(t, t->layout.pane[p]);
        }
    }
    if (t->layout.divider >= 0) {
        struct tui_rect line = {t->layout.divider, 1, 1, rows - 2};
        tui_grid_fill(&t->grid, line, TUI_CH_VLINE, TUI_STYLE_DIM);
    }
    return 0;
}
