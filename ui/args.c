/*
 * args.c - parsing the command line: the command, its scenarios and its options.
 *
 * Numbers are parsed strictly: "4x", "-1", "1e3", " 4" and values past INT64_MAX are refused
 * here; the ranges (threadpool 1..1024, ...) are the loader's to check, like the same keys in a
 * scenario's config, so both say the same thing.
 */
#include "args.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "narrator.h"
#include "ui.h"

const char *const ui_command_names[] = {
#define X(e, name, synopsis, what) name,
    UI_COMMAND_MAP(X)
#undef X
};
const size_t ui_command_count = sizeof ui_command_names / sizeof ui_command_names[0];

enum opt_id {
    OPT_FORMAT,
    OPT_OUTPUT,
    OPT_LOGS,
    OPT_HTML_MAX_EVENTS,
    OPT_BRIEF,
    OPT_THREADPOOL,
    OPT_CPUS,
    OPT_LIMIT,
    OPT_ENTRY,
    OPT_NODE,
    OPT_UNTIL,
    OPT_MAX_CALLBACKS,
    OPT_BUDGET,
    OPT_WINDOW,
    OPT_SPREAD,
    OPT_ANSWER,
    OPT_SHEET,
    OPT_TYPED,
    OPT_PREDICT,
    OPT_AT,
    OPT_SIZE,
    OPT_FOCUS,
    OPT_KEYS,
    OPT_COLOR,
    OPT_ASCII,
    OPT_HELP,
    OPT_VERSION,
};

#define CMD(c) (1u << UI_CMD_##c)
#define TRACING (CMD(RUN) | CMD(TRACE))
#define FORMATTED (TRACING | CMD(RACES) | CMD(EXPLAIN) | CMD(QUIZ))
#define WRITING (TRACING | CMD(EXPORT_JS) | CMD(EXPLAIN) | CMD(QUIZ))
#define SIMULATING                                                                                 \
    (CMD(RUN) | CMD(TRACE) | CMD(CHECK) | CMD(COMPARE) | CMD(TUI) | CMD(SCREEN) | CMD(JS) |       \
     CMD(EXPORT_JS) | CMD(RACES) | CMD(EXPLAIN) | CMD(QUIZ))
#define SCREEN CMD(SCREEN)
#define ANY (~0u)

/*
 * Every option, grouped as --help lists them. The texts are --help's and the man page's
 * (help.c wraps them); a value's range is the loader's to check, as for the same key in a
 * scenario's config.
 */
