/*
 * tui_picker.h - the scenario picker: what `loopsim` shows on a terminal when no scenario is
 * named. A list of the built-in scenarios, the default one first, with the chosen one's
 * description below it (d reads it whole, as a page that scrolls). Like the stepper's views it
 * draws into a grid, apart from curses.
 */
#ifndef UI_TUI_PICKER_H
#define UI_TUI_PICKER_H

#include <stdbool.h>
#include <stddef.h>

#include "tui_grid.h"
#include "tui_page.h"

struct tui_picker_item {
    const char *name;           /* borrowed from the built-in table */
    char *title;                /* owned: the scenario's `name`, Markdown marks dropped */
    char *description;          /* owned: its description (Markdown), or NULL */
};

struct tui_picker {
    struct tui_picker_item *items;      /* owned: one per built-in scenario */
    size_t count;
    size_t sel;                         /* the highlighted item */
    size_t top;                         /* the first item shown */
    size_t list_rows;                   /* the items the last draw showed: PgUp/PgDn's page */
    bool reading;                       /* d: the description is open as a page */
    struct tui_page page;               /* owned while reading */
    bool chosen;                        /* enter was pressed: open items[sel] */
    bool quit;                          /* q or a quitting signal */
    struct tui_grid grid;               /* owned: the screen tui_picker_draw made */
};

/* Lists the built-in scenarios into `p` (caller memory). Returns 0, or -1 out of memory. */
int tui_picker_init(struct tui_picker *p);

/* Frees what `p` owns; accepts NULL. */
void tui_picker_finish(struct tui_picker *p);

/* Draws the picker for a cols x rows screen into p->grid. Returns 0, or -1 out of memory. */
int tui_picker_draw(struct tui_picker *p, int cols, int rows);

/* Handles a key (an enum tui_key or a code point). */
void tui_picker_key(struct tui_picker *p, int key);

#endif
