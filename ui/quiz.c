/*
 * quiz.c - the question about one program, built and graded (quiz.h).
 *
 * Building explores the program's races (sim_races_explore): every order Node may print where
 * timing decides it is a right answer. Each is made again by the run that printed it, with the
 * narrator (printers/narrator.c) handing over its paragraphs, so that each console line keeps
 * the paragraph of the callback that printed it: the explanation of a line out of place is the
 * engine's own account of that callback, in the run that prints that order. Grading
 * (quiz_grade.c) compares an answer with every order and keeps the closest.
 */
#include "quiz.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "narrator.h"
#include "printer.h"
#include "render_js.h"
#include "ui.h"

/* What every quiz asks when the program is no exercise with a prompt of its own. */
static const char default_prompt[] =
    "In what order does this program print its lines? Write them in that order, one per line.";

/* The most lines a quiz asks to order: more is no question for a class (and LCS is n^2). */
enum { QUIZ_MAX_LINES = 2000 };

/* The longest run a quiz explores (each race is one run more): a classroom program is far less. */
enum { QUIZ_MAX_EVENTS = 50000 };

/* ---- The default run, narrated ------------------------------------------------------------ */

/* One console.log of the default run: its text and the paragraph of its callback. */
struct quiz_log {
    char *text;
    size_t why;
};

struct quiz_run {
    struct quiz *q;
    struct printer_ctx ctx;
    struct quiz_log *logs;
    size_t log_count;
    size_t log_cap;
    uint64_t events;            /* the run's events, once it is over */
    char *ending;               /* the narration's last paragraph: how the run ended */
    bool oom;
};

/* The narrator's sink: a callback's paragraph, kept for the console lines it printed. */
static int keep_paragraph(void *data, const struct narrator_paragraph *p)
{
    struct quiz_run *run = data;
    struct quiz *q = run->q;
    if (p->end) {
        free(run->ending);
        run->ending = strndup(p->text, p->len);
        run->oom |= run->ending == NULL;
        return run->ending != NULL ? 0 : -1;
    }
    if (!p->callback || p->logs == 0) {
        return 0;
    }
    char **grown = realloc(q->whys, (q->why_count + 1) * sizeof(*grown));
    char *text = strndup(p->text, p->len);
    if (grown == NULL || text == NULL) {
        free(text);
        q->whys = grown != NULL ? grown : q->whys;
        run->oom = true;
        return -1;
    }
    q->whys = grown;
    q->whys[q->why_count] = text;
    for (uint64_t i = p->first_log; i < p->first_log + p->logs && i < run->log_count; i++) {
        run->logs[i].why = q->why_count;
    }
    q->why_count++;
    return 0;
}

/* The loop's sink: each event to the narrator, each console line kept. */
static int run_sink(void *data, const struct sim_event *ev)
{
    struct quiz_run *run = data;
    printer_ctx_note(&run->ctx, ev);
    if (ev->kind == SIM_EVENT_LOG && ev->text != NULL) {
        char *text = strdup(ev->text);
        if (text == NULL || !ui_array_grow((void **)&run->logs, &run->log_cap, run->log_count,
                                           sizeof(*run->logs))) {
            free(text);
            run->oom = true;
            return 1;
        }
        run->logs[run->log_count++] = (struct quiz_log){.text = text, .why = SIZE_MAX};
    }
    return printer_explain_text.event(&run->ctx, ev) != 0;
}

/*
 * Runs the program narrated, along the choices of race output `out`: the paragraphs into
 * q->whys, the console lines into run->logs.
 */
static int narrate(struct quiz *q, const struct sim_program *prog,
                   const struct sim_race_output *out, struct quiz_run *run)
{
    struct narrator *n = narrator_create();
    struct sim_loop *loop = sim_loop_create(prog);
    char *sink_text = NULL;
    size_t sink_len = 0;
    FILE *fp = open_memstream(&sink_text, &sink_len); /* the narrator writes nothing to it */
    int rc = -SIM_ENOMEM;
    if (n != NULL && loop != NULL && fp != NULL &&
        sim_loop_set_choices(loop, NULL, out->taken, out->taken_count) == 0) {
        narrator_set_sink(n, keep_paragraph, run);
        printer_ctx_init(&run->ctx, fp, q->name, prog);
        run->ctx.loop = loop;
        run->ctx.command_data = n;
        rc = printer_explain_text.begin(&run->ctx) != 0 ? -SIM_ENOMEM : 0;
        rc = rc == 0 ? sim_loop_run(loop, run_sink, run) : rc;
        if (rc == 0 && printer_explain_text.end(&run->ctx, loop) != 0) {
            rc = -SIM_ENOMEM;
        }
        rc = rc > 0 || run->oom ? -SIM_ENOMEM : rc;
        run->events = run->ctx.events;
        printer_ctx_finish(&run->ctx);
    }
    if (fp != NULL) {
        fclose(fp);
    }
    free(sink_text);
    sim_loop_destroy(loop);
    narrator_destroy(n);
    return rc;
}

