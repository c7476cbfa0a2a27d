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
 *     loopsim quiz SCENARIO               ask for the order of its console lines, and grade
 *                                         it; --answer grades files; --sheet (quiz.c)
 *     loopsim list                        the built-in scenarios
 *     loopsim screen SCENARIO --at WHERE  the TUI's screen at one position, as text
 *     loopsim export-js SCENARIO [-o F]   the scenario as a JavaScript program (export.c)
 *     loopsim completion bash|zsh         the shell's completion script (help.c)
 *     loopsim names | js SCENARIO | man   (hidden) the name tables as JSON; the program as JS;
 *                                         the man page (help.c)
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

static int print_version(void)
{
    printf("loopsim %s (models Node.js v20 on libuv 1.46)\n", SIM_VERSION);
    return UI_EXIT_OK;
}

/* `loopsim list`: every built-in scenario by name, with its title; default first. */
static int list_builtins(void)
{
    int width = 0;
    int exercise_width = 0;
    for (size_t i = 0; i < ui_builtin_count; i++) {
        int len = (int)strlen(ui_builtins[i].name);
        int *w = ui_builtins[i].exercise ? &exercise_width : &width;
        *w = len > *w ? len : *w;
    }
    for (size_t i = 0; i < ui_builtin_count; i++) {
        const struct ui_builtin *b = &ui_builtins[i];
        if (b->exercise) {
            continue;
        }
        struct sim_diag diag;
        struct sim_program *prog = ui_builtin_load(b, NULL, &diag);
        printf("%-*s  %s\n", width, b->name, prog != NULL ? prog->name : "(invalid scenario)");
        sim_program_destroy(prog);
    }
    /* The exercises after the scenarios, with the level their program states. */
    int level_width = 0;
    for (int level = 1; level <= SIM_EXERCISE_LEVELS; level++) {
        int len = (int)strlen(ui_level_name(level));
        level_width = len > level_width ? len : level_width;
    }
    bool first = true;
    for (size_t i = 0; i < ui_builtin_count; i++) {
        const struct ui_builtin *b = &ui_builtins[i];
        if (!b->exercise) {
            continue;
        }
        if (first) {
            printf("\nExercises (loopsim quiz NAME):\n");
            first = false;
        }
        struct sim_diag diag;
        struct sim_program *prog = ui_builtin_load(b, NULL, &diag);
        const char *level = prog != NULL ? ui_level_name(prog->exercise.level) : NULL;
        printf("%-*s  %-*s  %s\n", exercise_width, b->name, level_width,
               level != NULL ? level : "-", prog != NULL ? prog->name : "(invalid exercise)");
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
    case UI_CMD_QUIZ:
        return ui_quiz(args);
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
    case UI_CMD_COMPLETION:
        return ui_completion(args);
    case UI_CMD_MAN:
        return ui_man(args);
    case UI_CMD_HELP:
        return ui_help(args);
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