static const struct ui_option options[] = {
    {"--format", 0, "F", UI_VALUES_FORMAT, UI_GROUP_TRACE, FORMATTED, OPT_FORMAT,
     "the output format (races: text or jsonl):"},
    {"--logs", 0, NULL, UI_VALUES_NONE, UI_GROUP_TRACE, TRACING, OPT_LOGS,
     "only what the program prints with console.log (= --format logs)"},
    {"--brief", 0, NULL, UI_VALUES_NONE, UI_GROUP_TRACE, CMD(TRACE), OPT_BRIEF,
     "with --format markdown: only the callback and log rows"},
    {"--output", 'o', "FILE", UI_VALUES_FILE, UI_GROUP_TRACE, WRITING, OPT_OUTPUT,
     "write to FILE; it is replaced only once the whole output is written (export-js takes "
     "-o too; quiz: the answer given, saved for grading; quiz --sheet: the directory of the "
     "sheet and the key)"},
    {"--html-max-events", 0, "N", UI_VALUES_ANY, UI_GROUP_TRACE, TRACING, OPT_HTML_MAX_EVENTS,
     "the events an html page holds at most (default 20000; 0: all): a longer run is cut, and "
     "the page says so"},
    {"--threadpool", 0, "N", UI_VALUES_ANY, UI_GROUP_SIMULATION, SIMULATING, OPT_THREADPOOL,
     "worker-pool size, 1 to 1024 (UV_THREADPOOL_SIZE)"},
    {"--cpus", 0, "N", UI_VALUES_ANY, UI_GROUP_SIMULATION, SIMULATING, OPT_CPUS,
     "CPU cores the computing jobs and the main thread share, 0 to 1024; 0 (default) = as "
     "many as there are threads (docs/cpus.md)"},
    {"--limit", 0, "PHASE=N", UI_VALUES_PHASE, UI_GROUP_SIMULATION, SIMULATING, OPT_LIMIT,
     "run at most N callbacks per visit of PHASE (timers, pending, poll, check, close); 0 = "
     "no limit; repeatable"},
    {"--entry", 0, "E", UI_VALUES_ENTRY, UI_GROUP_SIMULATION, SIMULATING, OPT_ENTRY,
     "'commonjs' (default) or 'module' (an ES module entry point)"},
    {"--node", 0, "N", UI_VALUES_NODE, UI_GROUP_SIMULATION, SIMULATING, OPT_NODE,
     "the profile: 20 (default: Node >= 11, libuv >= 1.45) or 10 (ticks after each timer "
     "list and check phase, timers first in each iteration: docs/node-profiles.md); compare "
     "takes two"},
    {"--until", 0, "MS", UI_VALUES_ANY, UI_GROUP_SIMULATION, SIMULATING, OPT_UNTIL,
     "stop at this virtual time, in milliseconds"},
    {"--max-callbacks", 0, "N", UI_VALUES_ANY, UI_GROUP_SIMULATION, SIMULATING,
     OPT_MAX_CALLBACKS, "stop after N callbacks (default 1000000; exit status 1)"},
    {"--budget", 0, "RUNS", UI_VALUES_ANY, UI_GROUP_RACES, CMD(RACES), OPT_BUDGET,
     "explore at most RUNS runs (default 256, at most 100000)"},
    {"--window", 0, "MS", UI_VALUES_ANY, UI_GROUP_RACES, CMD(RACES), OPT_WINDOW,
     "I/O events, pool completions and a poll's wake-up this close may come in either order "
     "(default 1)"},
    {"--spread", 0, "F", UI_VALUES_ANY, UI_GROUP_RACES, CMD(RACES), OPT_SPREAD,
     "a pool job may last its length +- this fraction (default 0.1)"},
    {"--answer", 0, "FILE", UI_VALUES_FILE, UI_GROUP_QUIZ, CMD(QUIZ), OPT_ANSWER,
     "grade this answer, one console line per line ('-': standard input; a directory: every "
     "*.txt file in it); repeatable; exit status 0 when every answer is right, 1 otherwise; "
     "--format json for a grading script"},
    {"--sheet", 0, NULL, UI_VALUES_NONE, UI_GROUP_QUIZ, CMD(QUIZ), OPT_SHEET,
     "write the exercise sheet and the answer key (Markdown and HTML) for the SCENARIOs, or "
     "for every exercise when none is given, into -o DIR (default: the current directory)"},
    {"--typed", 0, NULL, UI_VALUES_NONE, UI_GROUP_QUIZ, CMD(QUIZ), OPT_TYPED,
     "on a terminal: type the lines (or their letters) instead of arranging them in a list"},
    {"--predict", 0, NULL, UI_VALUES_NONE, UI_GROUP_QUIZ, CMD(TUI) | CMD(SCREEN), OPT_PREDICT,
     "tui: start in predict mode (key P): before each callback runs, pick from the queues the "
     "one you think runs next"},
    {"--at", 0, "WHERE", UI_VALUES_ANY, UI_GROUP_SCREEN, SCREEN, OPT_AT,
     "an event number (29), a virtual time (12.5ms, 2s: the loop at that time) or 'end', as "
     "the TUI's g key takes it"},
    {"--size", 0, "WxH", UI_VALUES_ANY, UI_GROUP_SCREEN, SCREEN, OPT_SIZE,
     "the terminal's size in columns and rows (default 112x34)"},
    {"--focus", 0, "PANE", UI_VALUES_PANE, UI_GROUP_SCREEN, SCREEN, OPT_FOCUS,
     "the pane with the focus: trace (default), program, console, queues, workers"},
    {"--keys", 0, "KEYS", UI_VALUES_ANY, UI_GROUP_SCREEN, SCREEN, OPT_KEYS,
     "then press these keys, as in the TUI: characters, and <Up> <Down> <Left> <Right> <PgUp> "
     "<PgDn> <Home> <End> <Enter> <Esc> <Tab> <lt> (e.g. --keys '?' the help, --keys i the "
     "event in full)"},
    {"--color", 0, NULL, UI_VALUES_NONE, UI_GROUP_SCREEN, SCREEN, OPT_COLOR,
     "the styles as SGR escapes (attributes only with NO_COLOR set)"},
    {"--ascii", 0, NULL, UI_VALUES_NONE, UI_GROUP_SCREEN, SCREEN, OPT_ASCII,
     "ASCII lines and marks, as in a locale that is not UTF-8 (the default follows the "
     "locale, like the TUI)"},
    {"--help", 'h', NULL, UI_VALUES_NONE, UI_GROUP_GENERAL, ANY, OPT_HELP,
     "print this help and exit"},
    {"--version", 0, NULL, UI_VALUES_NONE, UI_GROUP_GENERAL, ANY, OPT_VERSION,
     "print the version and the Node.js and libuv it models, and exit"},
};