/* ---- Orders ------------------------------------------------------------------------------ */

/* Appends the lines of console.log text `text` (one per '\n'-separated part) to `o`. */
static bool add_lines(struct quiz_order *o, size_t *cap, const char *text, size_t why)
{
    for (const char *at = text;;) {
        const char *nl = strchr(at, '\n');
        size_t n = nl != NULL ? (size_t)(nl - at) : strlen(at);
        char *line = strndup(at, n);
        if (line == NULL || !ui_array_grow((void **)&o->lines, cap, o->count, sizeof(*o->lines))) {
            free(line);
            return false;
        }
        o->lines[o->count++] = (struct quiz_line){.text = line, .why = why};
        if (nl == NULL) {
            return true;
        }
        at = nl + 1;
    }
}

/* What makes Node print the order `out`: the sentences of its choice points. */
static bool add_when(struct quiz_order *o, const struct sim_race_output *out)
{
    o->when = calloc(out->choice_count + 1, sizeof(*o->when));
    if (o->when == NULL) {
        return false;
    }
    for (size_t i = 0; i < out->choice_count; i++) {
        const struct sim_choice *c = &out->choices[i];
        char sentence[512];
        sim_choice_sentence(c, c->taken, sentence, sizeof sentence);
        o->when[i] = strdup(sentence);
        if (o->when[i] == NULL) {
            return false;
        }
        o->when_count++;
    }
    return true;
}

static void free_logs(struct quiz_run *run)
{
    for (size_t i = 0; i < run->log_count; i++) {
        free(run->logs[i].text);
    }
    free(run->logs);
    run->logs = NULL;
    run->log_count = run->log_cap = 0;
}

/*
 * One order Node may print into `o`: the run that printed it made again, narrated, so that each
 * line is explained by the account of the run that prints it in that order. *events: the run's.
 */
static int narrate_order(struct quiz *q, const struct sim_program *prog,
                         const struct sim_race_output *out, struct quiz_order *o,
                         uint64_t *events)
{
    struct quiz_run run = {.q = q};
    int rc = narrate(q, prog, out, &run);
    size_t cap = 0;
    for (size_t i = 0; rc == 0 && i < run.log_count; i++) {
        rc = add_lines(o, &cap, run.logs[i].text, run.logs[i].why) ? 0 : -SIM_ENOMEM;
    }
    free_logs(&run);
    *events = run.events;
    o->ending = run.ending;
    return rc;
}

static void order_finish(struct quiz_order *o)
{
    for (size_t i = 0; i < o->count; i++) {
        free(o->lines[i].text);
    }
    for (size_t i = 0; i < o->when_count; i++) {
        free(o->when[i]);
    }
    free(o->lines);
    free(o->when);
    free(o->ending);
    *o = (struct quiz_order){0};
}

/*
 * Whether the default run (`first`, of `events`) makes a question: it prints something, and
 * not more than a class orders; its races can be explored in a moment. Says why not.
 */
static bool askable(const struct quiz *q, const struct quiz_order *first, uint64_t events)
{
    if (first->count == 0) {
        ui_error("%s: the program prints nothing: there is no order to ask about", q->name);
    } else if (first->count > QUIZ_MAX_LINES) {
        ui_error("%s: the program prints %zu lines: a quiz orders at most %d", q->name,
                 first->count, QUIZ_MAX_LINES);
    } else if (events > QUIZ_MAX_EVENTS) {
        ui_error("%s: the run takes %llu events: a quiz explores runs of at most %d (a "
                 "classroom program takes far fewer)", q->name, (unsigned long long)events,
                 QUIZ_MAX_EVENTS);
    } else {
        return true;
    }
    return false;
}

/*
 * Every order Node may print, the default run's first (sim_races_explore finds it first).
 * Returns 0, a negative SIM_E*, or UI_EXIT_USAGE after saying why there is no question.
 */
