/*
 * test_tui_screen.c - the TUI's screens, continued from test_tui.c: what the views draw, read
 * back as text, after keys (step, back, go to, play, help, pages, the picker).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "test_tui.h"
#include "test_util.h"
#include "tui.h"
#include "tui_layout.h"
#include "tui_model.h"
#include "tui_picker.h"

#define MAIN(body) "{'loopsim':1,'name':'t','main':[" body "]}"

/* ---- The stepper's screen ---------------------------------------------------------------- */

struct stepper {
    struct sim_program *prog;
    struct tui t;
    char row[1024];
};

static void stepper_open(struct stepper *s, const char *builtin)
{
    s->prog = tu_load_builtin(builtin);
    ck_assert_int_eq(tui_init(&s->t, builtin, s->prog), 0);
}

static void stepper_close(struct stepper *s)
{
    tui_finish(&s->t);
    sim_program_destroy(s->prog);
}

static void keys(struct stepper *s, const char *k)
{
    for (; *k != '\0'; k++) {
        tui_key(&s->t, *k == '\n' ? TUI_KEY_ENTER : *k);
    }
}

/* The first row of the screen holding `text`, or -1. */
static int row_with(struct stepper *s, const char *text)
{
    for (int y = 0; y < s->t.grid.rows; y++) {
        tui_grid_row_text(&s->t.grid, y, s->row, sizeof s->row);
        if (strstr(s->row, text) != NULL) {
            return y;
        }
    }
    return -1;
}

/*
 * Whether two screens of n cells hold the same cells, field by field: memcmp would also compare
 * the padding after `style`, which nothing sets (valgrind: uninitialised bytes from malloc).
 */
static bool same_cells(const struct tui_cell *a, const struct tui_cell *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i].ch != b[i].ch || a[i].style != b[i].style) {
            return false;
        }
    }
    return true;
}

START_TEST(screen_b_brings_back_the_same_screen)
{
    static const int sizes[][2] = {{120, 40}, {80, 24}, {60, 20}};
    for (size_t k = 0; k < 3; k++) {
        struct stepper s;
        stepper_open(&s, "default");
        int cols = sizes[k][0];
        int rows = sizes[k][1];
        for (int i = 0; i < 26; i++) {
            keys(&s, " ");
        }
        ck_assert_int_eq(tui_draw(&s.t, cols, rows), 0);
        size_t n = (size_t)cols * (size_t)rows;
        struct tui_cell *before = malloc(n * sizeof(*before));
        memcpy(before, s.t.grid.cells, n * sizeof(*before));
        keys(&s, "n");
        ck_assert_int_eq(tui_draw(&s.t, cols, rows), 0);
        ck_assert(!same_cells(before, s.t.grid.cells, n));
        keys(&s, "b");
        ck_assert_int_eq(tui_draw(&s.t, cols, rows), 0);
        ck_assert_msg(same_cells(before, s.t.grid.cells, n), "%dx%d differs after b", cols, rows);
        free(before);
        stepper_close(&s);
    }
}
END_TEST

START_TEST(screen_highlights_the_phase_of_the_last_event)
{
    struct stepper s;
    stepper_open(&s, "default");
    uint64_t at;
    /* The first event in the check phase. */
    while (s.t.model->pos == 0 || s.t.model->cur.ev.phase != SIM_PHASE_CHECK) {
        ck_assert_int_eq(tui_model_find_mark(s.t.model, TUI_MARK_PHASE, s.t.model->pos, 1, &at),
                         1);
        tui_go(&s.t, at);
    }
    ck_assert_int_eq(tui_draw(&s.t, 80, 24), 0);
    int y = row_with(&s, "\u25b6 check");
    ck_assert_int_ge(y, 0);
    ck_assert_int_eq(tui_grid_style_at(&s.t.grid, 3, y), TUI_STYLE_PHASE);
    ck_assert_int_lt(row_with(&s, "\u25b6 poll"), 0);
    ck_assert_int_ge(row_with(&s, "poll: fs.readFile is done"), 0);           /* console */
    /* The phase event comes before its first callback: nothing runs yet... */
    ck_assert_int_lt(row_with(&s, "in immediate from readFile"), 0);
    /* ...and the next event starts it. */
    tui_go(&s.t, s.t.model->pos + 1);
    ck_assert_int_eq(tui_draw(&s.t, 80, 24), 0);
    ck_assert_int_eq(s.t.model->cur.ev.kind, SIM_EVENT_CALLBACK);
    ck_assert_int_ge(row_with(&s, "in immediate from readFile"), 0);          /* program */
    stepper_close(&s);
}
END_TEST

