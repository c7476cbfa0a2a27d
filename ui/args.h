/*
 * args.h - the command line, parsed strictly into what the commands need.
 */
#ifndef UI_ARGS_H
#define UI_ARGS_H

#include <stdbool.h>
#include <stddef.h>

#include "printer.h"
#include "sim.h"

/*
 * The commands, in --help order. UI_CMD_RUN is the bare `loopsim [SCENARIO]`. `names` and `js`
 * are left out of --help: they serve the documentation and the tests (docs/trace-format.md);
 * `export-js` is `js` with what loopsim needs to read the program back.
 */
#define UI_COMMAND_MAP(X)  \
    X(TRACE, "trace")      \
    X(EXPLAIN, "explain")  \
    X(CHECK, "check")      \
    X(COMPARE, "compare")  \
    X(RACES, "races")      \
    X(LIST, "list")        \
    X(TUI, "tui")          \
    X(SCREEN, "screen")    \
    X(EXPORT_JS, "export-js") \
    X(HELP, "help")        \
    X(NAMES, "names")      \
    X(JS, "js")

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
    const struct printer *explain;      /* explain's --format (narrator.h), or NULL: text */
    const char *output;                 /* -o FILE, or NULL: standard output */
    struct sim_overrides overrides;     /* --threadpool, --limit, --entry, --until, ... */
    const char *nodes[2];               /* compare's --node values, as given (borrowed) */
    int node_values[2];                 /* ... as enum sim_node */
    size_t node_count;
    const char *at;                     /* screen --at: where to go, as the TUI's g takes it */
    int cols;                           /* screen --size WxH */
    int rows;
    const char *focus;                  /* screen --focus PANE, or NULL */
    const char *keys;                   /* screen --keys KEYS, or NULL */
    bool color;                         /* screen --color: SGR escapes */
    bool ascii;                         /* screen --ascii: as a terminal that is not UTF-8 */
    struct sim_races_options races;     /* races --budget, --window, --spread */
};

/* How many --node options `compare` takes: the two runs it puts side by side. */
#define UI_MAX_PROFILES 2

/* The size `loopsim screen` draws when --size is not given: the README's capture. */
#define UI_SCREEN_COLS 112
#define UI_SCREEN_ROWS 34
#define UI_SCREEN_MAX 1000          /* the widest and tallest --size */

/*
 * Parses argv into `args` (caller memory; free with ui_args_finish). Returns 0, or UI_EXIT_USAGE
 * after printing the error and a hint on stderr. Strings stay borrowed from argv.
 */
int ui_args_parse(struct ui_args *args, int argc, char **argv);

/* Frees what `args` owns; accepts NULL. */
void ui_args_finish(struct ui_args *args);

#endif
