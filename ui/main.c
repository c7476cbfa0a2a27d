/*
 * main.c - loopsim's command line: parses the arguments and runs one command.
 *
 *     loopsim [SCENARIO]                  the TUI on a terminal, else the text trace
 *     loopsim tui [SCENARIO]              the TUI (tui_main.c)
 *     loopsim trace SCENARIO [options]    the trace (text, jsonl, logs)
 *     loopsim explain SCENARIO            the run narrated, a paragraph per callback (explain.c)
 *     loopsim check SCENARIO...           validate, and compare with `expect`
 *     loopsim compare --node A --node B S  what S prints under two profiles, side by side
 *     loopsim races SCENARIO              every output real Node may print, and why
 *     loopsim list                        the built-in scenarios
 *     loopsim screen SCENARIO --at WHERE  the TUI's screen at one position, as text
 *     loopsim export-js SCENARIO [-o F]   the scenario as a JavaScript program (export.c)
 *     loopsim names | js SCENARIO         (hidden) the name tables as JSON; the program as JS
 *
 * Exit status: 0 success, 1 an expect mismatch or a stop by max_callbacks, 2 a usage error or
 * an invalid scenario (shared/spec/scenario-format.md, "Command line").
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "builtin.h"
#include "commands.h"
#include "printer.h"
#include "sim.h"
#include "ui.h"

static const char help_head[] =
    "loopsim - a deterministic simulator of the Node.js v20 event loop (libuv 1.46)\n"
    "\n"
    "Usage:\n"
    "  loopsim [SCENARIO] [options]      the TUI on a terminal (no SCENARIO: pick a\n"
    "                                    built-in one); else, or with a trace option,\n"
    "                                    the trace (no SCENARIO: 'default')\n"
    "  loopsim trace SCENARIO [options]  print the trace: every event, when and why\n"
    "  loopsim explain SCENARIO [--format text|markdown] [-o FILE]\n"
    "                                    the run told in plain English: a paragraph per\n"
    "                                    callback on why it ran where and when it did\n"
    "                                    (markdown: a heading per iteration; docs/explain.md)\n"
    "  loopsim check SCENARIO...         validate each scenario; where it has `expect` or\n"
    "                                    `expect_any`, also compare what it prints\n"
    "  loopsim compare --node A --node B SCENARIO\n"
    "                                    what it prints under each profile, side by\n"
    "                                    side, the first difference marked '>'\n"
    "  loopsim races SCENARIO [--format text|jsonl] [--budget RUNS] [--window MS]\n"
    "                [--spread FRACTION]\n"
    "                                    every output real Node may print where its\n"
    "                                    order depends on timing, each with the choices\n"
    "                                    that lead to it (docs/races.md)\n"
    "  loopsim list                      the built-in scenarios\n"
    "  loopsim tui [SCENARIO]            step through a scenario, forward and back\n"
    "                                    (in the TUI, ? lists every key)\n"
    "  loopsim screen SCENARIO --at EVENT|TIME [--size WxH] [--focus PANE] [--keys KEYS]\n"
    "                                    print the TUI's screen at that position\n"
    "  loopsim export-js SCENARIO [-o FILE]\n"
    "                                    the scenario as a JavaScript program (.mjs for\n"
    "                                    an ES module entry) that node runs, and loopsim\n"
    "                                    reads back, with the same output\n"
    "  loopsim --help | help | --version\n"
    "\n"
    "SCENARIO is a path to a .json file (see docs/scenario-format.md), a JavaScript\n"
    "program (.js, .cjs, .mjs: docs/js-input.md) or the name of a built-in scenario\n"
    "(loopsim list).\n"
    "\n"
    "Trace options:\n"
    "  --format F       the output format:\n";

static const char help_tail[] =
    "  --logs           only what the program prints with console.log (= --format logs)\n"
    "  -o, --output FILE  write to FILE; it is replaced only once the whole trace is written\n"
    "                   (export-js takes -o too)\n"
    "\n"
    "Screen options:\n"
    "  --at WHERE       an event number (29), a virtual time (12.5ms, 2s: the loop at that\n"
    "                   time) or 'end', as the TUI's g key takes it\n"
    "  --size WxH       the terminal's size in columns and rows (default 112x34)\n"
    "  --focus PANE     the pane with the focus: trace (default), program, console, queues,\n"
    "                   workers\n"
    "  --keys KEYS      then press these keys, as in the TUI: characters, and <Up> <Down>\n"
    "                   <Left> <Right> <PgUp> <PgDn> <Home> <End> <Enter> <Esc> <Tab> <lt>\n"
    "                   (e.g. --keys '?' the help, --keys i the event in full)\n"
    "  --color          the styles as SGR escapes (attributes only with NO_COLOR set)\n"
    "  --ascii          ASCII lines and marks, as in a locale that is not UTF-8 (the default\n"
    "                   follows the locale, like the TUI)\n"
    "\n"
    "Simulation options (trace, explain, check, compare, tui, screen, export-js),\n"
    "overriding the scenario's config:\n"
    "  --threadpool N   worker-pool size, 1 to 1024 (UV_THREADPOOL_SIZE)\n"
    "  --cpus N         CPU cores the computing jobs and the main thread share, 0 to 1024;\n"
    "                   0 (default) = as many as there are threads (docs/cpus.md)\n"
    "  --limit PHASE=N  run at most N callbacks per visit of PHASE (timers, pending, poll,\n"
    "                   check, close); 0 = no limit; repeatable\n"
    "  --entry E        'commonjs' (default) or 'module' (an ES module entry point)\n"
    "  --node N         the profile: 20 (default: Node >= 11, libuv >= 1.45) or 10 (ticks\n"
    "                   after each timer list and check phase, timers first in each\n"
    "                   iteration: docs/node-profiles.md); compare takes two\n"
    "  --until MS       stop at this virtual time, in milliseconds\n"
    "  --max-callbacks N  stop after N callbacks (default 1000000; exit status 1)\n"
    "\n"
    "Races options:\n"
    "  --format F       text (default) or jsonl: one JSON object per distinct output\n"
    "  --budget RUNS    explore at most RUNS runs (default 256, at most 100000)\n"
    "  --window MS      I/O events, pool completions and a poll's wake-up this close may\n"
    "                   come in either order (default 1)\n"
    "  --spread F       a pool job may last its length +- this fraction (default 0.1)\n"
    "\n"
    "Exit status: 0 success; 1 an expect mismatch or a stop by max_callbacks;\n"
    "2 a usage error, an unreadable file or an invalid scenario.\n"
    "\n"
    "Examples:\n"
    "  loopsim                                  the default scenario\n"
    "  loopsim trace scenarios/default.json     the same, from its file\n"
    "  loopsim trace default --format jsonl -o trace.jsonl\n"
    "  loopsim trace --logs my.json             what `node my.js` would print\n"
    "  loopsim trace my.json --threadpool 1 --limit check=1 --until 50\n"
    "  loopsim check scenarios/*.json           verify every scenario's `expect`\n"
    "  loopsim compare --node 10 --node 20 my.js  where Node 10 prints otherwise\n"
    "  loopsim races timeout-vs-immediate-in-main  both orders, and what decides\n"
    "  loopsim explain timeout-vs-immediate-in-io --format markdown -o why.md\n"
    "  loopsim screen default --at 12.5ms --size 80x24\n"
    "  loopsim export-js pool-of-1-serial -o pool.js && node pool.js\n"
    "  loopsim list\n";

/* Prints the help on stdout; the formats come from the printer registry. */
static int print_help(void)
{
    fputs(help_head, stdout);
    for (size_t i = 0; printer_at(i) != NULL; i++) {
        const struct printer *p = printer_at(i);
        printf("                     %-6s %s%s\n", p->name, p->summary,
               i == 0 ? " (default)" : "");
    }
    fputs(help_tail, stdout);
    return fflush(stdout) == 0 ? UI_EXIT_OK : UI_EXIT_USAGE;
}