START_TEST(screen_shows_queues_workers_and_clock)
{
    struct stepper s;
    stepper_open(&s, "default");
    for (int i = 0; i < 15; i++) {
        keys(&s, " ");
    }
    ck_assert_int_eq(tui_draw(&s.t, 120, 40), 0);
    ck_assert_int_ge(row_with(&s, "event 15 of"), 0);
    ck_assert_int_ge(row_with(&s, "\u25b6 poll"), 0);
    ck_assert_int_ge(row_with(&s, "timer 200 ms"), 0);
    ck_assert_int_ge(row_with(&s, "due 202 ms \u00b7 ref"), 0); /* after the first log's 2.5 ms */
    ck_assert_int_ge(row_with(&s, "readFile"), 0);
    int lane = row_with(&s, "0.14/2 ms"); /* started at 2.5 ms, 0.14 ms ago */
    ck_assert_int_ge(lane, 0);
    ck_assert_ptr_nonnull(strstr(s.row, "  1 \u2588\u2591"));
    ck_assert_ptr_nonnull(strstr(s.row, "readFile (open)"));
    ck_assert_int_ge(row_with(&s, "iteration 1 \u00b7 2.64 ms"), 0);
    ck_assert_int_ge(row_with(&s, "promise: runs once the nextTick queue is empty"), 0);
    stepper_close(&s);
}
END_TEST

START_TEST(keys_move_the_cursor)
{
    struct stepper s;
    stepper_open(&s, "default");
    struct tui_model *m = s.t.model;
    keys(&s, "]");
    ck_assert_uint_eq(m->pos, 1);
    keys(&s, "]");
    ck_assert_int_ne(m->cur.ev.phase, SIM_PHASE_MAIN);
    keys(&s, "[");
    ck_assert_uint_eq(m->pos, 1);
    keys(&s, "}");
    ck_assert_uint_eq(m->cur.ev.iteration, 1);
    keys(&s, "g30\n");
    ck_assert_uint_eq(m->pos, 30);
    keys(&s, "g8ms\n");
    ck_assert_uint_le(m->cur.ev.time_ns, 8000000); /* the last event at or before 8 ms */
    ck_assert_uint_gt(tui_model_mark_value(m, TUI_MARK_TIME, m->pos + 1), 8000000);
    keys(&s, "g0\n/connection\n");
    ck_assert_str_eq(m->cur.ev.label, "connection");
    uint64_t first = m->pos;
    keys(&s, "/\n");
    ck_assert_uint_gt(m->pos, first);
    keys(&s, "r");
    ck_assert(tui_model_at_end(m));
    ck_assert_ptr_nonnull(strstr(s.t.message, "exited with code 0"));
    keys(&s, "b");
    ck_assert_uint_eq(m->pos, m->known - 1);
    keys(&s, "gend\n");
    ck_assert(tui_model_at_end(m));
    keys(&s, "gsoon\n");
    ck_assert(s.t.message_warn);
    keys(&s, "q");
    ck_assert(s.t.quit);
    stepper_close(&s);
}
END_TEST

START_TEST(keys_play_and_pause)
{
    struct stepper s;
    stepper_open(&s, "default");
    keys(&s, "p");
    ck_assert_int_eq(s.t.busy, TUI_BUSY_PLAY);
    ck_assert_int_gt(tui_wait_ms(&s.t), 0);
    tui_tick(&s.t);
    tui_tick(&s.t);
    ck_assert_uint_eq(s.t.model->pos, 2);
    keys(&s, "+++++++++++++");
    tui_tick(&s.t);
    ck_assert_uint_gt(s.t.model->pos, 2);
    for (int i = 0; i < 100 && s.t.busy == TUI_BUSY_PLAY; i++) {
        tui_tick(&s.t);
    }
    ck_assert_int_eq(s.t.busy, TUI_BUSY_NONE); /* it stops at the end */
    ck_assert(tui_model_at_end(s.t.model));
    keys(&s, "p");
    ck_assert_int_eq(s.t.busy, TUI_BUSY_PLAY); /* from the start again */
    ck_assert_uint_eq(s.t.model->pos, 0);
    keys(&s, "p");
    ck_assert_int_eq(s.t.busy, TUI_BUSY_NONE);
    ck_assert_int_lt(tui_wait_ms(&s.t), 0);
    stepper_close(&s);
}
END_TEST

