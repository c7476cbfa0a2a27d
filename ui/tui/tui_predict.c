/*
 * tui_predict.c - predict mode's record of guesses, and which callbacks it asks about (see
 * tui_predict.h). The keys and the flow are in tui.c, the drawing in the views.
 */
#include "tui_predict.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

void tui_predict_finish(struct tui_predict *p)
{
    if (p == NULL) {
        return;
    }
    free(p->guesses);
    p->guesses = NULL;
    p->count = 0;
    p->cap = 0;
    memset(p->tally, 0, sizeof p->tally);
}

/* The index of the first guess about an event at or after seq. */
static size_t lower_bound(const struct tui_predict *p, uint64_t seq)
{
    size_t lo = 0;
    size_t hi = p->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->guesses[mid].seq < seq) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

const struct tui_guess *tui_predict_guess(const struct tui_predict *p, uint64_t seq)
{
    size_t i = lower_bound(p, seq);
    return i < p->count && p->guesses[i].seq == seq ? &p->guesses[i] : NULL;
}

int tui_predict_record(struct tui_predict *p, const struct tui_guess *g)
{
    size_t i = lower_bound(p, g->seq);
    if (i < p->count && p->guesses[i].seq == g->seq) {
        return 0; /* asked once: the first answer stands */
    }
    if (p->count == p->cap) {
        size_t cap = p->cap > 0 ? p->cap * 2 : 16;
        struct tui_guess *grown = realloc(p->guesses, cap * sizeof(*grown));
        if (grown == NULL) {
            return -SIM_ENOMEM;
        }
        p->guesses = grown;
        p->cap = cap;
    }
    memmove(&p->guesses[i + 1], &p->guesses[i], (p->count - i) * sizeof(*p->guesses));
    p->guesses[i] = *g;
    p->count++;
    p->tally[g->verdict]++;
    return 0;
}

void tui_predict_forget_from(struct tui_predict *p, uint64_t seq)
{
    size_t keep = lower_bound(p, seq);
    for (size_t i = keep; i < p->count; i++) {
        p->tally[p->guesses[i].verdict]--;
    }
    p->count = keep;
}

bool tui_predict_same_label(const char *item, const char *label)
{
    size_t n = strlen(item);
    enum { CUT = sizeof(((struct sim_item *)0)->label) - 4 }; /* a label cut to fit, at UTF-8 */
    return strcmp(item, label) == 0 || (n >= CUT && strncmp(item, label, n) == 0);
}

bool tui_predict_askable(const struct sim_loop *loop, const struct sim_event *ev)
{
    if (ev->kind != SIM_EVENT_CALLBACK || ev->label == NULL) {
        return false;
    }
    enum sim_queue q = sim_reason_queue(ev->reason);
    if (q == SIM_QUEUE_COUNT || !tui_queues_lists(q)) {
        return false; /* the main script, an emit's listeners: in no queue */
    }
    struct sim_item items[64];
    size_t got;
    for (size_t skip = 0; (got = sim_loop_queue(loop, q, skip, items, 64)) > 0; skip += got) {
        for (size_t i = 0; i < got; i++) {
            if (tui_predict_same_label(items[i].label, ev->label)) {
                return true;
            }
        }
    }
    return false;
}

void tui_predict_verdict_text(const struct tui_guess *g, const char *why, char *buf, size_t size)
{
    switch (g->verdict) {
    case TUI_VERDICT_RIGHT:
        snprintf(buf, size, "right: %s \u2014 %s", g->ran, why);
        break;
    case TUI_VERDICT_WRONG:
        snprintf(buf, size, "wrong: you picked %s; %s ran \u2014 %s", g->picked, g->ran, why);
        break;
    case TUI_VERDICT_SKIPPED:
        snprintf(buf, size, "skipped: %s ran \u2014 %s", g->ran, why);
        break;
    }
}
