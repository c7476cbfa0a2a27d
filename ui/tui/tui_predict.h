/*
 * tui_predict.h - the stepper's predict mode (P, or `loopsim tui --predict`): before a callback
 * runs, the user picks in the queues pane the one they think runs next; the stepper then shows
 * the callback that did run, whether the guess was right, and the engine's reason for it.
 *
 * Which callbacks are asked about: a callback event whose reason names a queue the queues pane
 * lists (sim_reason_queue: timers, pending, immediates, close, nextTick, microtasks, io,
 * completed) and whose callback is, by label, in that queue in the loop just before the event.
 * Anything else cannot be picked, so it is never asked: the main script, listeners an emit calls
 * at once, and a callback whose item the pane did not list. The candidates are the pane's rows
 * as the engine reports them (sim_loop_queue); nothing here orders them.
 *
 * A guess is right when the row picked is in the queue the callback ran from and has its label
 * (two items of one queue with the same label cannot be told apart on the screen either). Each
 * callback event is asked about once: the guess is kept by event number, so stepping back over
 * it and forward again shows the same verdict and counts nothing twice.
 */
#ifndef UI_TUI_PREDICT_H
#define UI_TUI_PREDICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim.h"
#include "tui_layout.h"

enum tui_verdict {
    TUI_VERDICT_RIGHT,
    TUI_VERDICT_WRONG,
    TUI_VERDICT_SKIPPED,        /* Esc: no guess */
};

/* One question answered (or skipped): about callback event `seq`. */
struct tui_guess {
    uint64_t seq;
    enum tui_verdict verdict;
    enum sim_queue picked_queue;        /* SIM_QUEUE_COUNT when skipped */
    char picked[48];                    /* the label picked, as the pane shows it */
    enum sim_queue ran_queue;
    char ran[48];                       /* the callback that ran */
};

struct tui_predict {
    bool on;
    bool asking;                        /* a question is open, about event ask_seq */
    uint64_t ask_seq;
    size_t pick;                        /* the queues pane's row picked so far */
    enum tui_pane focus_before;         /* the focus before the question took it */
    struct tui_guess *guesses;          /* owned: sorted by seq, one per callback event */
    size_t count;
    size_t cap;
    size_t tally[3];                    /* by enum tui_verdict */
};

/* Frees the guesses and forgets them; accepts NULL. */
void tui_predict_finish(struct tui_predict *p);

/* The guess about event seq, or NULL. */
const struct tui_guess *tui_predict_guess(const struct tui_predict *p, uint64_t seq);

/* Records g (copied) unless event g->seq has a guess already. Returns 0 or -SIM_ENOMEM. */
int tui_predict_record(struct tui_predict *p, const struct tui_guess *g);

/* Forgets the guesses about events from seq on (another branch of a race runs there). */
void tui_predict_forget_from(struct tui_predict *p, uint64_t seq);

/* Whether a queue item's label (cut to fit a struct sim_item) names the callback `label`. */
bool tui_predict_same_label(const char *item, const char *label);

/*
 * Whether the user is asked about event ev, given `loop`, the loop just before it (borrowed):
 * a callback from a queue the pane lists, found there by label.
 */
bool tui_predict_askable(const struct sim_loop *loop, const struct sim_event *ev);

/* "right: X — why", "wrong: you picked Y; X ran — why" or "skipped: X ran — why" into buf. */
void tui_predict_verdict_text(const struct tui_guess *g, const char *why, char *buf, size_t size);

#endif