#define OPTION_COUNT (sizeof options / sizeof options[0])

const struct ui_option *ui_option_at(size_t i)
{
    return i < OPTION_COUNT ? &options[i] : NULL;
}

static const char *const group_headings[] = {
#define X(e, heading) heading,
    UI_OPTION_GROUP_MAP(X)
#undef X
};

const char *ui_option_group_heading(enum ui_option_group g)
{
    return (unsigned)g < UI_GROUP_COUNT ? group_headings[g] : "?";
}

static const char *const command_synopses[] = {
#define X(e, name, synopsis, what) synopsis,
    UI_COMMAND_MAP(X)
#undef X
};

static const char *const command_helps[] = {
#define X(e, name, synopsis, what) what,
    UI_COMMAND_MAP(X)
#undef X
};

const char *ui_command_synopsis(enum ui_command cmd)
{
    return (size_t)cmd < ui_command_count ? command_synopses[cmd] : "";
}

const char *ui_command_help(enum ui_command cmd)
{
    return (size_t)cmd < ui_command_count ? command_helps[cmd] : NULL;
}

#undef CMD
#undef TRACING
#undef FORMATTED
#undef WRITING
#undef SIMULATING
#undef SCREEN
#undef ANY

/* The phases --limit accepts: the ones with a per-visit callback limit. */
static const enum sim_phase limit_phases[] = {
    SIM_PHASE_TIMERS, SIM_PHASE_PENDING, SIM_PHASE_POLL, SIM_PHASE_CHECK, SIM_PHASE_CLOSE,
};

#define LIMIT_PHASE_COUNT (sizeof limit_phases / sizeof limit_phases[0])

enum sim_phase ui_limit_phase_at(size_t i)
{
    return i < LIMIT_PHASE_COUNT ? limit_phases[i] : SIM_PHASE_COUNT;
}

/* Prints a usage error and the hint to --help; returns UI_EXIT_USAGE. */
static int usage_error(const char *message)
{
    ui_error("%s", message);
    fputs("Try 'loopsim --help' for the commands and options.\n", stderr);
    return UI_EXIT_USAGE;
}

/* Like usage_error, with "did you mean" from `names`. */
static int usage_suggest(const char *message, const char *word, const char *const *names,
                         size_t count)
{
    ui_error_suggest(message, word, names, count);
    fputs("Try 'loopsim --help' for the commands and options.\n", stderr);
    return UI_EXIT_USAGE;
}

/* A whole number: decimal digits only, at most INT64_MAX. */
static bool parse_count(const char *s, int64_t *out)
{
    uint64_t value = 0;
    if (*s == '\0') {
        return false;
    }
    for (; *s != '\0'; s++) {
        if (*s < '0' || *s > '9') {
            return false;
        }
        unsigned digit = (unsigned)(*s - '0');
        if (value > ((uint64_t)INT64_MAX - digit) / 10) {
            return false;
        }
        value = value * 10 + digit;
    }
    *out = (int64_t)value;
    return true;
}

