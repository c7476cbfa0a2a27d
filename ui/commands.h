/*
 * commands.h - the commands of the command line, each run from main() with the parsed arguments.
 * Each returns the process's exit status (enum ui_exit).
 */
#ifndef UI_COMMANDS_H
#define UI_COMMANDS_H

#include "args.h"

/* `loopsim trace SCENARIO` (and the bare `loopsim SCENARIO`): print the trace. */
int ui_trace(const struct ui_args *args);

/* How ui_trace_run runs a printer: the format, its state, and whether choices are recorded. */
struct ui_trace_with {
    const struct printer *printer;
    void *state;                /* borrowed: the printer's ctx->state, or NULL */
    bool record_choices;        /* record the run's choice points (sim_loop_set_choices), all
                                   at their default, for the printer to read */
};

/*
 * Runs `prog` (called `name`) to the end through `with->printer` into the output `args` names
 * (-o FILE or standard output, replaced only when the whole output is written). Returns the exit
 * status, after saying on stderr what went wrong.
 */
int ui_trace_run(const struct ui_args *args, const struct ui_trace_with *with, const char *name,
                 const struct sim_program *prog);

/*
 * `loopsim explain SCENARIO [--format text|markdown]`: the run narrated, a paragraph per
 * callback on why it ran where and when it did (explain.c, printers/narrator.c).
 */
int ui_explain(const struct ui_args *args);

/*
 * `loopsim quiz SCENARIO`: the program, the question, the answer graded with every line out of
 * place explained; `--answer FILE|DIR` grades answer files, `--sheet` writes the exercise sheet
 * and its key (quiz_command.c; the question itself is quiz.h's).
 */
int ui_quiz(const struct ui_args *args);

/* `loopsim quiz --sheet [SCENARIO...] [-o DIR]`: the sheet and the key (quiz_sheet.c). */
int ui_quiz_sheet(const struct ui_args *args);

/* `loopsim check SCENARIO...`: validate each and compare its output with its expectation. */
int ui_check(const struct ui_args *args);

/*
 * `loopsim compare --node A --node B SCENARIO`: what the scenario prints under each profile,
 * side by side, the first difference marked (compare.c).
 */
int ui_compare(const struct ui_args *args);

/*
 * `loopsim races SCENARIO`: every output real Node may print, with the choices that lead to
 * each (races.c).
 */
int ui_races(const struct ui_args *args);

/*
 * `loopsim tui [SCENARIO]` (and the bare `loopsim [SCENARIO]` on a terminal): the interactive
 * stepper; with no SCENARIO, a picker over the built-in scenarios first.
 */
int ui_tui(const struct ui_args *args);

/* `loopsim screen SCENARIO --at EVENT|TIME`: print the stepper's screen at that position. */
int ui_screen(const struct ui_args *args);

/* `loopsim names`: the engine's name tables as JSON, for the docs and their tests. */
int ui_names(const struct ui_args *args);

/* `loopsim js SCENARIO`: the program as JavaScript with its prelude, as the TUI renders it. */
int ui_js(const struct ui_args *args);

/*
 * `loopsim export-js SCENARIO.json [-o FILE]`: the scenario as a JavaScript program that node
 * runs, and loopsim reads back, with the same output (export.c).
 */
int ui_export_js(const struct ui_args *args);

/* --help, `loopsim man` (the man page, roff) and `loopsim completion bash|zsh`: help.c. */
int ui_help(const struct ui_args *args);
int ui_man(const struct ui_args *args);
int ui_completion(const struct ui_args *args);

#endif
