/*
 * tui_model.h - the TUI's stepping model: a cursor in the engine's event stream that moves
 * forward and back, with no curses in sight.
 *
 * Two loops run the same program. The frontier discovers events for the first time and records
 * what navigation needs: where the phase, the iteration and the clock change, every console
 * line, and a snapshot (sim_loop_clone) every `snap_every` events. The cursor is the loop the
 * screen shows; it moves forward by stepping and back by cloning the nearest earlier snapshot
 * and replaying, so a step back costs at most `snap_every` events at any depth. The engine is
 * deterministic, so a replay yields the very events the frontier saw.
 *
 * Event numbers count from 1 like sim_event.seq; position 0 is the start, before any event.
 */
#ifndef UI_TUI_MODEL_H
#define UI_TUI_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "sim.h"

/* One event copied out of the loop: ev.label and ev.text point into `strings`, owned. */
struct tui_event {
    struct sim_event ev;
    char *strings;
    size_t cap;
};

/* Where something changes: from event `pos` on, it is `value`. */
struct tui_mark {
    uint64_t pos;
    uint64_t value;
};

enum tui_mark_kind {
    TUI_MARK_PHASE,             /* value: the enum sim_phase */
    TUI_MARK_ITERATION,         /* value: the loop iteration */
    TUI_MARK_TIME,              /* value: virtual ns */
    TUI_MARK_KIND_COUNT,
};

struct tui_marks {
    struct tui_mark *items;
    size_t count;
    size_t cap;
};

/* One console line: event `pos` printed len bytes at text offset `offset`. */
struct tui_log {
    uint64_t pos;
    size_t offset;
    size_t len;
};

struct tui_snapshot {
    uint64_t pos;
    struct sim_loop *loop;      /* owned; never stepped: replays step a clone of it */
    uint64_t bytes;             /* its size, as far as the model can tell */
};

/* Events [first, first + count) copied for a view, and a loop to extend them forward. */
struct tui_window {
    uint64_t first;
    size_t count;
    size_t cap;
    struct tui_event *events;
    struct sim_loop *loop;      /* the loop after event first + count - 1, or NULL */
};

struct tui_model {
    const struct sim_program *prog;     /* borrowed; outlives the model */

    /* The cursor: the loop as it is after event `pos`. */
    struct sim_loop *loop;
    uint64_t pos;
    struct tui_event cur;               /* event `pos`, when pos > 0 */

    /* The frontier: events 1..known have been seen. */
    struct sim_loop *front;
    uint64_t known;
    bool ended;                         /* the frontier reached the end: `known` is the last */
    int error;                          /* a SIM_E* when the engine failed; the run ends there */
    struct tui_event stop;              /* the `stop` event, once the run stopped with one */

    struct tui_snapshot *snaps;         /* by position; snaps[0] is position 0 */
    size_t snap_count;
    size_t snap_cap;
    uint64_t snap_every;                /* events between two snapshots; doubles when thinned */
    size_t snap_max;                    /* snapshots kept at most (tests lower both) */
    uint64_t snap_bytes;                /* the size of all snapshots */

    struct tui_marks marks[TUI_MARK_KIND_COUNT];
    struct tui_log *logs;
    size_t log_count;
    size_t log_cap;
    struct ui_buf log_text;

    struct tui_window window;
};

/*
 * Creates a model at position 0 of `prog` (borrowed), whose loops record their choice points
 * (docs/races.md) and take the defaults. NULL when out of memory.
 */
struct tui_model *tui_model_create(const struct sim_program *prog);

/*
 * The same along another branch of the races: alternative taken[i] at the i-th choice point,
 * the defaults after the `count` given (copied). NULL when out of memory.
 */
struct tui_model *tui_model_create_branch(const struct sim_program *prog, const uint32_t *taken,
                                          size_t count);