/* Milliseconds: digits with an optional fraction ("12", "0.5"); never negative. */
static bool parse_ms(const char *s, double *out)
{
    size_t digits = strspn(s, "0123456789");
    const char *end = s + digits;
    if (digits == 0) {
        return false;
    }
    if (*end == '.') {
        size_t frac = strspn(end + 1, "0123456789");
        if (frac == 0) {
            return false;
        }
        end += 1 + frac;
    }
    if (*end != '\0') {
        return false;
    }
    *out = strtod(s, NULL);
    return isfinite(*out);
}

/* --limit PHASE=N */
static int parse_limit(struct ui_args *args, const char *value)
{
    const char *eq = strchr(value, '=');
    int64_t n;
    if (eq == NULL || !parse_count(eq + 1, &n)) {
        return usage_error("--limit takes PHASE=N, e.g. --limit check=2 (N a whole number)");
    }
    const char *names[LIMIT_PHASE_COUNT];
    for (size_t i = 0; i < LIMIT_PHASE_COUNT; i++) {
        names[i] = sim_phase_name(limit_phases[i]);
        if (strlen(names[i]) == (size_t)(eq - value) &&
            strncmp(names[i], value, (size_t)(eq - value)) == 0) {
            args->overrides.limits[limit_phases[i]] = n;
            return 0;
        }
    }
    char phase[64];
    snprintf(phase, sizeof phase, "%.*s", (int)(eq - value), value);
    char message[256];
    int len = snprintf(message, sizeof message, "--limit: '%s' is not one of the phases", phase);
    for (size_t i = 0; i < LIMIT_PHASE_COUNT && len > 0 && (size_t)len < sizeof message; i++) {
        len += snprintf(message + len, sizeof message - (size_t)len, "%s %s",
                        i == 0 ? "" : ",", names[i]);
    }
    return usage_suggest(message, phase, names, LIMIT_PHASE_COUNT);
}

/* --format F: an unknown one is told the formats there are (the printer registry). */
static int parse_format(struct ui_args *args, const char *value)
{
    if (args->command == UI_CMD_EXPLAIN) {
        args->explain = narrator_find(value);
        if (args->explain != NULL) {
            return 0;
        }
        const char *names[] = {printer_explain_text.name, printer_explain_markdown.name};
        char message[160];
        snprintf(message, sizeof message,
                 "explain: --format takes 'text' or 'markdown' (got '%.64s')", value);
        return usage_suggest(message, value, names, sizeof names / sizeof names[0]);
    }
    if (args->command == UI_CMD_QUIZ) {
        const char *names[] = {"text", "json"};
        args->quiz_json = strcmp(value, "json") == 0;
        if (args->quiz_json || strcmp(value, "text") == 0) {
            return 0;
        }
        char message[160];
        snprintf(message, sizeof message, "quiz: --format takes 'text' or 'json' (got '%.64s')",
                 value);
        return usage_suggest(message, value, names, sizeof names / sizeof names[0]);
    }
    args->printer = printer_find(value);
    if (args->printer != NULL) {
        return 0;
    }
    enum { MAX_FORMATS = 16 };
    const char *names[MAX_FORMATS];
    size_t count = 0;
    for (const struct printer *p; count < MAX_FORMATS && (p = printer_at(count)) != NULL;
         count++) {
        names[count] = p->name;
    }
    char message[256];
    int len = snprintf(message, sizeof message, "--format: unknown format '%.64s' (the formats: ",
                       value);
    for (size_t i = 0; i < count && len > 0 && (size_t)len < sizeof message; i++) {
        len += snprintf(message + len, sizeof message - (size_t)len, "%s%s", i == 0 ? "" : ", ",
                        names[i]);
    }
    if (len > 0 && (size_t)len < sizeof message) {
        snprintf(message + len, sizeof message - (size_t)len, ")");
    }
    return usage_suggest(message, value, names, count);
}

