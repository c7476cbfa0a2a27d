/*
 * tui_page.h - a page of text to read whole: the help, one event in full, a scenario's
 * description. It wraps its paragraphs to the width it is drawn at and scrolls, so nothing on
 * it is ever cut out of reach. Like the views it draws into a grid, apart from curses.
 *
 *   loopsim · keys                                 (the title bar)
 *     space, n   one event forward                 (a paragraph with a key column)
 *     ...
 *   ↑ ↓ PgUp PgDn scroll · any other key closes · rows 1-20 of 31
 */
#ifndef UI_TUI_PAGE_H
#define UI_TUI_PAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "tui_grid.h"

/* One paragraph of a page. */
struct tui_para {
    char *key;                  /* owned: shown in a column at the left, or NULL */
    char *text;                 /* owned: wrapped at spaces; '\n' breaks a line */
    enum tui_style style;
    bool verbatim;              /* code: each line as it is, indented; a long one goes on below */
};

struct tui_page {
    char *title;                /* owned */
    struct tui_para *paras;     /* owned */
    size_t count;
    size_t cap;
    size_t top;                 /* the first row shown */
    size_t rows;                /* the rows it took at the last draw, and how many showed */
    size_t shown;
    bool oom;                   /* an add failed: the page is incomplete */
};

/* Sets up an empty page titled `title` (copied) in caller memory. */
void tui_page_init(struct tui_page *p, const char *title);

/* Frees what the page holds; accepts NULL. */
void tui_page_finish(struct tui_page *p);

/* Adds a paragraph; key may be NULL. The strings are copied. */
void tui_page_add(struct tui_page *p, const char *key, const char *text, enum tui_style style);

/* Adds a verbatim paragraph (code): its lines as they are, spaces kept. */
void tui_page_add_code(struct tui_page *p, const char *text);

/*
 * Adds Markdown as a terminal shows it: paragraphs joined and wrapped, list items on lines of
 * their own, fenced code verbatim (its fence lines dropped), `code` and *emphasis* marks
 * dropped outside code.
 */
void tui_page_add_markdown(struct tui_page *p, const char *md, enum tui_style style);

/*
 * Draws the page into rectangle r of g: with `chrome`, a title bar on the first row and the
 * scrolling hint on the last; without, its paragraphs alone, from the top. Returns the rows its
 * paragraphs take at that width.
 */
size_t tui_page_draw(struct tui_page *p, struct tui_grid *g, struct tui_rect r, bool chrome);

/* Scrolls by the arrow keys, PgUp, PgDn, Home, End; false for any other key (it closes). */
bool tui_page_key(struct tui_page *p, int key);

#endif
