/*
 * tui_layout.h - where each pane of the TUI goes for a terminal size: pure functions of
 * (columns, rows), unit-tested apart from curses.
 *
 *   80x24 and up (full)         below 80x24 (compact)       below 40x12
 *   +------ top bar ------+     +------ top bar ------+     a message saying the
 *   | loop    | program   |     | loop (or its strip) |     terminal is too small
 *   |         |           |     +---------------------+
 *   | queues  | console   |     | one pane at a time: |
 *   |         |           |     | tab shows the next  |
 *   | workers | trace     |     |                     |
 *   +------ status -------+     +------ status -------+
 *
 * Every pane's rectangle includes its title row.
 */
#ifndef UI_TUI_LAYOUT_H
#define UI_TUI_LAYOUT_H

#include <stdbool.h>

#include "tui_grid.h"

#define TUI_MIN_COLS 40
#define TUI_MIN_ROWS 12
#define TUI_FULL_COLS 80
#define TUI_FULL_ROWS 24
#define TUI_LOOP_ROWS 11        /* title, the 8 places of the loop, alive, poll */
#define TUI_LOOP_STRIP_ROWS 3   /* title, the phases on one line, alive and poll */

#define TUI_PANE_MAP(X)                                        \
    X(TOP, "top", "the scenario, the event number, the clock")  \
    X(LOOP, "loop", "the phases, what keeps the loop alive")    \
    X(QUEUES, "queues", "what waits in each queue")             \
    X(WORKERS, "workers", "the worker pool")                    \
    X(PROGRAM, "program", "the scenario as JavaScript")         \
    X(CONSOLE, "console", "what the program printed")           \
    X(TRACE, "trace", "every event so far, and why")            \
    X(STATUS, "status", "keys, prompts and messages")

enum tui_pane {
#define X(e, name, what) TUI_PANE_##e,
    TUI_PANE_MAP(X)
#undef X
    TUI_PANE_COUNT
};

enum tui_layout_mode {
    TUI_LAYOUT_TOO_SMALL,       /* below TUI_MIN_COLS x TUI_MIN_ROWS: no pane at all */
    TUI_LAYOUT_COMPACT,         /* below TUI_FULL_COLS x TUI_FULL_ROWS: one lower pane */
    TUI_LAYOUT_FULL,
};

/* What the layout depends on besides the size. */
struct tui_layout_want {
    int workers;                /* the worker pool's size */
    enum tui_pane tab;          /* compact: the lower pane to show */
};

struct tui_layout {
    enum tui_layout_mode mode;
    int cols;
    int rows;
    struct tui_rect pane[TUI_PANE_COUNT];   /* w == 0: not shown */
    int divider;                            /* full: the column between the two; else -1 */
};

/* Lays out a cols x rows terminal. */
void tui_layout_compute(struct tui_layout *l, int cols, int rows,
                        const struct tui_layout_want *want);

/* Is pane p on the screen? */
bool tui_layout_shows(const struct tui_layout *l, enum tui_pane p);

/* The pane's short name ("trace"). */
const char *tui_pane_name(enum tui_pane p);

/* The panes a compact layout shows one at a time, in tab order; returns their number. */
int tui_layout_tabs(const enum tui_pane **tabs);

#endif