/* --size WxH: both whole numbers from 1 to UI_SCREEN_MAX. */
static int parse_size(struct ui_args *args, const char *value)
{
    char message[160];
    const char *x = strchr(value, 'x');
    char width[24];
    int64_t cols;
    int64_t rows;
    snprintf(width, sizeof width, "%.*s", x != NULL ? (int)(x - value) : 0, value);
    if (x == NULL || (size_t)(x - value) >= sizeof width || !parse_count(width, &cols) ||
        !parse_count(x + 1, &rows)) {
        snprintf(message, sizeof message,
                 "--size: '%.64s' is not COLUMNSxROWS, e.g. --size 112x34", value);
        return usage_error(message);
    }
    if (cols < 1 || rows < 1 || cols > UI_SCREEN_MAX || rows > UI_SCREEN_MAX) {
        snprintf(message, sizeof message, "--size: %.64s is out of range: 1x1 to %dx%d", value,
                 UI_SCREEN_MAX, UI_SCREEN_MAX);
        return usage_error(message);
    }
    args->cols = (int)cols;
    args->rows = (int)rows;
    return 0;
}

/* A value that must be a whole number. */
static int parse_count_option(const char *name, const char *value, int64_t *out)
{
    if (parse_count(value, out)) {
        return 0;
    }
    char message[160];
    snprintf(message, sizeof message, "%s: '%.64s' is not a whole number", name, value);
    return usage_error(message);
}

/* --node N: a profile; `compare` takes it twice, each run the next, the others once. */
static int parse_node(struct ui_args *args, const char *value)
{
    int node = sim_node_find(value);
    char message[160];
    if (node < 0) {
        snprintf(message, sizeof message, "--node: '%.32s' is not a profile (one of %s)", value,
                 sim_node_choices());
        return usage_error(message);
    }
    if (args->node_count >= UI_MAX_PROFILES ||
        (args->node_count == 1 && args->command != UI_CMD_COMPARE)) {
        snprintf(message, sizeof message, "--node is given %s", args->command == UI_CMD_COMPARE
                                                                    ? "at most twice"
                                                                    : "once");
        return usage_error(message);
    }
    args->nodes[args->node_count] = value;
    args->node_values[args->node_count++] = node;
    args->overrides.node = node;
    return 0;
}

/* races --budget RUNS: 1 to SIM_RACES_MAX_BUDGET. */
static int parse_budget(struct ui_args *args, const char *value)
{
    int64_t n;
    char message[160];
    if (!parse_count(value, &n) || n < 1 || n > SIM_RACES_MAX_BUDGET) {
        snprintf(message, sizeof message, "--budget: '%.32s' is not a number of runs from 1 to %d",
                 value, SIM_RACES_MAX_BUDGET);
        return usage_error(message);
    }
    args->races.budget = (uint32_t)n;
    return 0;
}

