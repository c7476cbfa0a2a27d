/*
 * quiz_screen.c - the quiz on a terminal (quiz_screen.h).
 *
 * Wide terminals show the program on the left and the list on the right; narrow ones the
 * program above the list. The list starts in the question's order (never one Node prints),
 * each line with its key, as `--typed` lists them.
 */
#include "quiz_screen.h"

#include "builtin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "tui_key.h"
#include "tui_term.h"

enum {
    WIDE_COLS = 100,            /* from here the program and the list sit side by side */
    KEY_POLL_MS = 250,
};

int quiz_screen_init(struct quiz_screen *s, const struct quiz *q)
{
    *s = (struct quiz_screen){.q = q, .count = q->orders[0].count};
    s->order = malloc((s->count + 1) * sizeof(*s->order));
    if (s->order == NULL) {
        return -1;
    }
    for (size_t i = 0; i < s->count; i++) {
        s->order[i] = i;
    }
    return 0;
}

void quiz_screen_finish(struct quiz_screen *s)
{
    if (s == NULL) {
        return;
    }
    free(s->order);
    tui_grid_finish(&s->grid);
    *s = (struct quiz_screen){0};
}

/* A pane's title row: a rule with the title in it. */
static void draw_title(struct quiz_screen *s, struct tui_rect r, const char *title)
{
    struct tui_rect row = {r.x, r.y, r.w, 1};
    tui_grid_fill(&s->grid, row, TUI_CH_HLINE, TUI_STYLE_DIM);
    int x = tui_grid_puts(&s->grid, row, r.x + 1, r.y, TUI_STYLE_TITLE, " ");
    x = tui_grid_puts(&s->grid, row, x, r.y, TUI_STYLE_TITLE, title);
    tui_grid_puts(&s->grid, row, x, r.y, TUI_STYLE_TITLE, " ");
}

/* The program with its line numbers, from program_top. */
static void draw_program(struct quiz_screen *s, struct tui_rect r)
{
    draw_title(s, r, "the program");
    s->program_rows = r.h > 1 ? (size_t)r.h - 1 : 0;
    size_t max_top = s->q->program_lines > s->program_rows
                         ? s->q->program_lines - s->program_rows : 0;
    s->program_top = s->program_top < max_top ? s->program_top : max_top;
    int y = r.y + 1;
    for (size_t i = s->program_top; i < s->q->program_lines && y < r.y + r.h; i++, y++) {
        const struct quiz_source_line *l = &s->q->program_line[i];
        struct tui_rect row = {r.x, y, r.w, 1};
        tui_grid_printf(&s->grid, row, r.x, y, TUI_STYLE_DIM, "%3u ", (unsigned)l->number);
        struct tui_rect code = {r.x + 4, y, r.w - 4, 1};
        tui_grid_put(&s->grid, code, code.x, y, TUI_STYLE_NORMAL, s->q->program.data + l->at,
                     l->len);
    }
}

/* The prompt, the hints shown so far, and the list with the highlighted place. */
static void draw_list(struct quiz_screen *s, struct tui_rect r)
{
    const struct quiz *q = s->q;
    draw_title(s, r, "your answer: the lines in the order they print");
    struct tui_rect text = {r.x + 1, r.y + 1, r.w - 2, r.h - 1};
    int used = tui_grid_wrap(&s->grid, (struct tui_rect){text.x, text.y, text.w, 3},
                             TUI_STYLE_NORMAL, q->prompt);
    int y = text.y + used + 1;
    for (size_t i = 0; i < s->hints && y < r.y + r.h - 1; i++) {
        char *hint = malloc(strlen(q->hints[i]) + 32);
        if (hint != NULL) {
            sprintf(hint, "hint %zu: %s", i + 1, q->hints[i]);
            y += tui_grid_wrap(&s->grid, (struct tui_rect){text.x, y, text.w, 3}, TUI_STYLE_DIM,
                               hint);
            free(hint);
        }
    }
    y++;
    int rows = r.y + r.h - y;
    size_t top = rows > 0 && s->sel >= (size_t)rows ? s->sel - (size_t)rows + 1 : 0;
    for (size_t i = top; i < s->count && y < r.y + r.h; i++, y++) {
        struct tui_rect row = {r.x, y, r.w, 1};
        bool here = i == s->sel;
        enum tui_style style = here ? (s->holding ? TUI_STYLE_NEW : TUI_STYLE_SELECT)
                                    : TUI_STYLE_NORMAL;
        if (here) {
            tui_grid_fill(&s->grid, row, ' ', style);
            tui_grid_putc(&s->grid, row, r.x + 1, y, s->holding ? 0x2195u : TUI_CH_MARK, style);
        }
        char key[24];
        size_t line = q->shuffled[s->order[i]];
        quiz_key_name(s->order[i], s->count, key, sizeof key);
        int x = tui_grid_printf(&s->grid, row, r.x + 3, y, here ? style : TUI_STYLE_DIM, "%3zu.",
                                i + 1);
        x = tui_grid_printf(&s->grid, row, x + 1, y, here ? style : TUI_STYLE_KEY, "%s)", key);
        tui_grid_puts(&s->grid, row, x + 1, y, style, q->orders[0].lines[line].text);
    }
}

