/*
 * tui_key.h - the keys the TUI understands: what tui_term.c reads from the terminal and what
 * tui_key() and the tests hand to the stepper.
 */
#ifndef UI_TUI_KEY_H
#define UI_TUI_KEY_H

/* A key: a Unicode code point, or one of these. */
enum tui_key {
    TUI_KEY_NONE = -1,          /* no key came before the time-out */
    TUI_KEY_UP = 0x110000,      /* past the last code point */
    TUI_KEY_DOWN,
    TUI_KEY_LEFT,
    TUI_KEY_RIGHT,
    TUI_KEY_PAGE_UP,
    TUI_KEY_PAGE_DOWN,
    TUI_KEY_HOME,
    TUI_KEY_END,
    TUI_KEY_ENTER,
    TUI_KEY_ESCAPE,
    TUI_KEY_BACKSPACE,
    TUI_KEY_TAB,
    TUI_KEY_BACKTAB,
    TUI_KEY_RESIZE,             /* the terminal changed size */
    TUI_KEY_SIGNAL,             /* SIGINT, SIGTERM or SIGHUP arrived: quit */
};

#endif
