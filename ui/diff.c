/*
 * diff.c - line diffs in unified style (see diff.h).
 *
 * The common head and tail are taken off first; the middle is diffed by the longest common
 * subsequence, a table of (n + 1) x (m + 1) counts. Scenario outputs are short, so that table
 * is small; past DIFF_MAX_CELLS the middle is shown as removed and added whole, which is still
 * a true diff, only not the shortest.
 */
#include "diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

#define DIFF_MAX_CELLS (4u << 20)

/* Appends one op; false out of memory. */
static bool push(struct ui_diff *d, size_t *cap, char kind, size_t a, size_t b)
{
    if (!ui_array_grow((void **)&d->ops, cap, d->count, sizeof(*d->ops))) {
        return false;
    }
    d->ops[d->count++] = (struct ui_diff_op){kind, a, b};
    d->changes += kind != ' ';
    return true;
}

/* The middle a[a0..a1) against b[b0..b1) by the LCS table; false out of memory. */
static bool diff_middle(struct ui_diff *d, size_t *cap, const char *const *a, size_t a0,
                        size_t a1, const char *const *b, size_t b0, size_t b1)
{
    size_t n = a1 - a0;
    size_t m = b1 - b0;
    uint32_t *lcs = (n + 1) * (m + 1) <= DIFF_MAX_CELLS ? calloc((n + 1) * (m + 1), 4) : NULL;
    bool ok = true;
    if (lcs == NULL) {
        /* Too large to table (or no memory for it): remove and add the whole middle. */
        for (size_t i = a0; i < a1 && ok; i++) {
            ok = push(d, cap, '-', i, b0);
        }
        for (size_t j = b0; j < b1 && ok; j++) {
            ok = push(d, cap, '+', a1, j);
        }
        return ok;
    }
    /* lcs[i][j]: the longest common subsequence of a[a0 + i..a1) and b[b0 + j..b1). */
#define AT(i, j) lcs[(i) * (m + 1) + (j)]
    for (size_t i = n; i-- > 0;) {
        for (size_t j = m; j-- > 0;) {
            bool same = strcmp(a[a0 + i], b[b0 + j]) == 0;
            uint32_t skip = AT(i + 1, j) > AT(i, j + 1) ? AT(i + 1, j) : AT(i, j + 1);
            AT(i, j) = same ? AT(i + 1, j + 1) + 1 : skip;
        }
    }
    size_t i = 0;
    size_t j = 0;
    while ((i < n || j < m) && ok) {
        if (i < n && j < m && strcmp(a[a0 + i], b[b0 + j]) == 0) {
            ok = push(d, cap, ' ', a0 + i++, b0 + j++);
        } else if (j == m || (i < n && AT(i + 1, j) >= AT(i, j + 1))) {
            ok = push(d, cap, '-', a0 + i++, b0 + j);
        } else {
            ok = push(d, cap, '+', a0 + i, b0 + j++);
        }
    }
#undef AT
    free(lcs);
    return ok;
}

int ui_diff_make(struct ui_diff *d, const char *const *a, size_t na, const char *const *b,
                 size_t nb)
{
    memset(d, 0, sizeof(*d));
    size_t cap = 0;
    size_t head = 0;
    while (head < na && head < nb && strcmp(a[head], b[head]) == 0) {
        head++;
    }
    size_t tail = 0;
    while (tail < na - head && tail < nb - head &&
           strcmp(a[na - 1 - tail], b[nb - 1 - tail]) == 0) {
        tail++;
    }
    bool ok = true;
    for (size_t i = 0; i < head && ok; i++) {
        ok = push(d, &cap, ' ', i, i);
    }
    ok = ok && diff_middle(d, &cap, a, head, na - tail, b, head, nb - tail);
    for (size_t k = tail; k > 0 && ok; k--) {
        ok = push(d, &cap, ' ', na - k, nb - k);
    }
    if (!ok) {
        ui_diff_finish(d);
        return -1;
    }
    return 0;
}

void ui_diff_finish(struct ui_diff *d)
{
    if (d == NULL) {
        return;
    }
    free(d->ops);
    memset(d, 0, sizeof(*d));
}

/* Prints one line of a hunk: its mark, then the text with control characters escaped. */
static void print_line(FILE *fp, char kind, const char *text)
{
    struct ui_buf b;
    ui_buf_init(&b);
    ui_buf_putc(&b, kind);
    ui_buf_puts_term(&b, text);
    ui_buf_putc(&b, '\n');
    ui_buf_write(&b, fp);
    ui_buf_finish(&b);
}

/* "-A,N" or "+B,M" of a hunk header; a hunk with no line of that side starts before it. */
static void print_range(FILE *fp, char sign, size_t first, size_t count)
{
    fprintf(fp, " %c%zu,%zu", sign, count > 0 ? first + 1 : first, count);
}

/* Prints ops [from, to) as one hunk. */
static void print_hunk(FILE *fp, const struct ui_diff *d, size_t from, size_t to,
                       const char *const *a, const char *const *b)
{
    size_t na = 0;
    size_t nb = 0;
    for (size_t k = from; k < to; k++) {
        na += d->ops[k].kind != '+';
        nb += d->ops[k].kind != '-';
    }
    fputs("@@", fp);
    print_range(fp, '-', d->ops[from].a, na);
    print_range(fp, '+', d->ops[from].b, nb);
    fputs(" @@\n", fp);
    for (size_t k = from; k < to; k++) {
        const struct ui_diff_op *op = &d->ops[k];
        print_line(fp, op->kind, op->kind == '+' ? b[op->b] : a[op->a]);
    }
}

void ui_diff_print(FILE *fp, const struct ui_diff *d, const char *const *a, const char *const *b,
                   const char *a_name, const char *b_name, size_t context)
{
    fprintf(fp, "--- %s\n+++ %s\n", a_name, b_name);
    size_t k = 0;
    while (k < d->count) {
        /* The next change, and the hunk around it: changes closer than 2 * context join. */
        size_t change = k;
        while (change < d->count && d->ops[change].kind == ' ') {
            change++;
        }
        if (change == d->count) {
            break;
        }
        size_t from = change - k > context ? change - context : k;
        size_t end = change;
        size_t quiet = 0;
        for (size_t i = change; i < d->count && (quiet <= 2 * context || context == SIZE_MAX);
             i++) {
            quiet = d->ops[i].kind == ' ' ? quiet + 1 : 0;
            end = quiet == 0 ? i + 1 : end;
        }
        size_t to = d->count - end > context ? end + context : d->count;
        print_hunk(fp, d, from, to, a, b);
        k = to;
    }
}