START_TEST(screen_too_small_says_so)
{
    struct stepper s;
    stepper_open(&s, "default");
    ck_assert_int_eq(tui_draw(&s.t, 39, 11), 0);
    ck_assert_int_ge(row_with(&s, "loopsim needs 40x12"), 0);
    ck_assert_int_ge(row_with(&s, "this is 39x11"), 0);
    ck_assert_int_eq(tui_draw(&s.t, 40, 12), 0);
    ck_assert_int_lt(row_with(&s, "loopsim needs"), 0);
    ck_assert_int_ge(row_with(&s, "q quit"), 0);
    stepper_close(&s);
}
END_TEST

START_TEST(screen_help_lists_every_key)
{
    struct stepper s;
    stepper_open(&s, "default");
    keys(&s, "?");
    ck_assert_int_eq(tui_draw(&s.t, 100, 40), 0);
    for (size_t i = 0; i < tui_key_help_count; i++) {
        ck_assert_msg(row_with(&s, tui_key_help[i].keys) >= 0, "%s", tui_key_help[i].keys);
    }
    keys(&s, "x");
    ck_assert_int_eq(s.t.page_kind, TUI_PAGE_NONE);
    stepper_close(&s);
}
END_TEST

START_TEST(goto_parses_events_and_times)
{
    uint64_t pos = 0;
    uint64_t ns = 0;
    ck_assert_int_eq(tui_parse_goto("120", &pos, &ns), 1);
    ck_assert_uint_eq(pos, 120);
    ck_assert_int_eq(tui_parse_goto(" 12.5ms", &pos, &ns), 2);
    ck_assert_uint_eq(ns, 12500000);
    ck_assert_int_eq(tui_parse_goto("3 ms", &pos, &ns), 2);
    ck_assert_uint_eq(ns, 3000000);
    ck_assert_int_eq(tui_parse_goto("2s", &pos, &ns), 2);
    ck_assert_uint_eq(ns, 2000000000);
    ck_assert_int_eq(tui_parse_goto("end", &pos, &ns), 1);
    ck_assert_uint_eq(pos, UINT64_MAX);
    ck_assert_int_eq(tui_parse_goto("12.5", &pos, &ns), 0);
    ck_assert_int_eq(tui_parse_goto("ten", &pos, &ns), 0);
    ck_assert_int_eq(tui_parse_goto("", &pos, &ns), 0);
    ck_assert_int_eq(tui_parse_goto("5 h", &pos, &ns), 0);
}
END_TEST

START_TEST(picker_offers_the_default_first)
{
    struct tui_picker p;
    ck_assert_int_eq(tui_picker_init(&p), 0);
    ck_assert_uint_eq(p.count, ui_builtin_count);
    ck_assert_str_eq(p.items[0].name, "default");
    ck_assert_int_eq(tui_picker_draw(&p, 80, 24), 0);
    char row[512];
    tui_grid_row_text(&p.grid, 1, row, sizeof row);
    ck_assert_ptr_nonnull(strstr(row, "\u25b6 default"));
    tui_picker_key(&p, TUI_KEY_DOWN);
    tui_picker_key(&p, TUI_KEY_ENTER);
    ck_assert(p.chosen);
    ck_assert_uint_eq(p.sel, 1);
    tui_picker_finish(&p);
}
END_TEST

/* ---- Pages: what a pane cuts, a page shows whole ------------------------------------------ */

/* Every row of the open page from top to bottom, scrolling with PgDn, joined by spaces. */
static char *page_text(struct stepper *s, int cols, int rows)
{
    size_t cap = 65536;
    char *all = calloc(cap, 1);
    size_t len = 0;
    size_t last_top = SIZE_MAX;
    for (int guard = 0; guard < 200; guard++) {
        ck_assert_int_eq(tui_draw(&s->t, cols, rows), 0);
        if (s->t.page.top == last_top) {
            break;
        }
        last_top = s->t.page.top;
        /* The body rows only: not the title bar, the blank row under it, nor the hint. */
        for (int y = 2; y < rows - 1; y++) {
            tui_grid_row_text(&s->t.grid, y, s->row, sizeof s->row);
            len += (size_t)snprintf(all + len, cap - len, " %s", s->row);
        }
        tui_key(&s->t, TUI_KEY_PAGE_DOWN);
    }
    /* One space for any run of blanks: wrapping and the key column only add blanks. */
    size_t out = 0;
    for (size_t i = 0; i < len; i++) {
        if (all[i] != ' ' || (out > 0 && all[out - 1] != ' ')) {
            all[out++] = all[i];
        }
    }
    all[out] = '\0';
    return all;
}

