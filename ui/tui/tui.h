/*
 * tui.h - the interactive stepper: its state, its keys and its views, apart from curses.
 *
 * A front end (tui_main.c, or a test) drives it with three calls: tui_draw() lays the panes out
 * for the terminal's size and draws every view into t->grid; tui_key() handles one key;
 * tui_tick() does the next piece of timed work (play, run to the end, a search) once
 * tui_wait_ms() has passed without a key. Nothing here touches the terminal, so the tests can
 * press keys and read the screen back as text.
 *
 * Each pane is a view: a draw function and, for the panes that scroll, a key function that gets
 * the arrow keys while the pane has the focus (tab moves it).
 */
#ifndef UI_TUI_H
#define UI_TUI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "render_js.h"
#include "sim.h"
#include "tui_grid.h"
#include "tui_key.h"
#include "tui_layout.h"
#include "tui_model.h"
#include "tui_page.h"
#include "tui_predict.h"

/* A line of the help screen (and of the README's key table). */
struct tui_key_help {
    const char *keys;
    const char *what;
};

extern const struct tui_key_help tui_key_help[];
extern const size_t tui_key_help_count;

/* The page over the whole screen, if any (tui_page.h); it scrolls, and any other key closes it. */
enum tui_page_kind {
    TUI_PAGE_NONE,
    TUI_PAGE_HELP,              /* ?: every key */
    TUI_PAGE_EVENT,             /* i: the selected event in full, its whole why */
    TUI_PAGE_ABOUT,             /* d: the scenario's description */
    TUI_PAGE_TALLY,             /* predict mode at the end: the guesses, right and wrong */
};

enum tui_prompt {
    TUI_PROMPT_NONE,
    TUI_PROMPT_GOTO,            /* g: an event number or a virtual time */
    TUI_PROMPT_SEARCH,          /* /: text to look for in the trace */
};

/* Timed work in progress, done a slice per tui_tick(). */
enum tui_busy {
    TUI_BUSY_NONE,
    TUI_BUSY_PLAY,              /* p: an event every so often */
    TUI_BUSY_RUN,               /* r: on to the end */
    TUI_BUSY_SEARCH,            /* /: looking through the events */
};

struct tui {
    const char *name;                   /* borrowed: the scenario as the user named it */
    const struct sim_program *prog;     /* borrowed; outlives the TUI */
    struct tui_model *model;            /* owned */
    struct render_js js;                /* owned: the program as JavaScript */
    struct tui_layout layout;
    struct tui_grid grid;               /* owned: the screen tui_draw() made */
    struct sim_state st;                /* the cursor's loop at a glance, for this draw */
    struct sim_worker *workers;         /* owned: the pool's workers, for this draw */
    size_t worker_count;
    size_t worker_cap;

    enum tui_pane focus;                /* the pane the arrow keys move */
    enum tui_pane tab;                  /* compact layout: the lower pane shown */
    enum tui_page_kind page_kind;       /* the page shown over the panes, or none */
    struct tui_page page;               /* owned while page_kind is not TUI_PAGE_NONE */
    bool from_picker;                   /* started from the picker: s goes back to it */
    bool back_to_picker;                /* s was pressed: quit, and show the picker again */
    bool quit;

    uint64_t trace_sel;                 /* the selected event (0: none) */
    uint64_t trace_top;                 /* the first event the trace pane shows */
    bool trace_follow;                  /* the selection follows the cursor */
    uint32_t program_top;               /* the first line the program pane shows */
    uint32_t program_left;              /* the columns it is scrolled right by (left, right) */
    bool program_follow;                /* it scrolls to the running statement */
    size_t console_back;                /* console lines scrolled back from the newest */
    size_t queues_top;                  /* queue rows scrolled past */
    size_t workers_top;                 /* worker lanes scrolled past */

    bool at_time;                       /* g went to a time: the screen shows the loop at at_ns */
    uint64_t at_ns;                     /* (the cursor's event is the last one at or before) */

    enum tui_busy busy;
    int speed;                          /* index into the play speeds */
    struct tui_search search;           /* owned while busy == TUI_BUSY_SEARCH */
    char last_search[64];

    enum tui_prompt prompt;
    char input[64];
    size_t input_len;
    char message[256];                  /* shown in the status bar until the next key */
    bool message_warn;

    struct tui_predict predict;         /* predict mode (P): its question and its guesses */
};

/* One pane: how it draws, and the keys it takes while it has the focus. */
struct tui_view {
    enum tui_pane pane;
    void (*draw)(struct tui *t, struct tui_rect r);
    bool (*key)(struct tui *t, int key);    /* true: the key was used; NULL: takes none */
};

/*
 * Sets up `t` (caller memory) to step through `prog` (borrowed), named `name` (borrowed).
 * Returns 0 or -SIM_ENOMEM; free with tui_finish in both cases.
 */