static int find_orders(struct quiz *q, const struct sim_program *prog)
{
    static const struct sim_race_output default_run = {0};
    struct quiz_order first = {0};
    uint64_t events = 0;
    int rc = narrate_order(q, prog, &default_run, &first, &events);
    if (rc == 0 && !askable(q, &first, events)) {
        order_finish(&first);
        return UI_EXIT_USAGE;
    }
    struct sim_races *races = rc == 0 ? sim_races_explore(prog, NULL, &rc) : NULL;
    q->orders = races != NULL ? calloc(races->output_count + 1, sizeof(*q->orders)) : NULL;
    rc = races != NULL && q->orders == NULL ? -SIM_ENOMEM : rc;
    for (size_t i = 0; rc == 0 && i < races->output_count; i++) {
        const struct sim_race_output *out = &races->outputs[i];
        struct quiz_order *o = &q->orders[q->order_count++];
        if (out->is_default) {
            *o = first; /* the same run: its narration is made already */
            first = (struct quiz_order){0};
        } else {
            rc = narrate_order(q, prog, out, o, &events);
        }
        rc = rc == 0 && !add_when(o, out) ? -SIM_ENOMEM : rc;
    }
    q->complete = races != NULL && races->open_count == 0;
    sim_races_destroy(races);
    order_finish(&first);
    return rc;
}

/* ---- The program as the students read it ---------------------------------------------- */

/* Is source line s[0..n) a `// loopsim: config` line (the students need its facts)? */
static bool is_config_line(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t')) {
        i++;
    }
    static const char word[] = "// loopsim: config";
    return n - i >= sizeof word - 1 && memcmp(s + i, word, sizeof word - 1) == 0;
}

/*
 * A JavaScript program's own text without an exercise's header comment (title, what it
 * teaches, level, prompt, hints) but with its config lines; a JSON scenario rendered as
 * JavaScript, as `loopsim js` prints it.
 */
static int student_program(struct quiz *q, const struct sim_program *prog)
{
    size_t len;
    const char *source = sim_program_source(prog, &len);
    if (source == NULL) {
        struct render_js js;
        int rc = render_js(&js, prog, RENDER_JS_PRELUDE);
        q->program_line = malloc((js.line_count + 1) * sizeof(*q->program_line));
        rc = rc == 0 && q->program_line == NULL ? -SIM_ENOMEM : rc;
        for (size_t i = 0; rc == 0 && i < js.line_count; i++) {
            q->program_line[q->program_lines++] = (struct quiz_source_line){
                .number = (uint32_t)i + 1, .at = q->program.len, .len = js.lines[i].len};
            ui_buf_put(&q->program, render_js_text(&js, i), js.lines[i].len);
            ui_buf_putc(&q->program, '\n');
        }
        render_js_finish(&js);
        return rc == 0 && q->program.oom ? -SIM_ENOMEM : rc;
    }
    size_t cap = 0;
    uint32_t code = prog->exercise.level > 0 ? prog->exercise.code_line : 1;
    bool leading = true; /* blank lines at the top are left out */
    uint32_t line = 1;
    for (size_t at = 0; at < len; line++) {
        const char *eol = memchr(source + at, '\n', len - at);
        size_t end = eol != NULL ? (size_t)(eol - source) : len;
        size_t n = end - at - (end > at && source[end - 1] == '\r');
        bool blank = strspn(source + at, " \t\r") >= end - at;
        if ((line >= code || is_config_line(source + at, n)) && !(leading && blank)) {
            if (!ui_array_grow((void **)&q->program_line, &cap, q->program_lines,
                               sizeof(*q->program_line))) {
                return -SIM_ENOMEM;
            }
            q->program_line[q->program_lines++] =
                (struct quiz_source_line){.number = line, .at = q->program.len, .len = n};
            ui_buf_put(&q->program, source + at, n);
            ui_buf_putc(&q->program, '\n');
            leading = false;
        }
        at = end + 1;
    }
    return q->program.oom ? -SIM_ENOMEM : 0;
}

/* ---- The question's list ------------------------------------------------------------------ */

static bool is_order(const struct quiz *q, const size_t *idx)
{
    const struct quiz_order *d = &q->orders[0];
    for (size_t o = 0; o < q->order_count; o++) {
        const struct quiz_order *order = &q->orders[o];
        bool same = order->count == d->count;
        for (size_t i = 0; same && i < d->count; i++) {
            same = strcmp(order->lines[i].text, d->lines[idx[i]].text) == 0;
        }
        if (same) {
            return true;
        }
    }
    return false;
}

/*
 * The lines as the question lists them: shuffled by a generator seeded with the lines
 * themselves (the same program, the same list), and shuffled again while the list is an
 * order Node prints, so the list never gives the answer away.
 */
