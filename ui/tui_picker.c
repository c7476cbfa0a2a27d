/*
 * tui_picker.c - the list of built-in scenarios to step through (see tui_picker.h).
 *
 *   loopsim · choose a scenario to step through
 *   ▶ default                 Welcome to the Node.js event loop
 *     check-limit             ...
 *   ── default ──────────────────────────────
 *   Welcome! This is the scenario loopsim shows when ...
 *   enter open  ↑ ↓ choose  q quit
 */
#include "tui_picker.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "sim.h"
#include "tui.h"

/* Does a Markdown line starting at s begin a block of its own (a list item, a fence)? */
static bool starts_block(const char *s)
{
    return s[0] == '-' || s[0] == '|' || strncmp(s, "```", 3) == 0 ||
           (s[0] >= '0' && s[0] <= '9' && s[1] == '.');
}

/*
 * A copy of a Markdown description for a terminal: emphasis and code marks dropped, the lines
 * of a paragraph joined (the picker wraps them to its width), blocks kept on lines of their own.
 */
static char *plain_copy(const char *s)
{
    if (s == NULL) {
        return NULL;
    }
    char *out = malloc(strlen(s) + 1);
    if (out == NULL) {
        return NULL;
    }
    size_t n = 0;
    bool fence = false;
    for (const char *p = s; *p != '\0'; p++) {
        if (*p == '`' && strncmp(p, "```", 3) == 0 && (p == s || p[-1] == '\n')) {
            fence = !fence;
        }
        if (*p == '*' || *p == '`') {
            continue;
        }
        bool joins = *p == '\n' && !fence && p[1] != '\n' && p[1] != '\0' &&
                     (p == s || p[-1] != '\n') && !starts_block(p + 1);
        out[n++] = joins ? ' ' : *p;
    }
    out[n] = '\0';
    return out;
}

int tui_picker_init(struct tui_picker *p)
{
    memset(p, 0, sizeof(*p));
    p->items = calloc(ui_builtin_count + 1, sizeof(*p->items));
    if (p->items == NULL) {
        return -1;
    }
    for (size_t i = 0; i < ui_builtin_count; i++) {
        const struct ui_builtin *b = &ui_builtins[i];
        struct sim_diag diag;
        struct sim_program *prog = sim_program_load(b->data, b->size, NULL, &diag);
        struct tui_picker_item *it = &p->items[p->count++];
        it->name = b->name;
        it->title = plain_copy(prog != NULL ? prog->name : "(invalid scenario)");
        it->description = prog != NULL ? plain_copy(prog->description) : NULL;
        sim_program_destroy(prog);
        if (it->title == NULL) {
            return -1;
        }
    }
    return 0;
}

void tui_picker_finish(struct tui_picker *p)
{
    if (p == NULL) {
        return;
    }
    for (size_t i = 0; i < p->count; i++) {
        free(p->items[i].title);
        free(p->items[i].description);
    }
    free(p->items);
    tui_grid_finish(&p->grid);
    memset(p, 0, sizeof(*p));
}

/* The description of the highlighted scenario, wrapped into r. */
static void draw_description(struct tui_picker *p, struct tui_rect r)
{
    const struct tui_picker_item *it = &p->items[p->sel];
    struct tui_rect title = {r.x, r.y, r.w, 1};
    tui_grid_fill(&p->grid, title, TUI_CH_HLINE, TUI_STYLE_DIM);
    int x = tui_grid_puts(&p->grid, title, 1, r.y, TUI_STYLE_TITLE, " ");
    x = tui_grid_puts(&p->grid, title, x, r.y, TUI_STYLE_TITLE, it->name);
    tui_grid_puts(&p->grid, title, x, r.y, TUI_STYLE_TITLE, " ");
    struct tui_rect text = {r.x + 1, r.y + 1, r.w - 2, r.h - 1};
    tui_grid_wrap(&p->grid, text, TUI_STYLE_DIM, it->description != NULL ? it->description : "");
}