/* Stores the value of one option. */
static int apply_option(struct ui_args *args, const struct ui_option *spec, const char *value)
{
    struct sim_overrides *ov = &args->overrides;
    switch ((enum opt_id)spec->id) {
    case OPT_FORMAT:
        return parse_format(args, value);
    case OPT_OUTPUT:
        args->output = value;
        return 0;
    case OPT_LOGS:
        args->logs = true;
        return 0;
    case OPT_HTML_MAX_EVENTS:
        return parse_count_option(spec->name, value, &args->html_max_events);
    case OPT_BRIEF:
        args->brief = true;
        return 0;
    case OPT_THREADPOOL:
        return parse_count_option(spec->name, value, &ov->threadpool_size);
    case OPT_CPUS:
        return parse_count_option(spec->name, value, &ov->cpus);
    case OPT_LIMIT:
        return parse_limit(args, value);
    case OPT_ENTRY:
        ov->entry = sim_entry_find(value);
        if (ov->entry >= 0) {
            return 0;
        }
        return usage_error("--entry takes 'module' or 'commonjs'");
    case OPT_NODE:
        return parse_node(args, value);
    case OPT_UNTIL:
        if (parse_ms(value, &ov->until_ms)) {
            return 0;
        }
        return usage_error("--until takes milliseconds, e.g. 100 or 2.5");
    case OPT_MAX_CALLBACKS:
        return parse_count_option(spec->name, value, &ov->max_callbacks);
    case OPT_BUDGET:
        return parse_budget(args, value);
    case OPT_WINDOW:
        if (parse_ms(value, &args->races.window_ms) && args->races.window_ms <= 1000) {
            return 0;
        }
        return usage_error("--window takes milliseconds from 0 to 1000, e.g. 1 or 0.5");
    case OPT_SPREAD:
        if (parse_ms(value, &args->races.spread) && args->races.spread < 1) {
            return 0;
        }
        return usage_error("--spread takes a fraction from 0 to below 1, e.g. 0.1 for +-10 %");
    case OPT_ANSWER:
        args->answers[args->answer_count++] = value;
        return 0;
    case OPT_SHEET:
        args->sheet = true;
        return 0;
    case OPT_TYPED:
        args->typed = true;
        return 0;
    case OPT_PREDICT:
        args->predict = true;
        return 0;
    case OPT_AT:
        args->at = value;
        return 0;
    case OPT_SIZE:
        return parse_size(args, value);
    case OPT_FOCUS:
        args->focus = value;
        return 0;
    case OPT_KEYS:
        args->keys = value;
        return 0;
    case OPT_COLOR:
        args->color = true;
        return 0;
    case OPT_ASCII:
        args->ascii = true;
        return 0;
    case OPT_HELP:
        args->command = UI_CMD_HELP;
        return 0;
    case OPT_VERSION:
        args->command = UI_CMD_VERSION;
        return 0;
    }
    return 0;
}

/* The option named by `arg` ("--name", "--name=value", "-o", "-oFILE"); NULL when unknown. */
static const struct ui_option *find_option(const char *arg, const char **attached)
{
    *attached = NULL;
    for (size_t i = 0; i < OPTION_COUNT; i++) {
        const struct ui_option *spec = &options[i];
        size_t len = strlen(spec->name);
        if (strncmp(arg, spec->name, len) == 0 && (arg[len] == '\0' || arg[len] == '=')) {
            *attached = arg[len] == '=' ? arg + len + 1 : NULL;
            return spec;
        }
        if (spec->letter != 0 && arg[1] == spec->letter && arg[0] == '-') {
            *attached = arg[2] != '\0' ? arg + 2 : NULL;
            return spec;
        }
    }
    return NULL;
}

/* Reports an option nobody knows, with the closest long name. */
static int unknown_option(const char *arg)
{
    const char *names[OPTION_COUNT];
    for (size_t i = 0; i < OPTION_COUNT; i++) {
        names[i] = options[i].name;
    }
    char word[64];
    snprintf(word, sizeof word, "%.*s", (int)strcspn(arg, "="), arg);
    char message[160];
    snprintf(message, sizeof message, "unknown option '%s'", word);
    return usage_suggest(message, word, names, OPTION_COUNT);
}

/* The name of a command, for messages. */
static const char *command_name(enum ui_command cmd)
{
    return cmd < UI_CMD_RUN ? ui_command_names[cmd] : "loopsim SCENARIO";
}

/* Parses argv[*i], an option, taking its value from argv[*i + 1] when it needs one. */
static int parse_option(struct ui_args *args, int argc, char **argv, int *i)
{
    const char *arg = argv[*i];
    const char *value;
    const struct ui_option *spec = find_option(arg, &value);
    char message[160];
    if (spec == NULL) {
        return unknown_option(arg);
    }
    if (!(spec->commands & (1u << args->command))) {
        snprintf(message, sizeof message, "option '%s' does not apply to '%s'", spec->name,
                 command_name(args->command));
        return usage_error(message);
    }
    if (spec->value == NULL && value != NULL) {
        snprintf(message, sizeof message, "option '%s' takes no value", spec->name);
        return usage_error(message);
    }
    if (spec->value != NULL && value == NULL) {
        if (*i + 1 >= argc) {
            snprintf(message, sizeof message, "option '%s' needs a value", spec->name);
            return usage_error(message);
        }
        value = argv[++*i];
    }
    return apply_option(args, spec, value);
}

