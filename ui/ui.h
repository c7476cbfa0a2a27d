/*
 * ui.h - what every part of the command line shares: exit statuses, error messages on stderr,
 * and the "did you mean" suggestion.
 */
#ifndef UI_UI_H
#define UI_UI_H

#include <stddef.h>

/*
 * The exit statuses of the contract (shared/spec/scenario-format.md, "Command line"), with what
 * --help and the man page say of each. X(enum suffix, status, when)
 */
#define UI_EXIT_MAP(X)                                                                            \
    X(OK, 0, "success")                                                                           \
    X(FAIL, 1, "an expect mismatch, or a stop by max_callbacks (or another bound of a run)")     \
    X(USAGE, 2, "a usage error, an unreadable file, an invalid scenario or a write error")

enum ui_exit {
#define X(e, status, when) UI_EXIT_##e = status,
    UI_EXIT_MAP(X)
#undef X
};

/* Prints "loopsim: MESSAGE" and a newline on stderr; `fmt` is printf's. */
void ui_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Prints ui_error's message, then "; did you mean 'X'?" when X among `names` is close to `word`:
 * the engine's one suggester decides (sim/suggest.h), as it does for the loader's messages.
 */
void ui_error_suggest(const char *message, const char *word, const char *const *names,
                      size_t count);

#endif
