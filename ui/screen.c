/*
 * screen.c - `loopsim screen SCENARIO --at EVENT|TIME [--size WxH] [--focus PANE]`: the
 * stepper's screen at one position, printed as text, for documentation and tests. --keys then
 * presses keys there, as a user would (`?` the help, `i` an event in full, `<Down>`...);
 * --predict starts predict mode there, as P does.
 *
 * It runs the very code the TUI runs: tui_goto moves the cursor as `g` does, tui_draw lays out
 * and draws the grid, and the grid goes out through the looks and ASCII stand-ins the terminal
 * uses (tui_out.h). So what it prints is what `tmux capture-pane` shows of the TUI at that
 * position: trailing blanks dropped, UTF-8 unless the locale is not (or --ascii), plain text
 * unless --color asks for SGR escapes.
 */
#include "commands.h"

#include <stdio.h>
#include <string.h>

#include "source.h"
#include "tui.h"
#include "tui_out.h"
#include "ui.h"

/* How rows are written. */
struct screen_out {
    bool utf8;                  /* else ASCII stand-ins, as a terminal that is not UTF-8 */
    bool color;                 /* SGR escapes for the styles */
    bool mono;                  /* with color: NO_COLOR is set, attributes only */
};

/* Appends the SGR escape that starts style s. */
static void put_sgr(struct ui_buf *b, enum tui_style s, const struct screen_out *out)
{
    const struct tui_look *look = tui_look_of(s);
    unsigned attrs = out->mono ? look->mono_attrs : look->color_attrs;
    ui_buf_puts(b, "\x1b[0");
    ui_buf_puts(b, attrs & TUI_ATTR_BOLD ? ";1" : "");
    ui_buf_puts(b, attrs & TUI_ATTR_DIM ? ";2" : "");
    ui_buf_puts(b, attrs & TUI_ATTR_UNDERLINE ? ";4" : "");
    ui_buf_puts(b, attrs & TUI_ATTR_REVERSE ? ";7" : "");
    if (!out->mono && look->fg != TUI_DEFAULT) {
        ui_buf_putc(b, ';');
        ui_buf_u64(b, 30 + (uint64_t)look->fg);
    }
    if (!out->mono && look->bg != TUI_DEFAULT) {
        ui_buf_putc(b, ';');
        ui_buf_u64(b, 40 + (uint64_t)look->bg);
    }
    ui_buf_putc(b, 'm');
}

/* The columns of row y worth printing: up to its last cell that is not a plain blank. */
static int row_end(const struct tui_grid *g, int y, bool color)
{
    int end = g->cols;
    while (end > 0) {
        const struct tui_cell *c = &g->cells[(size_t)y * (size_t)g->cols + (size_t)end - 1];
        bool blank = c->ch == ' ' && (!color || c->style == TUI_STYLE_NORMAL);
        if (!blank && c->ch != 0) {
            break;
        }
        end--;
    }
    return end;
}

/* Appends row y of the grid and a newline. */
static void put_row(struct ui_buf *b, const struct tui_grid *g, int y,
                    const struct screen_out *out)
{
    int end = row_end(g, y, out->color);
    int style = -1;
    for (int x = 0; x < end; x++) {
        const struct tui_cell *c = &g->cells[(size_t)y * (size_t)g->cols + (size_t)x];
        if (c->ch == 0) {
            continue; /* the right half of a wide character */
        }
        if (out->color && c->style != style) {
            style = c->style;
            put_sgr(b, (enum tui_style)style, out);
        }
        char utf8[4];
        size_t n = tui_utf8_put(utf8, out->utf8 ? c->ch : tui_ascii_for(c->ch));
        ui_buf_put(b, utf8, n);
    }
    if (out->color && style >= 0) {
        ui_buf_puts(b, "\x1b[0m");
    }
    ui_buf_putc(b, '\n');
}

/* Prints the grid on standard output. Returns the exit status. */
static int print_grid(const struct tui_grid *g, const struct screen_out *out)
{
    struct ui_buf b;
    ui_buf_init(&b);
    for (int y = 0; y < g->rows; y++) {
        put_row(&b, g, y, out);
    }
    int rc = ui_buf_write(&b, stdout);
    ui_buf_finish(&b);
    if (rc != 0 || fflush(stdout) != 0) {
        ui_error("standard output: write error");
        return UI_EXIT_USAGE;
    }
    return UI_EXIT_OK;
}

/* The pane --focus names (one the arrow keys can move); -1 after saying why on stderr. */
static int find_focus(const char *name)
{
    const char *names[TUI_PANE_COUNT];
    size_t count = 0;
    char list[160] = "";
    for (int p = 0; p < TUI_PANE_COUNT; p++) {
        if (tui_view_of((enum tui_pane)p)->key == NULL) {
            continue;
        }
        if (strcmp(tui_pane_name((enum tui_pane)p), name) == 0) {
            return p;
        }
        names[count++] = tui_pane_name((enum tui_pane)p);
        size_t len = strlen(list);
        snprintf(list + len, sizeof list - len, "%s%s", len > 0 ? ", " : "", names[count - 1]);
    }
    char message[256];
    snprintf(message, sizeof message, "--focus: '%.64s' is not a pane that takes the focus (%s)",
             name, list);
    ui_error_suggest(message, name, names, count);
    return -1;
}

