/*
 * tui_view_pages.c - the pages the stepper opens over its panes (tui_page.h): the help (?),
 * the selected event in full (i), the scenario's description (d) and predict mode's tally at
 * the end of the run. What a pane has to cut to
 * fit - a long why, a note, a label - a page shows whole, wrapped, and scrolls.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tui.h"

static const char help_legend[] =
    "The loop pane lists the phases in the order libuv runs them; the highlighted one is where "
    "the last event happened. The trace's \"why\" says which rule of Node or libuv put the "
    "selected event there; i shows it whole.";

static void build_help(struct tui *t)
{
    tui_page_init(&t->page, "keys");
    for (size_t i = 0; i < tui_key_help_count; i++) {
        tui_page_add(&t->page, tui_key_help[i].keys, tui_key_help[i].what, TUI_STYLE_NORMAL);
    }
    tui_page_add(&t->page, NULL, "", TUI_STYLE_NORMAL);
    tui_page_add(&t->page, NULL, help_legend, TUI_STYLE_DIM);
}

/* Adds "key  value" to the event page; value printf-formatted. */
static void field(struct tui_page *p, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void field(struct tui_page *p, const char *key, const char *fmt, ...)
{
    char value[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(value, sizeof value, fmt, ap);
    va_end(ap);
    tui_page_add(p, key, value, TUI_STYLE_NORMAL);
}

/* The statement's first line as the program pane shows it, without its indentation. */
static void statement_field(struct tui *t, uint32_t stmt)
{
    if (stmt >= t->prog->stmt_count || t->js.stmts[stmt].first == SIM_NONE) {
        return;
    }
    uint32_t line = t->js.stmts[stmt].first;
    const char *text = render_js_text(&t->js, line);
    size_t len = t->js.lines[line].len;
    size_t indent = strspn(text, " ");
    field(&t->page, "statement", "%.*s", (int)(len - indent), text + indent);
}

static void build_event(struct tui *t, const struct sim_event *ev)
{
    char title[64];
    snprintf(title, sizeof title, "event %llu", (unsigned long long)ev->seq);
    tui_page_init(&t->page, title);
    struct tui_page *p = &t->page;
    char ms[UI_FMT_SIZE];
    ui_fmt_ms(ms, ev->time_ns);
    field(p, "time", "%s ms", ms);
    field(p, "iteration", "%llu", (unsigned long long)ev->iteration);
    field(p, "phase", "%s: %s", sim_phase_name(ev->phase), sim_phase_what(ev->phase));
    field(p, "event", "%s", sim_event_name(ev->kind));
    field(p, "label", "%s", ev->label != NULL ? ev->label : "-");
    if (ev->text != NULL) {
        field(p, "text", ev->kind == SIM_EVENT_LOG ? "\"%s\"" : "%s", ev->text);
    }
    if (ev->duration_ns != 0) {
        ui_fmt_ms(ms, ev->duration_ns);
        field(p, "takes", "%s ms", ms);
    }
    if (ev->worker != 0) {
        field(p, "worker", "%u", (unsigned)ev->worker);
    }
    statement_field(t, ev->stmt);
    field(p, "callbacks", "%llu run so far", (unsigned long long)ev->callbacks);
    char why[2048];
    tui_why_text(ev, why, sizeof why);
    field(p, "why", "%s", why);
    field(p, "reason", "%s", sim_reason_key(ev->reason));
}

/* i: the trace's selected event. False (and a message) when nothing has happened yet. */
static bool open_event(struct tui *t)
{
    uint64_t sel = t->trace_follow || t->trace_sel == 0 ? t->model->pos : t->trace_sel;
    size_t got = 0;
    const struct tui_event *e = sel > 0 ? tui_model_window(t->model, sel, 1, &got) : NULL;
    if (e == NULL || got == 0) {
        tui_say(t, false, "nothing has happened yet: space shows the first event");
        return false;
    }
    build_event(t, &e->ev);
    return true;
}

static void build_about(struct tui *t)
{
    tui_page_init(&t->page, t->prog->name);
    if (t->prog->description != NULL) {
        tui_page_add_markdown(&t->page, t->prog->description, TUI_STYLE_NORMAL);
    } else {
        tui_page_add(&t->page, NULL, "This scenario has no description.", TUI_STYLE_DIM);
    }
}

/* "event 27  you picked X (timers); Y ran (completed) — why" */
static void add_wrong_guess(struct tui *t, const struct tui_guess *g)
{
    char key[32];
    char why[1024] = "";
    char text[1400];
    size_t got = 0;
    const struct tui_event *e = tui_model_window(t->model, g->seq, 1, &got);
    if (e != NULL && got == 1) {
        tui_why_text(&e->ev, why, sizeof why);
    }
    snprintf(key, sizeof key, "event %llu", (unsigned long long)g->seq);
    snprintf(text, sizeof text, "you picked %s (%s); %s ran (%s) \u2014 %s", g->picked,
             sim_queue_name(g->picked_queue), g->ran, sim_queue_name(g->ran_queue), why);
    tui_page_add(&t->page, key, text, TUI_STYLE_NORMAL);
}

/* Predict mode at the end: "Predict mode: 7 of 9 right, 1 wrong, 1 skipped", then each wrong. */
static void build_tally(struct tui *t)
{
    const struct tui_predict *p = &t->predict;
    tui_page_init(&t->page, "predict mode");
    char line[160];
    snprintf(line, sizeof line, "Predict mode: %zu of %zu right, %zu wrong, %zu skipped",
             p->tally[TUI_VERDICT_RIGHT], p->count, p->tally[TUI_VERDICT_WRONG],
             p->tally[TUI_VERDICT_SKIPPED]);
    tui_page_add(&t->page, NULL, line, TUI_STYLE_TITLE);
    if (p->count == 0) {
        tui_page_add(&t->page, NULL, "No callback was asked about: none ran from a queue the "
                                     "queues pane listed while predict mode was on.",
                     TUI_STYLE_DIM);
    }
    if (p->tally[TUI_VERDICT_WRONG] > 0) {
        tui_page_add(&t->page, NULL, "", TUI_STYLE_NORMAL);
        tui_page_add(&t->page, NULL, "Wrong guesses:", TUI_STYLE_NORMAL);
    }
    for (size_t i = 0; i < p->count; i++) {
        if (p->guesses[i].verdict == TUI_VERDICT_WRONG) {
            add_wrong_guess(t, &p->guesses[i]);
        }
    }
    tui_page_add(&t->page, NULL, "", TUI_STYLE_NORMAL);
    tui_page_add(&t->page, NULL, "b steps back over the run; each guess stays as it was made "
                                 "and counts once.", TUI_STYLE_DIM);
}

void tui_open_page(struct tui *t, enum tui_page_kind kind)
{
    tui_close_page(t);
    switch (kind) {
    case TUI_PAGE_NONE:
        return;
    case TUI_PAGE_HELP:
        build_help(t);
        break;
    case TUI_PAGE_EVENT:
        if (!open_event(t)) {
            return;
        }
        break;
    case TUI_PAGE_ABOUT:
        build_about(t);
        break;
    case TUI_PAGE_TALLY:
        build_tally(t);
        break;
    }
    t->page_kind = kind;
}

void tui_close_page(struct tui *t)
{
    if (t->page_kind != TUI_PAGE_NONE) {
        tui_page_finish(&t->page);
        t->page_kind = TUI_PAGE_NONE;
    }
}
