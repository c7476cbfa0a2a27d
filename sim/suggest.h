/*
 * suggest.h - the closest valid name to a misspelt one: the one suggester of the engine and the
 * front ends ("did you mean 'setTimeout'?", "did you mean '--format'?").
 *
 * A candidate is close when it is within a third of the name's length in edits (the optimal
 * string alignment distance: insertions, deletions, substitutions and swaps of two neighbours,
 * at least one edit allowed), keeps at least one of its own characters, or begins with a name of
 * four characters or more ('threadpool' for 'threadpool_size'). Names longer than 32 bytes are
 * never close, and a search looks at 100,000 candidates at most, so it stays cheap among
 * millions of ids.
 */
#ifndef SIM_SUGGEST_H
#define SIM_SUGGEST_H

#include <stddef.h>
#include <stdint.h>

/* A search under way: the closest candidate so far. */
struct sim_suggestion {
    const char *name;  /* the misspelt name, borrowed */
    size_t limit;      /* the most edits a close candidate may be away */
    size_t best;       /* the edits of the closest so far */
    const char *found; /* the closest so far (borrowed), or NULL */
    uint32_t tries;    /* candidates looked at */
};

/* Starts a search for names close to `name`, which it borrows. */
struct sim_suggestion sim_suggest_start(const char *name);

/* Considers `candidate` (borrowed for the search's life). */
void sim_suggest_try(struct sim_suggestion *sg, const char *candidate);

/* The closest of `count` candidates to `name`, or NULL when none is close. */
const char *sim_suggest_closest(const char *name, const char *const *candidates, size_t count);

#endif
