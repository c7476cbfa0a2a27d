/*
 * compare.c - `loopsim compare --node A --node B SCENARIO`: runs the scenario under each
 * profile and prints what each prints (the `trace --logs` lines) side by side, in two columns
 * headed by the profile, with the first line where they differ marked '>' and every later
 * differing line '*'; then "first difference: line N" or "no difference".
 *
 *       node 10           node 20
 *       t1                t1
 *     > t2                tick1
 *     * tick1             t2
 *     first difference: line 2
 */
#include "commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "lines.h"
#include "source.h"
#include "ui.h"

enum {
    COLUMN_MAX = 48, /* the widest left column; a longer line pushes its right one along */
};

/* What one run printed, and whether it stopped early. */
struct run_lines {
    struct ui_lines printed;
    const char *stop_why;       /* NULL, or why the run stopped early (static text) */
};

/* Loads `src` under profile `node` and runs it to the end. Returns an exit status. */
static int run_profile(const struct ui_source *src, const struct ui_args *args, int node,
                       struct run_lines *out)
{
    struct sim_overrides ov = args->overrides;
    ov.node = node;
    struct sim_program *prog = ui_source_load(src, &ov);
    if (prog == NULL) {
        return UI_EXIT_USAGE;
    }
    struct sim_loop *loop = sim_loop_create(prog);
    int rc = loop != NULL ? sim_loop_run(loop, ui_lines_sink, &out->printed) : -SIM_ENOMEM;
    if (rc < 0) {
        ui_error("%s: the simulation failed: %s", src->name, sim_strerror(rc));
    } else if (sim_loop_outcome(loop) == SIM_OUTCOME_MAX_CALLBACKS) {
        out->stop_why = "stopped by a runaway bound";
    } else if (sim_loop_outcome(loop) == SIM_OUTCOME_UNTIL) {
        out->stop_why = "stopped at until_ms";
    }
    sim_loop_destroy(loop);
    sim_program_destroy(prog);
    return rc < 0 ? UI_EXIT_USAGE : UI_EXIT_OK;
}

/* Characters (not bytes) in a UTF-8 string: what a column's width counts. */
static size_t width_of(const char *s)
{
    size_t n = 0;
    for (; *s != '\0'; s++) {
        n += ((unsigned char)*s & 0xC0) != 0x80;
    }
    return n;
}

/* Line i of a run, or "" past its end. */
static const char *line_at(const struct run_lines *r, size_t i)
{
    return i < r->printed.count ? r->printed.lines[i] : "";
}

static bool same_line(const struct run_lines *a, const struct run_lines *b, size_t i)
{
    return i < a->printed.count && i < b->printed.count &&
           strcmp(a->printed.lines[i], b->printed.lines[i]) == 0;
}

/* One row: the mark, the left text padded to `width`, the right text. */
static void print_row(char mark, const char *left, const char *right, size_t width)
{
    size_t w = width_of(left);
    printf("%c %s%*s  %s\n", mark, left, (int)(w < width ? width - w : 0), "", right);
}

/* Prints both columns and the verdict; `names` are the column heads. */
static void print_columns(const struct run_lines *r, const char *const names[2])
{
    size_t n0 = r[0].printed.count;
    size_t n1 = r[1].printed.count;
    size_t rows = n0 > n1 ? n0 : n1;
    size_t width = width_of(names[0]);
    for (size_t i = 0; i < r[0].printed.count; i++) {
        size_t w = width_of(r[0].printed.lines[i]);
        width = w > width && w <= COLUMN_MAX ? w : width;
    }
    print_row(' ', names[0], names[1], width);
    size_t first = SIZE_MAX;
    for (size_t i = 0; i < rows; i++) {
        bool same = same_line(&r[0], &r[1], i);
        char mark = same ? ' ' : first == SIZE_MAX ? '>' : '*';
        if (!same && first == SIZE_MAX) {
            first = i;
        }
        print_row(mark, line_at(&r[0], i), line_at(&r[1], i), width);
    }
    if (first == SIZE_MAX) {
        printf("no difference: both print the same %zu line%s\n", rows, rows == 1 ? "" : "s");
        return;
    }
    printf("first difference: line %zu", first + 1);
    if (r[0].printed.count != r[1].printed.count) {
        printf(" (%s prints %zu lines, %s %zu)", names[0], r[0].printed.count, names[1],
               r[1].printed.count);
    }
    putchar('\n');
}

/* Says, after the columns, that a run stopped before its end. */
static void print_stops(const struct run_lines *r, const char *const names[2])
{
    for (size_t k = 0; k < UI_MAX_PROFILES; k++) {
        if (r[k].stop_why != NULL) {
            printf("(%s: %s)\n", names[k], r[k].stop_why);
        }
    }
}

int ui_compare(const struct ui_args *args)
{
    struct ui_source src;
    int status = ui_source_open(&src, args->scenarios[0], NULL, 0);
    if (status != 0) {
        return status;
    }
    struct run_lines runs[UI_MAX_PROFILES];
    memset(runs, 0, sizeof runs);
    char heads[UI_MAX_PROFILES][48];
    const char *names[UI_MAX_PROFILES];
    for (size_t k = 0; k < UI_MAX_PROFILES && status == 0; k++) {
        snprintf(heads[k], sizeof heads[k], "node %s", args->nodes[k]);
        names[k] = heads[k];
        status = run_profile(&src, args, args->node_values[k], &runs[k]);
    }
    if (status == 0) {
        print_columns(runs, names);
        print_stops(runs, names);
        status = fflush(stdout) == 0 ? UI_EXIT_OK : UI_EXIT_USAGE;
    }
    for (size_t k = 0; k < UI_MAX_PROFILES; k++) {
        ui_lines_finish(&runs[k].printed);
    }
    ui_source_finish(&src);
    return status;
}