int tui_init(struct tui *t, const char *name, const struct sim_program *prog);

/* Frees what `t` owns; accepts NULL. */
void tui_finish(struct tui *t);

/* Lays out a cols x rows screen and draws it into t->grid. Returns 0, or -1 out of memory. */
int tui_draw(struct tui *t, int cols, int rows);

/* Handles one key (an enum tui_key or a code point). */
void tui_key(struct tui *t, int key);

/* How long a front end may wait for a key before calling tui_tick: -1 for as long as it likes. */
int tui_wait_ms(const struct tui *t);

/* Does one slice of the timed work: plays an event, runs on, searches on. */
void tui_tick(struct tui *t);

/* The play speed, in events a second. */
int tui_play_speed(const struct tui *t);

/* Moves the cursor to event `pos`; the panes follow it. */
void tui_go(struct tui *t, uint64_t pos);

/* What tui_goto did. */
enum tui_goto_result {
    TUI_GOTO_DONE,              /* the cursor is where it was asked to go */
    TUI_GOTO_UNKNOWN,           /* the text is neither an event number, a time nor "end" */
    TUI_GOTO_PAST_END,          /* the run ends earlier: the cursor is on its last event */
    TUI_GOTO_FAILED,            /* the engine failed (out of memory) */
};

/*
 * Goes where `where` says (see tui_parse_goto), as g does: an event number, or a virtual time,
 * which shows the loop at that time (its last event at or before it, the clock at the time asked
 * for). The status bar says what happened; the text is borrowed for the call.
 */
enum tui_goto_result tui_goto(struct tui *t, const char *where);

/* The virtual time the screen shows: the cursor's event's, or the time g went to. */
uint64_t tui_now_ns(const struct tui *t);

/* Sets the status-bar message (printf format); `warn` shows it as a warning. */
void tui_say(struct tui *t, bool warn, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * Parses what `g` was given: an event number ("120"), or a virtual time with its unit ("12ms",
 * "1.5 ms", "2s"). Returns 1 for an event in *pos, 2 for a time in *ns, 0 when it is neither.
 */
int tui_parse_goto(const char *s, uint64_t *pos, uint64_t *ns);

/*
 * P: predict mode on or off. When on, and the next event runs a callback the queues pane lists,
 * the stepper asks for it there before it runs (tui_predict.h).
 */
void tui_predict_toggle(struct tui *t);

/* The verdict on the cursor's event, when it was asked about, into buf; false when it was not. */
bool tui_predict_verdict(const struct tui *t, char *buf, size_t size);

/* The question predict mode asks now, or NULL when none is open. */
const char *tui_predict_question(const struct tui *t);

/* ---- For the views (tui_view_*.c) ------------------------------------------------------- */

/* The view of each pane. */
const struct tui_view *tui_view_of(enum tui_pane pane);

extern const struct tui_view tui_view_top;
extern const struct tui_view tui_view_loop;
extern const struct tui_view tui_view_queues;
extern const struct tui_view tui_view_workers;
extern const struct tui_view tui_view_program;
extern const struct tui_view tui_view_console;
extern const struct tui_view tui_view_trace;
extern const struct tui_view tui_view_status;

/* Opens page `kind` over the panes (tui_view_pages.c); the status bar says why when it cannot. */
void tui_open_page(struct tui *t, enum tui_page_kind kind);

/* Closes the page, if one is open. */
void tui_close_page(struct tui *t);

/* Why event ev happened, as the trace pane's "why" says it, into buf. */
void tui_why_text(const struct sim_event *ev, char *buf, size_t size);

/* Fills g with the message for a terminal too small for any layout. */
void tui_draw_too_small(struct tui_grid *g);

/*
 * Draws pane p's title row, "── title ──── extra ─", marked when p has the focus; in the compact
 * layout the title names every pane tab can show.
 */
void tui_draw_title(struct tui *t, enum tui_pane p, const char *extra);

/* The rows under a pane's title. */
struct tui_rect tui_pane_body(struct tui_rect r);

/* Virtual ns as short milliseconds ("8", "12.5", "0.001") into out (UI_FMT_SIZE bytes). */
size_t tui_fmt_ms(char *out, uint64_t ns);

/* Whether the queues pane lists queue q. */
bool tui_queues_lists(enum sim_queue q);

/* How many rows the queues pane has for the cursor's loop. */
size_t tui_queues_rows(const struct tui *t);

/* Row `row` of the queues pane: its queue and its item (copied); false past the last row. */
bool tui_queues_row(const struct tui *t, size_t row, enum sim_queue *q, struct sim_item *item);

/* Scrolls *top (of `total` rows, `shown` visible) by the arrow key; true when it was one. */
bool tui_scroll_key(int key, size_t *top, size_t total, size_t shown);

#endif