/* The command named by `word`, or UI_CMD_RUN when it is none (a scenario, then). */
static enum ui_command find_command(const char *word)
{
    for (size_t i = 0; i < ui_command_count; i++) {
        if (strcmp(ui_command_names[i], word) == 0) {
            return (enum ui_command)i;
        }
    }
    return UI_CMD_RUN;
}

/* screen, js and export-js: exactly one scenario; screen needs --at. */
static int check_one(const struct ui_args *args)
{
    char message[160];
    const char *name = ui_command_names[args->command];
    if (args->scenario_count == 0) {
        snprintf(message, sizeof message, "'%s' needs a SCENARIO", name);
        return usage_error(message);
    }
    if (args->scenario_count > 1) {
        snprintf(message, sizeof message, "'%s' takes one scenario (got '%s' and '%s')", name,
                 args->scenarios[0], args->scenarios[1]);
        return usage_error(message);
    }
    if (args->command == UI_CMD_SCREEN && args->at == NULL) {
        return usage_error("'screen' needs --at EVENT|TIME, e.g. --at 29, --at 12.5ms or "
                           "--at end");
    }
    return 0;
}

/* quiz: one scenario, or --sheet with any number; --answer and --sheet do not mix. */
static int check_quiz(const struct ui_args *args)
{
    if (args->sheet) {
        if (args->answer_count > 0 || args->typed) {
            return usage_error("quiz: --sheet writes the sheet and the key; it takes no --answer "
                               "or --typed");
        }
        return args->quiz_json ? usage_error("quiz: --sheet writes Markdown and HTML; it takes "
                                             "no --format") : 0;
    }
    if (args->output != NULL && args->answer_count > 0) {
        return usage_error("quiz: -o saves the answer given on a terminal or standard input; "
                           "--answer files are graded where they are");
    }
    if (args->answer_count > 0 && args->typed) {
        return usage_error("quiz: --typed is for a terminal; --answer grades files");
    }
    return check_one(args);
}

/* Checks the number of scenarios the command was given. */
static int check_counts(const struct ui_args *args)
{
    size_t n = args->scenario_count;
    char message[160];
    switch (args->command) {
    case UI_CMD_LIST:
    case UI_CMD_NAMES:
    case UI_CMD_MAN:
        if (n == 0) {
            return 0;
        }
        snprintf(message, sizeof message, "'%s' takes no scenario (got '%s')",
                 ui_command_names[args->command], args->scenarios[0]);
        return usage_error(message);
    case UI_CMD_CHECK:
        return n >= 1 ? 0 : usage_error("'check' needs at least one SCENARIO");
    case UI_CMD_RUN:
        if (n > 1) {
            /* `loopsim X Y` is never a scenario run: X must have been meant as a command. */
            snprintf(message, sizeof message, "'%s' is not a command", args->scenarios[0]);
            return usage_suggest(message, args->scenarios[0], ui_command_names,
                                 ui_command_count);
        }
        return 0;
    case UI_CMD_SCREEN:
    case UI_CMD_JS:
    case UI_CMD_EXPORT_JS:
    case UI_CMD_RACES:
    case UI_CMD_EXPLAIN:
        return check_one(args);
    case UI_CMD_COMPARE:
        if (args->node_count != UI_MAX_PROFILES) {
            return usage_error("'compare' needs two profiles, e.g. --node 10 --node 20");
        }
        return check_one(args);
    case UI_CMD_QUIZ:
        return check_quiz(args);
    case UI_CMD_TRACE:
    case UI_CMD_TUI:
        if (n <= 1) {
            return 0;
        }
        snprintf(message, sizeof message, "'%s' takes one scenario (got '%s' and '%s')",
                 ui_command_names[args->command], args->scenarios[0], args->scenarios[1]);
        return usage_error(message);
    case UI_CMD_COMPLETION:
        if (n == 1 && (strcmp(args->scenarios[0], "bash") == 0 ||
                       strcmp(args->scenarios[0], "zsh") == 0)) {
            return 0;
        }
        return usage_error("'completion' takes the shell: bash or zsh");
    case UI_CMD_HELP:
    case UI_CMD_VERSION:
        return 0;
    }
    return 0;
}