/* Does `hay` hold `needle` with its blanks collapsed like page_text's? */
static bool holds_words(const char *hay, const char *needle)
{
    char flat[4096];
    size_t n = 0;
    for (size_t i = 0; needle[i] != '\0' && n + 1 < sizeof flat; i++) {
        bool blank = needle[i] == ' ' || needle[i] == '\n';
        if (!blank || (n > 0 && flat[n - 1] != ' ')) {
            flat[n++] = blank ? ' ' : needle[i];
        }
    }
    flat[n] = '\0';
    return strstr(hay, flat) != NULL;
}

START_TEST(pages_help_scrolls_to_every_key_at_80x24)
{
    struct stepper s;
    stepper_open(&s, "default");
    keys(&s, "?");
    ck_assert_int_eq(s.t.page_kind, TUI_PAGE_HELP);
    ck_assert_int_eq(tui_draw(&s.t, 80, 24), 0);
    ck_assert_uint_gt(s.t.page.rows, s.t.page.shown); /* it does not fit: it must scroll */
    char *all = page_text(&s, 80, 24);
    for (size_t i = 0; i < tui_key_help_count; i++) {
        ck_assert_msg(holds_words(all, tui_key_help[i].what), "help lacks: %s",
                      tui_key_help[i].what);
    }
    ck_assert_msg(holds_words(all, "i shows it whole."), "the legend's end is cut");
    free(all);
    keys(&s, "x");
    ck_assert_int_eq(s.t.page_kind, TUI_PAGE_NONE);
    stepper_close(&s);
}
END_TEST

START_TEST(pages_event_shows_the_whole_why_of_every_event)
{
    static const char *const names[] = {"default", "esm-entry", "pool-of-4-five-jobs"};
    for (size_t k = 0; k < 3; k++) {
        struct stepper s;
        stepper_open(&s, names[k]);
        keys(&s, "r");
        uint64_t last = s.t.model->known;
        for (uint64_t pos = 1; pos <= last; pos++) {
            tui_go(&s.t, pos);
            keys(&s, "i");
            ck_assert_int_eq(s.t.page_kind, TUI_PAGE_EVENT);
            char why[2048];
            tui_why_text(&s.t.model->cur.ev, why, sizeof why);
            char *all = page_text(&s, 60, 20);
            ck_assert_msg(holds_words(all, why), "%s event %llu: the page lacks \"%s\"", names[k],
                          (unsigned long long)pos, why);
            if (s.t.model->cur.ev.label != NULL) {
                ck_assert(holds_words(all, s.t.model->cur.ev.label));
            }
            free(all);
            keys(&s, "x");
        }
        stepper_close(&s);
    }
}
END_TEST

START_TEST(pages_why_cut_in_the_trace_says_i_shows_it)
{
    struct stepper s;
    stepper_open(&s, "esm-entry");
    keys(&s, "g3\n");
    ck_assert_int_eq(tui_draw(&s.t, 80, 24), 0);
    int y = row_with(&s, "\u2026 i: all");
    ck_assert_int_ge(y, 0);
    ck_assert_int_eq(tui_grid_style_at(&s.t.grid, 79 - 3, y), TUI_STYLE_KEY);
    ck_assert_int_eq(tui_draw(&s.t, 200, 60), 0); /* wide enough for it whole: no hint */
    ck_assert_int_lt(row_with(&s, "i: all"), 0);
    stepper_close(&s);
}
END_TEST

START_TEST(pages_description_keeps_code_as_written)
{
    struct stepper s;
    stepper_open(&s, "default");
    keys(&s, "d");
    ck_assert_int_eq(s.t.page_kind, TUI_PAGE_ABOUT);
    ck_assert_int_eq(tui_draw(&s.t, 100, 60), 0);
    /* The fence's lines are gone; the code keeps its quotes, stars and spaces. */
    ck_assert_int_lt(row_with(&s, "```"), 0);
    ck_assert_int_lt(row_with(&s, "\u00b7js"), 0);
    int y = row_with(&s, "console.log('main: the script runs first, top to bottom');");
    ck_assert_int_ge(y, 0);
    ck_assert_str_eq(s.row, "    console.log('main: the script runs first, top to bottom');");
    ck_assert_int_ge(row_with(&s, "/* a client connects 100 ms later */"), 0);
    /* Inline `code` marks go outside the code: "process.nextTick, then promises." */
    ck_assert_int_ge(row_with(&s, "process.nextTick, then promises."), 0);
    ck_assert_int_lt(row_with(&s, "`process.nextTick`"), 0);
    stepper_close(&s);
}
END_TEST

