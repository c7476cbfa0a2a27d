/*
 * bench/stepback.c - how long the TUI takes to step back, deep into a large run.
 *
 *     build/tests/bench-stepback [SCENARIO.json] [EVENT] [SAMPLES]
 *
 * Defaults: bench/out/step-1m.json (bench/gen.py writes it), event 1,000,000, 2,000 samples.
 * The stepper (ui/tui/tui.c and its model, ui/tui/tui_model.c) runs to EVENT, then `b` is timed
 * from positions spread over two snapshot intervals below EVENT, so the worst case (a replay of
 * nearly a whole interval) is among them:
 *
 *   - "model": tui_model_seek() one event back: restore the nearest snapshot, replay;
 *   - "b + redraw": the key `b` and drawing the 120x40 screen, the trace pane's events included:
 *     what a person waits for.
 *
 * Prints one Markdown table row, with its header.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui.h"

enum {
    SAMPLES = 2000,             /* positions timed at most, by default */
};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    size_t cap = 1 << 20;
    char *buf = malloc(cap);
    *len = 0;
    size_t n;
    while (buf != NULL && (n = fread(buf + *len, 1, cap - *len, f)) > 0) {
        *len += n;
        if (*len == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    fclose(f);
    return buf;
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Sorts the n times; prints the median, the 99th percentile and the worst. */
static void print_times(double *times, size_t n)
{
    qsort(times, n, sizeof(*times), compare);
    printf(" %.3f | %.3f | %.3f |", times[n / 2], times[n * 99 / 100], times[n - 1]);
}

/*
 * Times one step back from event `from`: the model's seek alone into *model, then the key `b`
 * with the redraw of a 120x40 screen into *screen (milliseconds). Returns 0 or -1.
 */
static int time_step_back(struct tui *t, uint64_t from, double *model, double *screen)
{
    tui_go(t, from);
    tui_draw(t, 120, 40);
    double start = now_ms();
    int rc = tui_model_seek(t->model, from - 1);
    *model = now_ms() - start;
    tui_go(t, from);
    tui_draw(t, 120, 40);
    start = now_ms();
    tui_key(t, 'b');
    rc |= tui_draw(t, 120, 40);
    *screen = now_ms() - start;
    return rc == 0 && t->model->pos == from - 1 ? 0 : -1;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "bench/out/step-1m.json";
    uint64_t target = argc > 2 ? strtoull(argv[2], NULL, 10) : 1000000;
    uint64_t samples = argc > 3 ? strtoull(argv[3], NULL, 10) : SAMPLES;
    size_t len;
    char *buf = read_file(path, &len);
    if (buf == NULL) {
        fprintf(stderr, "bench-stepback: cannot read %s (run: python3 bench/gen.py bench/out)\n",
                path);
        return 2;
    }
    struct sim_diag diag;
    struct sim_program *prog = sim_program_load(buf, len, NULL, &diag);
    free(buf);
    if (prog == NULL) {
        fprintf(stderr, "bench-stepback: %s: %s\n", path, diag.message);
        return 2;
    }
    struct tui t;
    double start = now_ms();
    int rc = tui_init(&t, path, prog);
    rc = rc == 0 ? tui_model_discover(t.model, target) : rc;
    double discover = now_ms() - start;
    if (rc < 0 || t.model->known < target) {
        fprintf(stderr, "bench-stepback: the run has %llu events, fewer than %llu\n",
                (unsigned long long)t.model->known, (unsigned long long)target);
        return 2;
    }

    uint64_t span = 2 * t.model->snap_every;
    size_t n = (size_t)(span < samples ? span : samples > 0 ? samples : 1);
    double *model = malloc(n * sizeof(*model));
    double *screen = malloc(n * sizeof(*screen));
    for (size_t i = 0; i < n; i++) {
        if (time_step_back(&t, target - i * (span / n), &model[i], &screen[i]) < 0) {
            fprintf(stderr, "bench-stepback: a step back failed\n");
            return 1;
        }
    }
    const char *name = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
    printf("| scenario | at event | run there (s) | snapshots | interval | model: median ms "
           "| p99 | worst | b + redraw: median ms | p99 | worst |\n");
    printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    printf("| %s | %llu | %.2f | %zu | %llu |", name, (unsigned long long)target,
           discover / 1e3, t.model->snap_count, (unsigned long long)t.model->snap_every);
    print_times(model, n);
    print_times(screen, n);
    printf("\n");
    free(model);
    free(screen);
    tui_finish(&t);
    sim_program_destroy(prog);
    return 0;
}
