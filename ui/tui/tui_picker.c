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

/* A one-line Markdown text (a title) without its marks. */
static char *plain_title(const char *s)
{
    struct tui_page page;
    tui_page_init(&page, "");
    tui_page_add_markdown(&page, s, TUI_STYLE_NORMAL);
    char *title = page.count > 0 && !page.oom ? strdup(page.paras[0].text) : strdup(s);
    tui_page_finish(&page);
    return title;
}

/* The description of item i as a page. */
static void description_page(const struct tui_picker *p, size_t i, struct tui_page *page)
{
    const struct tui_picker_item *it = &p->items[i];
    tui_page_init(page, it->title);
    if (it->description != NULL) {
        tui_page_add_markdown(page, it->description, TUI_STYLE_NORMAL);
    } else {
        tui_page_add(page, NULL, "This scenario has no description.", TUI_STYLE_DIM);
    }
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
        struct sim_program *prog = ui_builtin_load(b, NULL, &diag);
        struct tui_picker_item *it = &p->items[p->count++];
        it->name = b->name;
        it->title = plain_title(prog != NULL ? prog->name : "(invalid scenario)");
        bool described = prog != NULL && prog->description != NULL;
        it->description = described ? strdup(prog->description) : NULL;
        sim_program_destroy(prog);
        if (it->title == NULL || (described && it->description == NULL)) {
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
    if (p->reading) {
        tui_page_finish(&p->page);
    }
    tui_grid_finish(&p->grid);
    memset(p, 0, sizeof(*p));
}

/*
 * The description of the highlighted scenario, wrapped into r; when it does not fit, its last
 * row says how to read it whole.
 */
static void draw_description(struct tui_picker *p, struct tui_rect r)
{
    const struct tui_picker_item *it = &p->items[p->sel];
    struct tui_rect title = {r.x, r.y, r.w, 1};
    tui_grid_fill(&p->grid, title, TUI_CH_HLINE, TUI_STYLE_DIM);
    int x = tui_grid_puts(&p->grid, title, 1, r.y, TUI_STYLE_TITLE, " ");
    x = tui_grid_puts(&p->grid, title, x, r.y, TUI_STYLE_TITLE, it->name);
    tui_grid_puts(&p->grid, title, x, r.y, TUI_STYLE_TITLE, " ");
    struct tui_page page;
    description_page(p, p->sel, &page);
    struct tui_rect text = {r.x + 1, r.y + 1, r.w - 2, r.h - 1};
    size_t rows = tui_page_draw(&page, &p->grid, text, false);
    if (rows > (size_t)text.h && text.h > 0) {
        struct tui_rect last = {text.x, text.y + text.h - 1, text.w, 1};
        tui_grid_fill(&p->grid, last, ' ', TUI_STYLE_NORMAL);
        char more[80];
        snprintf(more, sizeof more, "\u2026 %zu more rows: d reads the whole description",
                 rows - (size_t)text.h + 1);
        tui_grid_puts(&p->grid, last, last.x, last.y, TUI_STYLE_KEY, more);
    }
    tui_page_finish(&page);
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
    if (p->reading) {
        tui_page_draw(&p->page, &p->grid, (struct tui_rect){0, 0, cols, rows}, true);
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
    p->list_rows = list > 0 ? (size_t)list : 1;
    draw_list(p, (struct tui_rect){0, 1, cols, list});
    if (desc > 0) {
        draw_description(p, (struct tui_rect){0, 2 + list, cols, body - list - 1});
    }
    int x = tui_grid_puts(&p->grid, all, 1, rows - 1, TUI_STYLE_KEY, "enter");
    x = tui_grid_puts(&p->grid, all, x + 1, rows - 1, TUI_STYLE_DIM, "open");
    x = tui_grid_puts(&p->grid, all, x + 2, rows - 1, TUI_STYLE_KEY, "\u2191 \u2193");
    x = tui_grid_puts(&p->grid, all, x + 1, rows - 1, TUI_STYLE_DIM, "choose");
    x = tui_grid_puts(&p->grid, all, x + 2, rows - 1, TUI_STYLE_KEY, "d");
    x = tui_grid_puts(&p->grid, all, x + 1, rows - 1, TUI_STYLE_DIM, "description");
    x = tui_grid_puts(&p->grid, all, x + 2, rows - 1, TUI_STYLE_KEY, "q");
    tui_grid_puts(&p->grid, all, x + 1, rows - 1, TUI_STYLE_DIM, "quit");
    return 0;
}

/* Moves the selection by a key: a row, a page of the list, or to an end. */
static void move_selection(struct tui_picker *p, int key)
{
    size_t last = p->count > 0 ? p->count - 1 : 0;
    size_t page = p->list_rows > 1 ? p->list_rows - 1 : 1;
    switch (key) {
    case TUI_KEY_UP:
    case 'k':
        p->sel = p->sel > 0 ? p->sel - 1 : 0;
        break;
    case TUI_KEY_DOWN:
    case 'j':
        p->sel = p->sel < last ? p->sel + 1 : last;
        break;
    case TUI_KEY_PAGE_UP:
        p->sel = p->sel > page ? p->sel - page : 0;
        break;
    case TUI_KEY_PAGE_DOWN:
        p->sel = p->sel + page < last ? p->sel + page : last;
        break;
    case TUI_KEY_HOME:
        p->sel = 0;
        break;
    case TUI_KEY_END:
        p->sel = last;
        break;
    }
}

void tui_picker_key(struct tui_picker *p, int key)
{
    if (key == TUI_KEY_SIGNAL || key == 'q') {
        p->quit = true;
        return;
    }
    if (p->reading) {
        if (!tui_page_key(&p->page, key)) {
            tui_page_finish(&p->page);
            p->reading = false;
        }
        return;
    }
    switch (key) {
    case TUI_KEY_ENTER:
    case ' ':
        p->chosen = p->count > 0;
        return;
    case TUI_KEY_ESCAPE:
        p->quit = true;
        return;
    case 'd':
        if (p->count > 0) {
            description_page(p, p->sel, &p->page);
            p->reading = true;
        }
        return;
    }
    move_selection(p, key);
}