static int print_version(void)
{
    printf("loopsim %s (models Node.js v20 on libuv 1.46)\n", SIM_VERSION);
    return UI_EXIT_OK;
}

/* `loopsim list`: every built-in scenario by name, with its title; default first. */
static int list_builtins(void)
{
    int width = 0;
    for (size_t i = 0; i < ui_builtin_count; i++) {
        int len = (int)strlen(ui_builtins[i].name);
        width = len > width ? len : width;
    }
    for (size_t i = 0; i < ui_builtin_count; i++) {
        const struct ui_builtin *b = &ui_builtins[i];
        struct sim_diag diag;
        struct sim_program *prog = ui_builtin_load(b, NULL, &diag);
        printf("%-*s  %s\n", width, b->name, prog != NULL ? prog->name : "(invalid scenario)");
        sim_program_destroy(prog);
    }
    return UI_EXIT_OK;
}

/*
 * The bare `loopsim [SCENARIO]`: the stepper when standard output is a terminal, unless a trace
 * option (--format, --logs, -o) asked for the trace.
 */
static bool wants_tui(const struct ui_args *args)
{
    bool trace_option = args->output != NULL || args->logs || args->printer != printer_at(0);
    return !trace_option && isatty(STDOUT_FILENO);
}

static int run_command(const struct ui_args *args)
{
    switch (args->command) {
    case UI_CMD_RUN:
        return wants_tui(args) ? ui_tui(args) : ui_trace(args);
    case UI_CMD_TRACE:
        return ui_trace(args);
    case UI_CMD_EXPLAIN:
        return ui_explain(args);
    case UI_CMD_CHECK:
        return ui_check(args);
    case UI_CMD_COMPARE:
        return ui_compare(args);
    case UI_CMD_RACES:
        return ui_races(args);
    case UI_CMD_LIST:
        return list_builtins();
    case UI_CMD_TUI:
        return ui_tui(args);
    case UI_CMD_SCREEN:
        return ui_screen(args);
    case UI_CMD_NAMES:
        return ui_names(args);
    case UI_CMD_JS:
        return ui_js(args);
    case UI_CMD_EXPORT_JS:
        return ui_export_js(args);
    case UI_CMD_HELP:
        return print_help();
    case UI_CMD_VERSION:
        return print_version();
    }
    return UI_EXIT_USAGE;
}

int main(int argc, char **argv)
{
    /* A closed pipe (`loopsim trace x | head`) shows up as EPIPE, and the trace stops quietly. */
    signal(SIGPIPE, SIG_IGN);
    struct ui_args args;
    int status = ui_args_parse(&args, argc, argv);
    if (status == 0) {
        status = run_command(&args);
    }
    ui_args_finish(&args);
    return status;
}
