/*
 * tui_main.c - `loopsim tui [SCENARIO]`, and `loopsim [SCENARIO]` on a terminal: the stepper's
 * life from start to end.
 *
 * A named scenario is read and loaded before the terminal is touched, so a bad one is reported
 * on stderr exactly as `loopsim trace` reports it. With no scenario the picker comes first. The
 * key loop draws only after something changed, and never waits for a key longer than a quarter
 * of a second, so a signal that did not interrupt the read is still seen promptly. The terminal
 * is restored on every way out (tui_term.h).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "args.h"
#include "commands.h"
#include "source.h"
#include "tui.h"
#include "tui_picker.h"
#include "tui_term.h"
#include "ui.h"

enum {
    POLL_MS = 250,              /* the longest a key read blocks */
};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Draws the stepper on the terminal. Returns 0, or -1 out of memory. */
static int show(struct tui *t)
{
    int cols;
    int rows;
    tui_term_size(&cols, &rows);
    if (tui_draw(t, cols, rows) < 0) {
        return -1;
    }
    tui_term_draw(&t->grid);
    return 0;
}

/* Keys and ticks until q or a signal. Returns 0, or -1 out of memory. */
static int step_loop(struct tui *t)
{
    bool dirty = true;
    int64_t due = -1; /* when the next tick is due, or -1 */
    while (!t->quit) {
        if (dirty && show(t) < 0) {
            return -1;
        }
        dirty = false;
        int wait = tui_wait_ms(t);
        if (wait >= 0 && due < 0) {
            due = now_ms() + wait;
        }
        int64_t left = due >= 0 ? due - now_ms() : POLL_MS;
        int key = tui_term_key(left < 0 ? 0 : left > POLL_MS ? POLL_MS : (int)left);
        if (key != TUI_KEY_NONE) {
            tui_key(t, key);
            dirty = true;
            due = -1;
        } else if (due >= 0 && now_ms() >= due) {
            tui_tick(t);
            dirty = true;
            due = -1;
        }
    }
    return 0;
}

/* How the stepper was started, and how it ended. */
struct stepper_run {
    bool from_picker;           /* s may go back to the picker */
    bool predict;               /* --predict: start in predict mode */
    bool *back;                 /* out: s was pressed */
};

/* Steps through `prog`. */
static int run_stepper(const char *name, const struct sim_program *prog,
                       const struct stepper_run *run)
{
    struct tui t;
    int rc = tui_init(&t, name, prog);
    t.from_picker = run->from_picker;
    if (rc == 0 && run->predict) {
        tui_predict_toggle(&t);
    }
    char why[160];
    if (rc == 0 && tui_term_open(why, sizeof why) < 0) {
        tui_finish(&t);
        ui_error("cannot start the TUI: %s", why);
        return UI_EXIT_USAGE;
    }
    if (rc == 0) {
        rc = step_loop(&t) < 0 ? -SIM_ENOMEM : 0;
    }
    tui_term_close();
    *run->back = t.back_to_picker;
    tui_finish(&t);
    if (rc < 0) {
        ui_error("%s: %s", name, sim_strerror(rc));
        return UI_EXIT_USAGE;
    }
    return UI_EXIT_OK;
}

/* The stepper's ui_program_fn; ctx is a struct stepper_run. */
static int step_program(const void *ctx, const char *name, const struct sim_program *prog)
{
    return run_stepper(name, prog, ctx);
}

/* Reads and loads scenario `arg` and steps through it; errors go to stderr. */
static int run_named(const struct ui_args *args, const char *arg, const struct stepper_run *run)
{
    return ui_source_with(arg, &args->overrides, args->command == UI_CMD_RUN, step_program, run);
}

/* The picker's key loop. Returns the chosen built-in's name, or NULL for quit. */
static const char *pick(struct tui_picker *p)
{
    bool dirty = true;
    while (!p->chosen && !p->quit) {
        int cols;
        int rows;
        tui_term_size(&cols, &rows);
        if (dirty && tui_picker_draw(p, cols, rows) < 0) {
            return NULL;
        }
        if (dirty) {
            tui_term_draw(&p->grid);
        }
        int key = tui_term_key(POLL_MS);
        dirty = key != TUI_KEY_NONE;
        if (dirty) {
            tui_picker_key(p, key);
        }
    }
    return p->chosen ? p->items[p->sel].name : NULL;
}

/*
 * No scenario named: the picker, then the stepper on the one chosen; s in the stepper comes back
 * to the picker, on the same scenario.
 */
static int run_picked(const struct ui_args *args)
{
    struct tui_picker p;
    char why[160];
    if (tui_picker_init(&p) < 0) {
        tui_picker_finish(&p);
        ui_error("%s", sim_strerror(SIM_ENOMEM));
        return UI_EXIT_USAGE;
    }
    int status = UI_EXIT_OK;
    bool back = true;
    while (back && status == UI_EXIT_OK) {
        back = false;
        if (tui_term_open(why, sizeof why) < 0) {
            ui_error("cannot start the TUI: %s", why);
            status = UI_EXIT_USAGE;
            break;
        }
        p.chosen = false;
        const char *name = pick(&p);
        /* Given back before loading, so that options which break the scenario are reported on
         * stderr like anywhere else; the stepper takes the terminal again. */
        tui_term_close();
        struct stepper_run run = {true, args->predict, &back};
        status = name != NULL ? run_named(args, name, &run) : UI_EXIT_OK;
    }
    tui_picker_finish(&p);
    return status;
}

int ui_tui(const struct ui_args *args)
{
    if (args->scenario_count == 0) {
        return run_picked(args);
    }
    bool back = false;
    struct stepper_run run = {false, args->predict, &back};
    return run_named(args, args->scenarios[0], &run);
}