/* Settles the format: --logs is --format logs; text when neither was given. */
static int settle_format(struct ui_args *args)
{
    if (args->command == UI_CMD_RACES && args->printer != NULL &&
        args->printer != &printer_text && args->printer != &printer_jsonl) {
        return usage_error("races: --format takes 'text' or 'jsonl'");
    }
    if (args->logs) {
        if (args->printer != NULL && args->printer != &printer_logs) {
            return usage_error("--logs and --format name different formats; give one of them");
        }
        args->printer = &printer_logs;
    }
    if (args->printer == NULL) {
        args->printer = &printer_text;
    }
    if (args->html_max_events >= 0 && args->printer != &printer_html) {
        return usage_error("--html-max-events applies to --format html");
    }
    if (args->brief && args->printer != &printer_markdown) {
        return usage_error("--brief is for 'trace --format markdown' (it keeps the callback and "
                           "log rows of the table)");
    }
    return 0;
}

/* Walks the words after the command: options anywhere, "--" ends them. */
static int parse_words(struct ui_args *args, int argc, char **argv, int first)
{
    bool options_done = false;
    for (int i = first; i < argc; i++) {
        const char *arg = argv[i];
        if (options_done || arg[0] != '-' || arg[1] == '\0') {
            args->scenarios[args->scenario_count++] = arg;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            options_done = true;
            continue;
        }
        int rc = parse_option(args, argc, argv, &i);
        if (rc != 0) {
            return rc;
        }
        if (args->command == UI_CMD_HELP || args->command == UI_CMD_VERSION) {
            return 0;
        }
    }
    int rc = settle_format(args);
    return rc != 0 ? rc : check_counts(args);
}

int ui_args_parse(struct ui_args *args, int argc, char **argv)
{
    args->command = UI_CMD_RUN;
    args->scenario_count = 0;
    args->printer = NULL;
    args->brief = false;
    args->logs = false;
    args->html_max_events = -1;
    args->explain = NULL;
    args->output = NULL;
    args->at = NULL;
    args->cols = UI_SCREEN_COLS;
    args->rows = UI_SCREEN_ROWS;
    args->focus = NULL;
    args->keys = NULL;
    args->color = false;
    args->ascii = false;
    args->node_count = 0;
    args->answer_count = 0;
    args->quiz_json = false;
    args->sheet = false;
    args->typed = false;
    args->predict = false;
    sim_races_options_init(&args->races);
    sim_overrides_init(&args->overrides);
    /* For tests only (docs/js-design.md): the JavaScript heap's growth between collections. */
    const char *gc = getenv("LOOPSIM_GC_THRESHOLD");
    if (gc != NULL && gc[0] >= '1' && gc[0] <= '9') {
        args->overrides.gc_threshold = strtoll(gc, NULL, 10);
    }
    args->scenarios = malloc(((size_t)argc + 1) * sizeof *args->scenarios);
    args->answers = malloc(((size_t)argc + 1) * sizeof *args->answers);
    if (args->scenarios == NULL || args->answers == NULL) {
        ui_error("out of memory");
        return UI_EXIT_USAGE;
    }
    int first = 1;
    if (argc > 1 && argv[1][0] != '-') {
        args->command = find_command(argv[1]);
        first = args->command == UI_CMD_RUN ? 1 : 2;
    }
    return parse_words(args, argc, argv, first);
}

void ui_args_finish(struct ui_args *args)
{
    if (args == NULL) {
        return;
    }
    free(args->scenarios);
    free(args->answers);
    args->scenarios = NULL;
    args->answers = NULL;
}