static void draw_list(struct tui_picker *p, struct tui_rect r)
{
    int name_cols = 0;
    for (size_t i = 0; i < p->count; i++) {
        int w = (int)strlen(p->items[i].name);
        name_cols = w > name_cols ? w : name_cols;
    }
    name_cols = name_cols < r.w / 2 ? name_cols : r.w / 2;
    size_t shown = (size_t)r.h;
    p->top = p->sel < p->top ? p->sel : p->top;
    p->top = p->sel >= p->top + shown ? p->sel - shown + 1 : p->top;
    for (size_t i = 0; i < shown && p->top + i < p->count; i++) {
        size_t k = p->top + i;
        struct tui_rect row = {r.x, r.y + (int)i, r.w, 1};
        enum tui_style style = k == p->sel ? TUI_STYLE_SELECT : TUI_STYLE_NORMAL;
        if (k == p->sel) {
            tui_grid_fill(&p->grid, row, ' ', style);
            tui_grid_putc(&p->grid, row, 1, row.y, TUI_CH_MARK, style);
        }
        struct tui_rect name = {3, row.y, name_cols, 1};
        tui_grid_puts(&p->grid, name, 3, row.y, k == p->sel ? style : TUI_STYLE_KEY,
                      p->items[k].name);
        tui_grid_puts(&p->grid, row, 5 + name_cols, row.y, style, p->items[k].title);
    }
}

int tui_picker_draw(struct tui_picker *p, int cols, int rows)
{
    if (tui_grid_resize(&p->grid, cols, rows) < 0) {
        return -1;
    }
    if (cols < TUI_MIN_COLS || rows < TUI_MIN_ROWS) {
        tui_draw_too_small(&p->grid);
        return 0;
    }
    struct tui_rect all = {0, 0, cols, rows};
    tui_grid_fill(&p->grid, (struct tui_rect){0, 0, cols, 1}, ' ', TUI_STYLE_HEADER);
    tui_grid_puts(&p->grid, all, 1, 0, TUI_STYLE_HEADER,
                  "loopsim \u00b7 choose a scenario to step through");
    int body = rows - 2;
    int desc = rows >= 20 ? body / 3 : 0;
    int list = body - desc - (desc > 0);
    list = list < (int)p->count ? list : (int)p->count;
    draw_list(p, (struct tui_rect){0, 1, cols, list});
    if (desc > 0) {
        draw_description(p, (struct tui_rect){0, 2 + list, cols, body - list - 1});
    }
    int x = tui_grid_puts(&p->grid, all, 1, rows - 1, TUI_STYLE_KEY, "enter");
    x = tui_grid_puts(&p->grid, all, x + 1, rows - 1, TUI_STYLE_DIM, "open");
    x = tui_grid_puts(&p->grid, all, x + 2, rows - 1, TUI_STYLE_KEY, "\u2191 \u2193");
    x = tui_grid_puts(&p->grid, all, x + 1, rows - 1, TUI_STYLE_DIM, "choose");
    x = tui_grid_puts(&p->grid, all, x + 2, rows - 1, TUI_STYLE_KEY, "q");
    tui_grid_puts(&p->grid, all, x + 1, rows - 1, TUI_STYLE_DIM, "quit");
    return 0;
}

void tui_picker_key(struct tui_picker *p, int key)
{
    size_t top = p->sel;
    switch (key) {
    case TUI_KEY_ENTER:
    case ' ':
        p->chosen = p->count > 0;
        return;
    case 'q':
    case TUI_KEY_ESCAPE:
    case TUI_KEY_SIGNAL:
        p->quit = true;
        return;
    case 'k':
        key = TUI_KEY_UP;
        break;
    case 'j':
        key = TUI_KEY_DOWN;
        break;
    }
    if (tui_scroll_key(key, &top, p->count, 1)) {
        p->sel = top;
    }
}
