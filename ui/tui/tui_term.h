/*
 * tui_term.h - the terminal, through ncursesw: the one place loopsim includes curses.
 *
 * It starts and restores the terminal, copies a finished grid onto it, and reads keys. The
 * terminal is restored on every way out: tui_term_close() (idempotent), an atexit() handler,
 * and SIGINT, SIGTERM and SIGHUP, which become TUI_KEY_SIGNAL so the caller can quit cleanly.
 */
#ifndef UI_TUI_TERM_H
#define UI_TUI_TERM_H

#include <stddef.h>

#include "tui_grid.h"

/*
 * Takes over the terminal: raw-ish keys (cbreak), no echo, hidden cursor, colors unless the
 * terminal has none or NO_COLOR is set. Returns 0, or -1 with the reason in why.
 */
int tui_term_open(char *why, size_t size);

/* Gives the terminal back as it was; harmless when it is not open. */
void tui_term_close(void);

/* The terminal's size in cells. */
void tui_term_size(int *cols, int *rows);

/* Shows grid g (of the terminal's size) on the terminal. */
void tui_term_draw(const struct tui_grid *g);

/*
 * Waits up to timeout_ms (< 0: until a key) for a key. Returns a code point or an enum tui_key:
 * TUI_KEY_NONE on time-out, TUI_KEY_RESIZE, TUI_KEY_SIGNAL once a quitting signal arrived.
 */
int tui_term_key(int timeout_ms);

#endif
