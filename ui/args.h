/*
 * args.h - the command line, parsed strictly into what the commands need.
 */
#ifndef UI_ARGS_H
#define UI_ARGS_H

#include <stdbool.h>
#include <stddef.h>

#include "printer.h"
#include "sim.h"

/* The commands, in --help order. UI_CMD_RUN is the bare `loopsim [SCENARIO]`. */
#define UI_COMMAND_MAP(X) \
    X(TRACE, "trace")     \
    X(CHECK, "check")     \
    X(LIST, "list")       \
    X(TUI, "tui")         \
    X(HELP, "help")

enum ui_command {
#define X(e, name) UI_CMD_##e,
    UI_COMMAND_MAP(X)
#undef X
    UI_CMD_RUN,
    UI_CMD_VERSION,
};

/* The command names, for suggestions. */
extern const char *const ui_command_names[];
extern const size_t ui_command_count;

struct ui_args {
    enum ui_command command;
    const char **scenarios;             /* owned array of borrowed argv strings */
    size_t scenario_count;
    const struct printer *printer;      /* --format / --logs; text by default */
    bool logs;                          /* --logs was given */
    const char *output;                 /* -o FILE, or NULL: standard output */
    struct sim_overrides overrides;     /* --threadpool, --limit, --entry, --until, ... */
};

/*
 * Parses argv into `args` (caller memory; free with ui_args_finish). Returns 0, or UI_EXIT_USAGE
 * after printing the error and a hint on stderr. Strings stay borrowed from argv.
 */
int ui_args_parse(struct ui_args *args, int argc, char **argv);

/* Frees what `args` owns; accepts NULL. */
void ui_args_finish(struct ui_args *args);

#endif