/* The keys --keys may name in angle brackets. */
static const struct {
    const char *name;
    int key;
} key_names[] = {
    {"Up", TUI_KEY_UP},       {"Down", TUI_KEY_DOWN},       {"Left", TUI_KEY_LEFT},
    {"Right", TUI_KEY_RIGHT}, {"PgUp", TUI_KEY_PAGE_UP},    {"PgDn", TUI_KEY_PAGE_DOWN},
    {"Home", TUI_KEY_HOME},   {"End", TUI_KEY_END},         {"Enter", TUI_KEY_ENTER},
    {"Esc", TUI_KEY_ESCAPE},  {"Tab", TUI_KEY_TAB},         {"BTab", TUI_KEY_BACKTAB},
    {"BS", TUI_KEY_BACKSPACE}, {"Space", ' '},              {"lt", '<'},
};

/* The key at *s ("x" or "<Name>"), advancing *s; TUI_KEY_NONE when <...> names no key. */
static int next_key(const char **s)
{
    const char *close = **s == '<' ? strchr(*s, '>') : NULL;
    if (close == NULL) {
        int key = (unsigned char)**s; /* --keys is ASCII but for <...>: no UTF-8 decoding */
        ++*s;
        return key;
    }
    size_t len = (size_t)(close - *s - 1);
    for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++) {
        if (strlen(key_names[i].name) == len && strncmp(key_names[i].name, *s + 1, len) == 0) {
            *s = close + 1;
            return key_names[i].key;
        }
    }
    return TUI_KEY_NONE;
}

/*
 * Presses the keys of --keys as the TUI's key loop does: a draw, then each key and a draw; timed
 * work (r, a search) runs to its end. The exit status.
 */
static int press_keys(struct tui *t, const struct ui_args *args)
{
    if (tui_draw(t, args->cols, args->rows) < 0) {
        return UI_EXIT_USAGE;
    }
    for (const char *s = args->keys; s != NULL && *s != '\0' && !t->quit;) {
        const char *at = s;
        int key = next_key(&s);
        if (key == TUI_KEY_NONE) {
            ui_error("--keys: '%.*s' is not a key: give a character or one of <Up> <Down> "
                     "<Left> <Right> <PgUp> <PgDn> <Home> <End> <Enter> <Esc> <Tab> <BTab> <BS> "
                     "<Space> <lt>",
                     (int)strcspn(at, ">") + 1, at);
            return UI_EXIT_USAGE;
        }
        tui_key(t, key);
        while (t->busy == TUI_BUSY_RUN || t->busy == TUI_BUSY_SEARCH) {
            tui_tick(t);
        }
        if (tui_draw(t, args->cols, args->rows) < 0) {
            return UI_EXIT_USAGE;
        }
    }
    return UI_EXIT_OK;
}

/* Goes where --at says; the exit status (2 with the reason on stderr when it cannot). */
static int go_there(struct tui *t, const char *at)
{
    switch (tui_goto(t, at)) {
    case TUI_GOTO_DONE:
        return UI_EXIT_OK;
    case TUI_GOTO_UNKNOWN:
        ui_error("--at: '%s' is not an event number (29), a virtual time (12.5ms, 2s) or 'end'",
                 at);
        return UI_EXIT_USAGE;
    case TUI_GOTO_PAST_END:
    case TUI_GOTO_FAILED:
        break;
    }
    ui_error("--at %s: %s", at, t->message); /* what the TUI's status bar would say */
    return UI_EXIT_USAGE;
}

/* Draws `prog` at the position and size the arguments say, and prints it. */
static int screen_program(const void *ctx, const char *name, const struct sim_program *prog)
{
    const struct ui_args *args = ctx;
    struct tui t;
    int focus = args->focus != NULL ? find_focus(args->focus) : TUI_PANE_TRACE;
    if (focus < 0) {
        return UI_EXIT_USAGE;
    }
    if (tui_init(&t, name, prog) < 0) {
        tui_finish(&t);
        ui_error("%s: %s", name, sim_strerror(SIM_ENOMEM));
        return UI_EXIT_USAGE;
    }
    int status = go_there(&t, args->at);
    t.focus = (enum tui_pane)focus;
    t.tab = (enum tui_pane)focus;
    if (status == UI_EXIT_OK && args->predict) {
        tui_predict_toggle(&t);
    }
    if (status == UI_EXIT_OK) {
        status = press_keys(&t, args);
    }
    if (status == UI_EXIT_OK && tui_draw(&t, args->cols, args->rows) < 0) {
        ui_error("%s: %s", name, sim_strerror(SIM_ENOMEM));
        status = UI_EXIT_USAGE;
    }
    if (status == UI_EXIT_OK) {
        bool utf8 = !args->ascii && tui_locale_utf8();
        struct screen_out out = {utf8, args->color, !tui_color_allowed()};
        status = print_grid(&t.grid, &out);
    }
    tui_finish(&t);
    return status;
}

int ui_screen(const struct ui_args *args)
{
    return ui_source_with(args->scenarios[0], &args->overrides, false, screen_program, args);
}