/*
 * The first choice point that sits before event `seq` (docs/races.md), as far as the run is
 * known, with its index among the run's choice points in *index; NULL when there is none.
 * Borrowed from the model until it next discovers.
 */
const struct sim_choice *tui_model_choice_at(const struct tui_model *m, uint64_t seq,
                                             size_t *index);

/* Frees the model and its loops; accepts NULL. */
void tui_model_destroy(struct tui_model *m);

/*
 * Lets the frontier discover events until `upto` are known or the run ends. Returns 0, or a
 * negative SIM_E* (also kept in m->error; the run is then treated as ended).
 */
int tui_model_discover(struct tui_model *m, uint64_t upto);

/*
 * Moves the cursor to event `target`, clamped to the last event (discovering as needed).
 * Returns 0 or a negative SIM_E*.
 */
int tui_model_seek(struct tui_model *m, uint64_t target);

/* The cursor is on the last event of a run that has ended. */
bool tui_model_at_end(const struct tui_model *m);

/*
 * The event where `kind` changes next after `pos` (dir > 0, discovering as needed) or last
 * before it (dir < 0). Returns 1 with *out set, 0 when there is none, or a negative SIM_E*.
 */
int tui_model_find_mark(struct tui_model *m, enum tui_mark_kind kind, uint64_t pos, int dir,
                        uint64_t *out);

/*
 * The last event at or before virtual time `ns`, discovering as needed: what the loop looks like
 * at that time, since nothing happens until the next event. *out is 0 when the first event is
 * later. Returns 1 with *out set; 0 when the run ended before `ns`, with *out the last event;
 * or a negative SIM_E*.
 */
int tui_model_find_time(struct tui_model *m, uint64_t ns, uint64_t *out);

/* The value of `kind` at event pos (1..known). */
uint64_t tui_model_mark_value(const struct tui_model *m, enum tui_mark_kind kind, uint64_t pos);

/* How many console lines events 1..pos printed. */
size_t tui_model_log_count(const struct tui_model *m, uint64_t pos);

/* Console line i (0-based): its text (not NUL-terminated), length and event. */
const char *tui_model_log(const struct tui_model *m, size_t i, size_t *len, uint64_t *pos);

/*
 * Events [first, first + count), clipped to 1..known, copied into the model's window (borrowed
 * until the next call). *got is how many there are. NULL (and *got = 0) on an engine failure.
 */
const struct tui_event *tui_model_window(struct tui_model *m, uint64_t first, size_t count,
                                         size_t *got);

/* A search of the event stream, resumable so a front end can show progress between calls. */
struct tui_search {
    char needle[64];            /* matched without regard to ASCII case */
    uint64_t start;             /* the event the search started after */
    uint64_t next;              /* the next event to look at */
    bool wrapped;               /* it went past the end and started again from event 1 */
    struct sim_loop *loop;      /* owned: the loop after event next - 1 */
};

enum tui_search_result {
    TUI_SEARCH_FOUND = 1,
    TUI_SEARCH_MORE = 0,        /* not yet: call again */
    TUI_SEARCH_NONE = -1,       /* no event matches */
};

/* Starts a search for `needle` among the events after `from`, wrapping around at the end. */
void tui_search_begin(struct tui_search *s, const char *needle, uint64_t from);

/*
 * Looks at up to `budget` events. Returns TUI_SEARCH_FOUND with *found set, TUI_SEARCH_MORE,
 * TUI_SEARCH_NONE, or a negative SIM_E*.
 */
int tui_search_step(struct tui_model *m, struct tui_search *s, uint64_t budget,
                    uint64_t *found);

/* Frees what the search holds; accepts NULL. */
void tui_search_finish(struct tui_search *s);

/*
 * Does event ev match `needle`, ignoring ASCII case? It looks at the label, the text, the kind,
 * the reason's key, and the phase a `phase` event enters.
 */
bool tui_event_matches(const struct sim_event *ev, const char *needle);

#endif