/* The keys, on the last row. */
static void draw_keys(struct quiz_screen *s, int cols, int rows)
{
    struct tui_rect all = {0, 0, cols, rows};
    static const char *const keys[][2] = {
        {"\u2191\u2193", "choose"}, {"space", "grab/drop"}, {"h", "hint"},
        {"PgUp/PgDn", "program"}, {"enter", "grade"}, {"q", "quit"},
    };
    int x = 1;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (keys[i][0][0] == 'h' && s->hints >= s->q->hint_count) {
            continue;
        }
        x = tui_grid_puts(&s->grid, all, x, rows - 1, TUI_STYLE_KEY, keys[i][0]);
        x = tui_grid_puts(&s->grid, all, x + 1, rows - 1, TUI_STYLE_DIM, keys[i][1]) + 2;
    }
}

int quiz_screen_draw(struct quiz_screen *s, int cols, int rows)
{
    if (tui_grid_resize(&s->grid, cols, rows) < 0) {
        return -1;
    }
    if (cols < TUI_MIN_COLS || rows < TUI_MIN_ROWS) {
        tui_draw_too_small(&s->grid);
        return 0;
    }
    const struct quiz *q = s->q;
    struct tui_rect all = {0, 0, cols, rows};
    tui_grid_fill(&s->grid, (struct tui_rect){0, 0, cols, 1}, ' ', TUI_STYLE_HEADER);
    int x = tui_grid_puts(&s->grid, all, 1, 0, TUI_STYLE_HEADER, "loopsim quiz \u00b7 ");
    x = tui_grid_puts(&s->grid, all, x, 0, TUI_STYLE_HEADER, q->title);
    if (q->level > 0) {
        tui_grid_printf(&s->grid, all, x, 0, TUI_STYLE_HEADER, " (%s)", ui_level_name(q->level));
    }
    int body = rows - 2;
    if (cols >= WIDE_COLS) {
        int left = cols * 11 / 20;
        draw_program(s, (struct tui_rect){0, 1, left, body});
        for (int y = 2; y < 1 + body; y++) {
            tui_grid_putc(&s->grid, all, left, y, TUI_CH_VLINE, TUI_STYLE_DIM);
        }
        draw_list(s, (struct tui_rect){left + 1, 1, cols - left - 1, body});
    } else {
        /* The whole list first, with the prompt and the hints shown; the program the rest. */
        int want = (int)s->count + 5 + 2 * (int)s->hints;
        int list = want < body - 4 ? want : body - 4;
        draw_program(s, (struct tui_rect){0, 1, cols, body - list});
        draw_list(s, (struct tui_rect){0, 1 + body - list, cols, list});
    }
    draw_keys(s, cols, rows);
    return 0;
}

/* Moves the highlight to place `to`, carrying the line when one is picked up. */
static void move_to(struct quiz_screen *s, size_t to)
{
    if (s->holding) {
        size_t line = s->order[s->sel];
        while (s->sel < to) {
            s->order[s->sel] = s->order[s->sel + 1];
            s->sel++;
        }
        while (s->sel > to) {
            s->order[s->sel] = s->order[s->sel - 1];
            s->sel--;
        }
        s->order[s->sel] = line;
    }
    s->sel = to;
}

void quiz_screen_key(struct quiz_screen *s, int key)
{
    size_t last = s->count > 0 ? s->count - 1 : 0;
    size_t page = s->program_rows > 1 ? s->program_rows - 1 : 1;
    switch (key) {
    case TUI_KEY_SIGNAL:
    case 'q':
        s->quit = true;
        break;
    case TUI_KEY_ESCAPE:
        if (s->holding) {
            s->holding = false;
        } else {
            s->quit = true;
        }
        break;
    case TUI_KEY_UP:
    case 'k':
        move_to(s, s->sel > 0 ? s->sel - 1 : 0);
        break;
    case TUI_KEY_DOWN:
    case 'j':
        move_to(s, s->sel < last ? s->sel + 1 : last);
        break;
    case TUI_KEY_HOME:
        move_to(s, 0);
        break;
    case TUI_KEY_END:
        move_to(s, last);
        break;
    case ' ':
        s->holding = !s->holding;
        break;
    case 'h':
    case '?':
        s->hints += s->hints < s->q->hint_count;
        break;
    case TUI_KEY_PAGE_UP:
        s->program_top = s->program_top > page ? s->program_top - page : 0;
        break;
    case TUI_KEY_PAGE_DOWN:
        s->program_top += page; /* the draw keeps it in range */
        break;
    case TUI_KEY_ENTER:
        s->holding = false;
        s->submitted = true;
        break;
    }
}

enum quiz_screen_end quiz_screen_run(const struct quiz *q, size_t *order)
{
    struct quiz_screen s;
    char why[160];
    if (quiz_screen_init(&s, q) != 0) {
        return QUIZ_SCREEN_NO_TERMINAL;
    }
    if (tui_term_open(why, sizeof why) != 0) {
        fprintf(stderr, "loopsim: %s: the list needs a terminal; type the order instead\n", why);
        quiz_screen_finish(&s);
        return QUIZ_SCREEN_NO_TERMINAL;
    }
    bool dirty = true;
    while (!s.submitted && !s.quit) {
        int cols;
        int rows;
        tui_term_size(&cols, &rows);
        if (dirty && quiz_screen_draw(&s, cols, rows) < 0) {
            s.quit = true;
            break;
        }
        if (dirty) {
            tui_term_draw(&s.grid);
        }
        int key = tui_term_key(KEY_POLL_MS);
        dirty = key != TUI_KEY_NONE;
        if (dirty) {
            quiz_screen_key(&s, key);
        }
    }
    tui_term_close();
    enum quiz_screen_end end = s.submitted ? QUIZ_SCREEN_SUBMITTED : QUIZ_SCREEN_QUIT;
    memcpy(order, s.order, s.count * sizeof(*order));
    quiz_screen_finish(&s);
    return end;
}
