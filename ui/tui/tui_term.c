/*
 * tui_term.c - ncursesw at the edge of the TUI (see tui_term.h): start and restore, styles to
 * colors or attributes (tui_out.c's looks), the grid onto the screen, keys in.
 *
 * Like htop's CRT_init/CRT_done, this is the only file that knows curses. Our own handlers for
 * SIGINT, SIGTERM and SIGHUP are installed before curses starts, so ncurses leaves them alone
 * (it only catches signals still at their default) and the key loop sees a flag instead of the
 * process dying with the terminal in raw mode.
 */
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include "tui_term.h"

#include <curses.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui_key.h"
#include "tui_out.h"

static volatile sig_atomic_t quit_signal;
static bool term_open;
static bool utf8;
static SCREEN *screen;
static FILE *tty_in;            /* /dev/tty when standard input is not a terminal */
static attr_t style_attr[TUI_STYLE_COUNT];

static void on_quit_signal(int sig)
{
    quit_signal = sig;
}

static void catch_quit_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_quit_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a blocked read returns, and the flag is seen */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

/* The curses attributes of enum tui_attr bits. */
static attr_t curses_attrs(unsigned attrs)
{
    return (attrs & TUI_ATTR_BOLD ? A_BOLD : 0) | (attrs & TUI_ATTR_DIM ? A_DIM : 0) |
           (attrs & TUI_ATTR_REVERSE ? A_REVERSE : 0) |
           (attrs & TUI_ATTR_UNDERLINE ? A_UNDERLINE : 0);
}

/* Each style as attributes (tui_out.c's looks): with colors, a pair each. */
static void set_styles(bool color)
{
    for (int s = 0; s < TUI_STYLE_COUNT; s++) {
        const struct tui_look *look = tui_look_of((enum tui_style)s);
        style_attr[s] = curses_attrs(color ? look->color_attrs : look->mono_attrs);
        bool paired = look->fg != TUI_DEFAULT || look->bg != TUI_DEFAULT;
        if (color && paired && init_pair((short)(s + 1), (short)look->fg, (short)look->bg) == OK) {
            style_attr[s] |= COLOR_PAIR(s + 1);
        }
    }
}

static bool color_wanted(void)
{
    return has_colors() && tui_color_allowed();
}

int tui_term_open(char *why, size_t size)
{
    if (term_open) {
        return 0;
    }
    utf8 = tui_locale_utf8();
    FILE *in = stdin;
    if (!isatty(STDIN_FILENO)) {
        tty_in = fopen("/dev/tty", "r");
        in = tty_in;
    }
    if (in == NULL || !isatty(STDOUT_FILENO)) {
        snprintf(why, size, "it needs a terminal for its input and output");
        goto fail;
    }
    catch_quit_signals();
    screen = newterm(NULL, stdout, in);
    if (screen == NULL) {
        const char *term = getenv("TERM");
        if (term == NULL || term[0] == '\0') {
            snprintf(why, size, "TERM is not set");
        } else {
            snprintf(why, size, "the terminal type '%s' is unknown", term);
        }
        goto fail;
    }
    static bool registered;
    if (!registered) {
        atexit(tui_term_close);
        registered = true;
    }
    term_open = true;
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    bool color = color_wanted();
    if (color) {
        start_color();
        use_default_colors();
    }
    set_styles(color);
    return 0;

fail:
    if (tty_in != NULL) {
        fclose(tty_in);
        tty_in = NULL;
    }
    return -1;
}

void tui_term_close(void)
{
    if (!term_open) {
        return;
    }
    term_open = false;
    curs_set(1);
    endwin();
    delscreen(screen);
    screen = NULL;
    if (tty_in != NULL) {
        fclose(tty_in);
        tty_in = NULL;
    }
}

void tui_term_size(int *cols, int *rows)
{
    getmaxyx(stdscr, *rows, *cols);
}

void tui_term_draw(const struct tui_grid *g)
{
    int rows;
    int cols;
    getmaxyx(stdscr, rows, cols);
    for (int y = 0; y < g->rows && y < rows; y++) {
        for (int x = 0; x < g->cols && x < cols; x++) {
            const struct tui_cell *cell = &g->cells[(size_t)y * (size_t)g->cols + (size_t)x];
            if (cell->ch == 0) {
                continue; /* the right half of a wide character */
            }
            wchar_t text[2] = {(wchar_t)(utf8 ? cell->ch : tui_ascii_for(cell->ch)), L'\0'};
            attr_t attr = style_attr[cell->style];
            cchar_t cc;
            setcchar(&cc, text, attr & ~A_COLOR, (short)PAIR_NUMBER(attr), NULL);
            mvadd_wch(y, x, &cc);
        }
    }
    refresh();
}

static int map_key(int rc, wint_t ch)
{
    if (rc == KEY_CODE_YES) {
        switch (ch) {
        case KEY_UP:
            return TUI_KEY_UP;
        case KEY_DOWN:
            return TUI_KEY_DOWN;
        case KEY_LEFT:
            return TUI_KEY_LEFT;
        case KEY_RIGHT:
            return TUI_KEY_RIGHT;
        case KEY_PPAGE:
            return TUI_KEY_PAGE_UP;
        case KEY_NPAGE:
            return TUI_KEY_PAGE_DOWN;
        case KEY_HOME:
            return TUI_KEY_HOME;
        case KEY_END:
            return TUI_KEY_END;
        case KEY_ENTER:
            return TUI_KEY_ENTER;
        case KEY_BACKSPACE:
            return TUI_KEY_BACKSPACE;
        case KEY_BTAB:
            return TUI_KEY_BACKTAB;
        case KEY_RESIZE:
            return TUI_KEY_RESIZE;
        default:
            return TUI_KEY_NONE;
        }
    }
    switch (ch) {
    case L'\r':
    case L'\n':
        return TUI_KEY_ENTER;
    case 27:
        return TUI_KEY_ESCAPE;
    case 8:
    case 127:
        return TUI_KEY_BACKSPACE;
    case L'\t':
        return TUI_KEY_TAB;
    default:
        return (int)ch;
    }
}

int tui_term_key(int timeout_ms)
{
    if (quit_signal != 0) {
        return TUI_KEY_SIGNAL;
    }
    timeout(timeout_ms);
    wint_t ch = 0;
    int rc = get_wch(&ch);
    if (quit_signal != 0) {
        return TUI_KEY_SIGNAL;
    }
    return rc == ERR ? TUI_KEY_NONE : map_key(rc, ch);
}