START_TEST(program_pane_scrolls_sideways_to_a_cut_line)
{
    struct stepper s;
    stepper_open(&s, "default");
    keys(&s, "g29\n");
    ck_assert_int_eq(tui_draw(&s.t, 80, 24), 0);
    ck_assert_int_lt(row_with(&s, "worker-pool request"), 0); /* cut at 80 columns */
    s.t.focus = TUI_PANE_PROGRAM;
    for (int i = 0; i < 12; i++) {
        tui_key(&s.t, TUI_KEY_RIGHT);
        ck_assert_int_eq(tui_draw(&s.t, 80, 24), 0);
    }
    ck_assert_int_ge(row_with(&s, "worker-pool request"), 0);
    ck_assert_int_ge(row_with(&s, "\u2192 "), 0); /* the title says it is scrolled */
    for (int i = 0; i < 12; i++) {
        tui_key(&s.t, TUI_KEY_LEFT);
    }
    ck_assert_uint_eq(s.t.program_left, 0);
    stepper_close(&s);
}
END_TEST

/*
 * A JavaScript program: the pane shows its own text; the running statement's line is
 * highlighted and, on it, that statement's own columns (two statements share line 4).
 */
START_TEST(program_pane_marks_the_running_statement_of_a_javascript_program)
{
    static const char src[] = "console.log('a');\n"
                              "setTimeout(() => {\n"
                              "  console.log('t');\n"
                              "  console.log('u'); console.log('v');\n"
                              "}, 1);\n";
    struct stepper s;
    struct sim_diag diag;
    s.prog = sim_program_load_js(src, sizeof(src) - 1, false, NULL, &diag);
    ck_assert_ptr_nonnull(s.prog);
    ck_assert_int_eq(tui_init(&s.t, "t.js", s.prog), 0);
    /* Step to the event that logs "v": the second statement of line 4 made it. */
    while (s.t.model->pos == 0 || s.t.model->cur.ev.kind != SIM_EVENT_LOG ||
           strcmp(s.t.model->cur.ev.text, "v") != 0) {
        ck_assert_uint_lt(s.t.model->pos, 40);
        tui_go(&s.t, s.t.model->pos + 1);
    }
    ck_assert_int_eq(tui_draw(&s.t, 100, 30), 0);
    ck_assert_int_eq(s.t.st.js_line, 4);
    int y = row_with(&s, "console.log('u'); console.log('v');");
    ck_assert_int_ge(y, 0);
    /* The cells in the EXPR style: exactly `console.log('v');`, after `console.log('u'); `. */
    int from = -1, to = -1;
    for (int x = 0; x < s.t.grid.cols; x++) {
        if (tui_grid_style_at(&s.t.grid, x, y) == TUI_STYLE_EXPR) {
            from = from < 0 ? x : from;
            to = x + 1;
        }
    }
    const struct tui_cell *cells = &s.t.grid.cells[(size_t)y * (size_t)s.t.grid.cols];
    ck_assert_int_eq(to - from, 17);
    ck_assert_uint_eq(cells[from].ch, 'c');
    ck_assert_uint_eq(cells[to - 1].ch, ';');
    ck_assert_uint_eq(cells[from - 18].ch, 'c'); /* the first statement: the line's style */
    ck_assert_int_eq(tui_grid_style_at(&s.t.grid, from - 18, y), TUI_STYLE_LINE);
    ck_assert_int_eq(tui_grid_style_at(&s.t.grid, to, y), TUI_STYLE_LINE);
    stepper_close(&s);
}
END_TEST

START_TEST(back_to_the_picker_only_when_started_from_it)
{
    struct stepper s;
    stepper_open(&s, "default");
    keys(&s, "s");
    ck_assert(!s.t.quit);
    ck_assert(!s.t.back_to_picker);
    ck_assert_ptr_nonnull(strstr(s.t.message, "list of scenarios"));
    s.t.from_picker = true;
    keys(&s, "s");
    ck_assert(s.t.quit);
    ck_assert(s.t.back_to_picker);
    stepper_close(&s);
}
END_TEST

