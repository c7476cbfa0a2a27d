/*
 * suggest.c - the closest valid name to a misspelt one (see suggest.h).
 */
#include "suggest.h"

#include <string.h>

/* Names compared for a suggestion: at most this long, and this many candidates. */
#define SUGGEST_MAX_BYTES 32
#define SUGGEST_MAX_TRIES 100000u

/* The optimal string alignment distance (edits and swaps); long names are "far". */
static size_t edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a);
    size_t m = strlen(b);
    if (n > SUGGEST_MAX_BYTES || m > SUGGEST_MAX_BYTES) {
        return SIZE_MAX;
    }
    size_t d[SUGGEST_MAX_BYTES + 1][SUGGEST_MAX_BYTES + 1];
    for (size_t i = 0; i <= n; i++) {
        for (size_t j = 0; j <= m; j++) {
            if (i == 0 || j == 0) {
                d[i][j] = i + j;
                continue;
            }
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            best = d[i - 1][j] + 1 < best ? d[i - 1][j] + 1 : best;
            best = d[i][j - 1] + 1 < best ? d[i][j - 1] + 1 : best;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best) {
                best = d[i - 2][j - 2] + 1;
            }
            d[i][j] = best;
        }
    }
    return d[n][m];
}

struct sim_suggestion sim_suggest_start(const char *name)
{
    size_t limit = (strlen(name) + 2) / 3;
    return (struct sim_suggestion){name, limit > 0 ? limit : 1, SIZE_MAX, NULL, 0};
}

void sim_suggest_try(struct sim_suggestion *sg, const char *candidate)
{
    if (++sg->tries > SUGGEST_MAX_TRIES) {
        return;
    }
    size_t d = edit_distance(sg->name, candidate);
    size_t n = strlen(sg->name);
    if (d > sg->limit && n >= 4 && strncmp(candidate, sg->name, n) == 0) {
        d = sg->limit;
    }
    /* A candidate all of whose characters would change is no suggestion ('a' for 'x'). */
    if (d <= sg->limit && d < sg->best && d < strlen(candidate)) {
        sg->best = d;
        sg->found = candidate;
    }
}

const char *sim_suggest_closest(const char *name, const char *const *candidates, size_t count)
{
    struct sim_suggestion sg = sim_suggest_start(name);
    for (size_t i = 0; i < count; i++) {
        sim_suggest_try(&sg, candidates[i]);
    }
    return sg.found;
}
