/*
 * tui_layout.c - the rectangles of the panes for a terminal size (see tui_layout.h).
 */
#include "tui_layout.h"

#include <string.h>

static const char *const pane_names[] = {
#define X(e, name, what) name,
    TUI_PANE_MAP(X)
#undef X
};

static const enum tui_pane compact_tabs[] = {
    TUI_PANE_TRACE, TUI_PANE_PROGRAM, TUI_PANE_QUEUES, TUI_PANE_WORKERS, TUI_PANE_CONSOLE,
};

const char *tui_pane_name(enum tui_pane p)
{
    return (unsigned)p < TUI_PANE_COUNT ? pane_names[p] : "?";
}

int tui_layout_tabs(const enum tui_pane **tabs)
{
    *tabs = compact_tabs;
    return (int)(sizeof compact_tabs / sizeof compact_tabs[0]);
}

bool tui_layout_shows(const struct tui_layout *l, enum tui_pane p)
{
    return l->pane[p].w > 0 && l->pane[p].h > 0;
}

static int clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* Two columns: loop, queues, workers on the left; program, console, trace on the right. */
static void layout_full(struct tui_layout *l, const struct tui_layout_want *want)
{
    int body = l->rows - 2;
    int left = clamp(l->cols * 2 / 5, 38, 56);
    int right_x = left + 1;
    int right = l->cols - right_x;
    l->divider = left;

    /* The workers' lanes, the queues keeping a title and four rows at least. */
    int rest = body - TUI_LOOP_ROWS;
    int workers = clamp(want->workers + 2, 3, rest - 5 > 3 ? rest - 5 : 3);
    l->pane[TUI_PANE_LOOP] = (struct tui_rect){0, 1, left, TUI_LOOP_ROWS};
    l->pane[TUI_PANE_QUEUES] = (struct tui_rect){0, 1 + TUI_LOOP_ROWS, left, rest - workers};
    l->pane[TUI_PANE_WORKERS] = (struct tui_rect){0, 1 + body - workers, left, workers};

    int trace = body * 3 / 8 > 8 ? body * 3 / 8 : 8;
    int console = body / 4 > 4 ? body / 4 : 4;
    int program = body - trace - console;
    l->pane[TUI_PANE_PROGRAM] = (struct tui_rect){right_x, 1, right, program};
    l->pane[TUI_PANE_CONSOLE] = (struct tui_rect){right_x, 1 + program, right, console};
    l->pane[TUI_PANE_TRACE] = (struct tui_rect){right_x, 1 + program + console, right, trace};
}

/* One column: the loop (whole, or as a strip when rows are short), then the chosen pane. */
static void layout_compact(struct tui_layout *l, const struct tui_layout_want *want)
{
    int body = l->rows - 2;
    int loop = body - TUI_LOOP_ROWS >= 8 ? TUI_LOOP_ROWS : TUI_LOOP_STRIP_ROWS;
    l->pane[TUI_PANE_LOOP] = (struct tui_rect){0, 1, l->cols, loop};
    enum tui_pane tab = TUI_PANE_TRACE;
    for (size_t i = 0; i < sizeof compact_tabs / sizeof compact_tabs[0]; i++) {
        tab = compact_tabs[i] == want->tab ? want->tab : tab;
    }
    l->pane[tab] = (struct tui_rect){0, 1 + loop, l->cols, body - loop};
}

void tui_layout_compute(struct tui_layout *l, int cols, int rows,
                        const struct tui_layout_want *want)
{
    memset(l, 0, sizeof(*l));
    l->cols = cols > 0 ? cols : 0;
    l->rows = rows > 0 ? rows : 0;
    l->divider = -1;
    if (cols < TUI_MIN_COLS || rows < TUI_MIN_ROWS) {
        l->mode = TUI_LAYOUT_TOO_SMALL;
        return;
    }
    l->pane[TUI_PANE_TOP] = (struct tui_rect){0, 0, cols, 1};
    l->pane[TUI_PANE_STATUS] = (struct tui_rect){0, rows - 1, cols, 1};
    if (cols < TUI_FULL_COLS || rows < TUI_FULL_ROWS) {
        l->mode = TUI_LAYOUT_COMPACT;
        layout_compact(l, want);
    } else {
        l->mode = TUI_LAYOUT_FULL;
        layout_full(l, want);
    }
}