START_TEST(goto_a_time_shows_the_loop_at_that_time)
{
    struct stepper s;
    stepper_open(&s, "default");
    keys(&s, "g12.5ms\n");
    struct tui_model *m = s.t.model;
    ck_assert_uint_le(m->cur.ev.time_ns, 12500000);
    ck_assert_uint_gt(tui_model_mark_value(m, TUI_MARK_TIME, m->pos + 1), 12500000);
    ck_assert_int_eq(m->cur.ev.kind, SIM_EVENT_POLL_WAIT);
    ck_assert_int_eq(tui_draw(&s.t, 112, 34), 0);
    ck_assert_int_ge(row_with(&s, "\u00b7 12.5 ms"), 0);
    ck_assert_ptr_nonnull(strstr(s.row, "event 33 of"));
    ck_assert_ptr_nonnull(strstr(s.t.message, "the loop sleeps in poll"));
    keys(&s, "n"); /* moving on shows the events' own clock again */
    ck_assert_int_eq(tui_draw(&s.t, 112, 34), 0);
    ck_assert_int_lt(row_with(&s, "12.5 ms"), 0);
    stepper_close(&s);
}
END_TEST

START_TEST(picker_pages_and_reads_a_description_whole)
{
    struct tui_picker p;
    ck_assert_int_eq(tui_picker_init(&p), 0);
    ck_assert_int_eq(tui_picker_draw(&p, 80, 24), 0);
    size_t page = p.list_rows;
    ck_assert_uint_gt(page, 2);
    tui_picker_key(&p, TUI_KEY_PAGE_DOWN);
    ck_assert_uint_eq(p.sel, page - 1); /* a page, not a row */
    tui_picker_key(&p, TUI_KEY_PAGE_UP);
    ck_assert_uint_eq(p.sel, 0);
    tui_picker_key(&p, TUI_KEY_END);
    ck_assert_uint_eq(p.sel, p.count - 1);
    tui_picker_key(&p, TUI_KEY_HOME);
    ck_assert_int_eq(tui_picker_draw(&p, 80, 24), 0);
    char row[512];
    bool more = false;
    for (int y = 0; y < 24; y++) {
        tui_grid_row_text(&p.grid, y, row, sizeof row);
        more |= strstr(row, "d reads the whole description") != NULL;
        ck_assert_ptr_null(strstr(row, "\u00b7js"));
    }
    ck_assert(more);
    tui_picker_key(&p, 'd');
    ck_assert(p.reading);
    ck_assert_int_eq(tui_picker_draw(&p, 80, 24), 0); /* the front end draws after each key */
    tui_picker_key(&p, TUI_KEY_END);
    ck_assert_int_eq(tui_picker_draw(&p, 80, 24), 0);
    ck_assert_uint_eq(p.page.top + p.page.shown, p.page.rows); /* the last row is in sight */
    tui_picker_key(&p, 'x');
    ck_assert(!p.reading);
    ck_assert(!p.quit);
    tui_picker_finish(&p);
}
END_TEST

/* Adds the screen and pages cases to the TUI's suite. */
void tui_screen_tcases(Suite *s)
{
    TCase *screen = tcase_create("screen");
    tcase_add_test(screen, screen_b_brings_back_the_same_screen);
    tcase_add_test(screen, screen_highlights_the_phase_of_the_last_event);
    tcase_add_test(screen, screen_shows_queues_workers_and_clock);
    tcase_add_test(screen, keys_move_the_cursor);
    tcase_add_test(screen, keys_play_and_pause);
    tcase_add_test(screen, screen_too_small_says_so);
    tcase_add_test(screen, screen_help_lists_every_key);
    tcase_add_test(screen, goto_parses_events_and_times);
    tcase_add_test(screen, picker_offers_the_default_first);
    suite_add_tcase(s, screen);
    TCase *pages = tcase_create("pages");
    tcase_set_timeout(pages, 120);
    tcase_add_test(pages, pages_help_scrolls_to_every_key_at_80x24);
    tcase_add_test(pages, pages_event_shows_the_whole_why_of_every_event);
    tcase_add_test(pages, pages_why_cut_in_the_trace_says_i_shows_it);
    tcase_add_test(pages, pages_description_keeps_code_as_written);
    tcase_add_test(pages, program_pane_scrolls_sideways_to_a_cut_line);
    tcase_add_test(pages, program_pane_marks_the_running_statement_of_a_javascript_program);
    tcase_add_test(pages, back_to_the_picker_only_when_started_from_it);
    tcase_add_test(pages, goto_a_time_shows_the_loop_at_that_time);
    tcase_add_test(pages, picker_pages_and_reads_a_description_whole);
    suite_add_tcase(s, pages);
}
