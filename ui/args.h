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
 * The commands, in --help order. UI_CMD_RUN is the bare `loopsim [SCENARIO]`. `names`, `js` and
 * `man` are left out of --help and the man page: they serve the documentation, the build and
 * the tests (docs/trace-format.md); `export-js` is `js` with what loopsim needs to read the
 * program back. --help, the man page and the completions are made from this table and the
 * option table (args.c, ui_option_at): ui/help.c.
 * X(enum suffix, name, what follows the name in a synopsis, what it does; NULL: hidden)
 */
#define UI_COMMAND_MAP(X)                                                                         \
    X(TRACE, "trace", "SCENARIO [options]",                                                       \
      "print the trace: every event, when and why, in the format --format names")                \
    X(EXPLAIN, "explain", "SCENARIO [--format text|markdown] [-o FILE]",                          \
      "the run narrated: a paragraph per callback saying why it ran where and when it did, "      \
      "from the rules the engine applied (markdown: a heading per iteration; docs/explain.md)")   \
    X(CHECK, "check", "SCENARIO...",                                                              \
      "validate each scenario; where it has `expect` or `expect_any`, also compare what it "      \
      "prints")                                                                                   \
    X(COMPARE, "compare", "--node A --node B SCENARIO",                                           \
      "what the scenario prints under each profile, side by side, the first difference marked "   \
      "'>'")                                                                                      \
    X(RACES, "races", "SCENARIO [options]",                                                       \
      "every output real Node may print where its order depends on timing, each with the "        \
      "choices that lead to it (docs/races.md)")                                                  \
    X(LIST, "list", "", "the built-in scenarios, each with its title, and the exercises")        \
    X(QUIZ, "quiz", "SCENARIO [-o FILE | --answer FILE|DIR...] | --sheet [SCENARIO...] [-o DIR]", \
      "ask for the order of the program's console lines and grade it, each line out of place "   \
      "explained; --answer grades answer files, --sheet writes the exercise sheet and its key "  \
      "(docs/teaching.md)")                                                                      \
    X(TUI, "tui", "[SCENARIO]",                                                                   \
      "step through a scenario, forward and back (in the TUI, ? lists every key; --predict: "    \
      "guess each callback before it runs)")                                                      \
    X(SCREEN, "screen", "SCENARIO --at EVENT|TIME [--size WxH] [--focus PANE] [--keys KEYS]",     \
      "print the TUI's screen at that position, as text")                                         \
    X(EXPORT_JS, "export-js", "SCENARIO [-o FILE]",                                               \
      "the scenario as a JavaScript program (.mjs for an ES module entry) that node runs, and "   \
      "loopsim reads back, with the same output")                                                 \
    X(COMPLETION, "completion", "bash|zsh",                                                       \
      "print the shell's completion script: commands, options, formats and the built-in "         \
      "scenarios (meson install puts both where Debian's shells look)")                           \
    X(HELP, "help", "", "this help (also --help and -h)")                                         \
    X(NAMES, "names", "", NULL)                                                                   \
    X(JS, "js", "SCENARIO", NULL)                                                                 \
    X(MAN, "man", "", NULL)

enum ui_command {
#define X(e, name, synopsis, what) UI_CMD_##e,
    UI_COMMAND_MAP(X)
#undef X
    UI_CMD_RUN,
    UI_CMD_VERSION,
};

/* The headings the options are listed under, in --help order. X(enum suffix, heading) */
#define UI_OPTION_GROUP_MAP(X)                                                                    \
    X(TRACE, "Trace options")                                                                     \
    X(SIMULATION, "Simulation options (they override the scenario's config)")                     \
    X(RACES, "Races options")                                                                     \
    X(QUIZ, "Quiz options")                                                                       \
    X(SCREEN, "Screen options")                                                                   \
    X(GENERAL, "General options")

enum ui_option_group {
#define X(e, heading) UI_GROUP_##e,
    UI_OPTION_GROUP_MAP(X)
#undef X
    UI_GROUP_COUNT
};

/* What an option's value may be, for the shell completions (help.c lists each). */
enum ui_values {
    UI_VALUES_NONE,             /* the option takes no value */
    UI_VALUES_ANY,              /* a number, a time, keys: nothing to complete */
    UI_VALUES_FILE,             /* a path */
    UI_VALUES_FORMAT,           /* a trace format (the printer registry) */
    UI_VALUES_NODE,             /* a profile (sim_node_choices) */
    UI_VALUES_ENTRY,            /* commonjs or module */
    UI_VALUES_PANE,             /* a TUI pane that takes the focus */
    UI_VALUES_PHASE,            /* PHASE= of a phase with a callback limit */
};

/* One option of the command line: how it is spelled, what it takes, what it is for. */
struct ui_option {
    const char *name;           /* "--format" */
    char letter;                /* 'o' for -o, or 0 */
    const char *value;          /* what it takes, as --help shows it ("FILE"), or NULL */
    enum ui_values values;
    enum ui_option_group group;
    unsigned commands;          /* a mask of the commands that accept it: 1u << UI_CMD_x */
    int id;                     /* which one it is, for args.c */
    const char *help;           /* what it does, for --help and the man page */
};

/* The i-th option, in --help order within its group, or NULL past the last. */
const struct ui_option *ui_option_at(size_t i);

/* The i-th phase --limit takes (one with a per-visit callback limit), or SIM_PHASE_COUNT. */
enum sim_phase ui_limit_phase_at(size_t i);

/* The heading of an option group. */
const char *ui_option_group_heading(enum ui_option_group g);

/* The synopsis (what follows the name) and the help of a command; help NULL: a hidden one. */
const char *ui_command_synopsis(enum ui_command cmd);
const char *ui_command_help(enum ui_command cmd);

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
    bool brief;                         /* trace --brief: markdown's callback and log rows */
    const char *output;                 /* -o FILE, or NULL: standard output */
    int64_t html_max_events;            /* --html-max-events N, or -1: the default */
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
    const char **answers;               /* quiz --answer FILE|DIR|-, in order (owned array of
                                           borrowed argv strings) */
    size_t answer_count;
    bool quiz_json;                     /* quiz --format json */
    bool sheet;                         /* quiz --sheet: write the sheet and the key */
    bool typed;                         /* quiz --typed: type the lines, no curses list */
    bool predict;                       /* tui/screen --predict: guess each callback first */
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