static int shuffle(struct quiz *q)
{
    const struct quiz_order *d = &q->orders[0];
    q->shuffled = malloc((d->count + 1) * sizeof(*q->shuffled));
    if (q->shuffled == NULL) {
        return -SIM_ENOMEM;
    }
    uint64_t seed = 1469598103934665603ull;
    for (size_t i = 0; i < d->count; i++) {
        q->shuffled[i] = i;
        for (const char *c = d->lines[i].text; *c != '\0'; c++) {
            seed = (seed ^ (unsigned char)*c) * 1099511628211ull;
        }
    }
    for (int tries = 0; tries < 64; tries++) {
        for (size_t i = d->count; i > 1; i--) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            size_t j = (size_t)((seed >> 33) % i);
            size_t t = q->shuffled[i - 1];
            q->shuffled[i - 1] = q->shuffled[j];
            q->shuffled[j] = t;
        }
        if (!is_order(q, q->shuffled)) {
            break;
        }
    }
    return 0;
}

void quiz_key_name(size_t i, size_t count, char *buf, size_t size)
{
    if (count <= 26) {
        snprintf(buf, size, "%c", (char)('a' + i));
    } else {
        snprintf(buf, size, "%zu", i + 1);
    }
}

/* The index of key s[0..n), or SIZE_MAX when it is no key of a list of `count`. */
static size_t key_index(const char *s, size_t n, size_t count)
{
    if (count <= 26) {
        char c = n == 1 ? (char)(s[0] | 0x20) : 0;
        return c >= 'a' && (size_t)(c - 'a') < count ? (size_t)(c - 'a') : SIZE_MAX;
    }
    size_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9' || v > count) {
            return SIZE_MAX;
        }
        v = v * 10 + (size_t)(s[i] - '0');
    }
    return n > 0 && v >= 1 && v <= count ? v - 1 : SIZE_MAX;
}

int quiz_parse_keys(const char *text, size_t count, size_t *order, char *why, size_t size)
{
    static const char seps[] = " \t,;";
    bool *seen = calloc(count + 1, sizeof(*seen));
    if (seen == NULL) {
        snprintf(why, size, "out of memory");
        return -1;
    }
    const char *start = text + strspn(text, seps);
    size_t word = strcspn(start, seps);
    /* "cab": letters run together, one per line of the list. */
    bool run = count <= 26 && word == count && start[word + strspn(start + word, seps)] == '\0';
    size_t given = 0;
    for (const char *at = start; *at != '\0'; at += strspn(at, seps)) {
        size_t n = run ? 1 : strcspn(at, seps);
        size_t k = key_index(at, n, count);
        if (k == SIZE_MAX) {
            char first[24];
            char last[24];
            quiz_key_name(0, count, first, sizeof first);
            quiz_key_name(count - 1, count, last, sizeof last);
            snprintf(why, size, "'%.*s' is the key of no line (the keys: %s to %s)",
                     (int)(n < 16 ? n : 16), at, first, last);
            goto free_seen;
        }
        if (seen[k]) {
            snprintf(why, size, "'%.*s' is given twice: give each line once", (int)n, at);
            goto free_seen;
        }
        seen[k] = true;
        order[given++] = k;
        at += n;
    }
    if (given < count) {
        int len = snprintf(why, size, "%zu of the %zu lines given; missing:", given, count);
        for (size_t k = 0; k < count && len > 0 && (size_t)len < size; k++) {
            char key[24];
            quiz_key_name(k, count, key, sizeof key);
            if (!seen[k]) {
                len += snprintf(why + len, size - (size_t)len, " %s", key);
            }
        }
        goto free_seen;
    }
    free(seen);
    return 0;
free_seen:
    free(seen);
    return -1;
}

int quiz_build(struct quiz *q, const char *name, const struct sim_program *prog)
{
    *q = (struct quiz){.name = name};
    ui_buf_init(&q->program);
    const struct sim_exercise *ex = &prog->exercise;
    q->title = ex->title != NULL ? ex->title : prog->name;
    q->teaches = prog->description;
    q->level = ex->level;
    q->prompt = ex->prompt != NULL ? ex->prompt : default_prompt;
    q->hints = ex->hints;
    q->hint_count = ex->hint_count;
    int rc = find_orders(q, prog);
    if (rc == UI_EXIT_USAGE) {
        quiz_finish(q);
        return UI_EXIT_USAGE;
    }
    rc = rc == 0 ? student_program(q, prog) : rc;
    rc = rc == 0 ? shuffle(q) : rc;
    if (rc != 0) {
        ui_error("%s: %s", name, sim_strerror(rc));
        quiz_finish(q);
        return UI_EXIT_USAGE;
    }
    return 0;
}

void quiz_finish(struct quiz *q)
{
    if (q == NULL) {
        return;
    }
    for (size_t o = 0; o < q->order_count; o++) {
        order_finish(&q->orders[o]);
    }
    free(q->orders);
    for (size_t i = 0; i < q->why_count; i++) {
        free(q->whys[i]);
    }
    free(q->whys);
    free(q->shuffled);
    free(q->program_line);
    ui_buf_finish(&q->program);
    *q = (struct quiz){0};
}
