/*
 * tui_out.h - how a finished grid becomes characters and attributes on an output: the ASCII
 * stand-ins for a locale that is not UTF-8, and how each style looks with colors and without.
 *
 * The terminal (tui_term.c, through curses) and `loopsim screen` (screen.c, as plain text or
 * SGR escapes) both read these tables, so what the screen command prints is what the terminal
 * shows.
 */
#ifndef UI_TUI_OUT_H
#define UI_TUI_OUT_H

#include <stdbool.h>
#include <stdint.h>

#include "tui_grid.h"

/* Attributes a style may have. */
enum tui_attr {
    TUI_ATTR_BOLD = 1u << 0,
    TUI_ATTR_DIM = 1u << 1,
    TUI_ATTR_REVERSE = 1u << 2,
    TUI_ATTR_UNDERLINE = 1u << 3,
};

/* The ANSI colors (the order of SGR 30-37, and of curses' COLOR_*); -1 is the default. */
enum tui_color {
    TUI_DEFAULT = -1,
    TUI_BLACK,
    TUI_RED,
    TUI_GREEN,
    TUI_YELLOW,
    TUI_BLUE,
    TUI_MAGENTA,
    TUI_CYAN,
    TUI_WHITE,
};

/* How one style looks. */
struct tui_look {
    enum tui_color fg;
    enum tui_color bg;
    unsigned color_attrs;       /* enum tui_attr bits, with colors */
    unsigned mono_attrs;        /* without colors: bold, dim and reverse must carry the meaning */
};

/* The look of style s. */
const struct tui_look *tui_look_of(enum tui_style s);

/* What character c becomes where the output cannot show it (no UTF-8): ASCII, or '?'. */
uint32_t tui_ascii_for(uint32_t c);

/* Sets the locale from the environment (setlocale) and says whether it is UTF-8. */
bool tui_locale_utf8(void);

/* Colors are allowed: NO_COLOR (https://no-color.org) is not set, or empty. */
bool tui_color_allowed(void);

#endif
