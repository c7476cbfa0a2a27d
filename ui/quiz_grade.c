/*
 * quiz_grade.c - an answer to the quiz graded, and the report of it (quiz.h).
 *
 * The answer is compared with every order Node may print; the closest is the one sharing the
 * longest common subsequence with it (an exact match first). Those lines are in order; every
 * other line of that order was moved (it is in the answer, elsewhere) or is missing, and every
 * answer line left over is a copy too many or a line the program never prints.
 */
#include "quiz.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Lines compare without the spaces and tabs they end with (an editor's, a terminal's). */
static size_t trimmed(const char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) {
        n--;
    }
    return n;
}

static bool same_line(const char *a, const char *b)
{
    size_t n = trimmed(a);
    return n == trimmed(b) && memcmp(a, b, n) == 0;
}

/*
 * The longest common subsequence of the answer and order `o`: its length, and with `pairs`
 * (per order line, SIZE_MAX or the answer line it is matched with) the match itself.
 */
static int lcs(const char *const *answer, size_t n, const struct quiz_order *o, size_t *pairs,
               size_t *length)
{
    size_t m = o->count;
    uint32_t *t = calloc((n + 1) * (m + 1), sizeof(*t));
    if (t == NULL) {
        return -1;
    }
#define T(i, j) t[(i) * (m + 1) + (j)]
    for (size_t i = n; i-- > 0;) {
        for (size_t j = m; j-- > 0;) {
            uint32_t skip = T(i + 1, j) > T(i, j + 1) ? T(i + 1, j) : T(i, j + 1);
            T(i, j) = same_line(answer[i], o->lines[j].text) ? T(i + 1, j + 1) + 1 : skip;
        }
    }
    *length = T(0, 0);
    if (pairs != NULL) {
        for (size_t j = 0; j < m; j++) {
            pairs[j] = SIZE_MAX;
        }
        for (size_t i = 0, j = 0; i < n && j < m;) {
            if (same_line(answer[i], o->lines[j].text) && T(i, j) == T(i + 1, j + 1) + 1) {
                pairs[j++] = i++;
            } else if (T(i + 1, j) >= T(i, j + 1)) {
                i++;
            } else {
                j++;
            }
        }
    }
#undef T
    free(t);
    return 0;
}

/* The order closest to the answer: an exact one, else the longest common subsequence. */
static int closest(const struct quiz *q, const char *const *answer, size_t n, size_t *best,
                   size_t *best_len)
{
    *best = 0;
    *best_len = 0;
    bool exact = false;
    for (size_t o = 0; o < q->order_count && !exact; o++) {
        size_t len;
        if (lcs(answer, n, &q->orders[o], NULL, &len) != 0) {
            return -1;
        }
        exact = len == n && len == q->orders[o].count;
        if (exact || len > *best_len) {
            *best = o;
            *best_len = len;
        }
    }
    return 0;
}

int quiz_grade(const struct quiz *q, const char *const *answer, size_t count,
               struct quiz_grade *g)
{
    *g = (struct quiz_grade){0};
    if (closest(q, answer, count, &g->order, &g->in_order) != 0) {
        return -1;
    }
    const struct quiz_order *o = &q->orders[g->order];
    g->total = o->count;
    g->right = g->in_order == o->count && count == o->count;
    g->marks = malloc((o->count + 1) * sizeof(*g->marks));
    g->answered_at = malloc((o->count + 1) * sizeof(*g->answered_at));
    bool *used = calloc(count + 1, sizeof(*used));
    g->extra = malloc((count + 1) * sizeof(*g->extra));
    g->never_printed = calloc(count + 1, sizeof(*g->never_printed));
    size_t len;
    if (g->marks == NULL || g->answered_at == NULL || used == NULL || g->extra == NULL ||
        g->never_printed == NULL || lcs(answer, count, o, g->answered_at, &len) != 0) {
        free(used);
        quiz_grade_finish(g);
        return -1;
    }
    for (size_t j = 0; j < o->count; j++) {
        g->marks[j] = g->answered_at[j] != SIZE_MAX ? QUIZ_IN_ORDER : QUIZ_MISSING;
        if (g->answered_at[j] != SIZE_MAX) {
            used[g->answered_at[j]] = true;
        }
    }
    /* A line out of the subsequence that the answer has elsewhere was moved there. */
    for (size_t j = 0; j < o->count; j++) {
        for (size_t i = 0; g->marks[j] == QUIZ_MISSING && i < count; i++) {
            if (!used[i] && same_line(answer[i], o->lines[j].text)) {
                used[i] = true;
                g->marks[j] = QUIZ_MOVED;
                g->answered_at[j] = i;
            }
        }
    }
    for (size_t i = 0; i < count; i++) {
        if (used[i]) {
            continue;
        }
        bool printed = false;
        for (size_t j = 0; j < o->count && !printed; j++) {
            printed = same_line(answer[i], o->lines[j].text);
        }
        g->never_printed[g->extra_count] = !printed;
        g->extra[g->extra_count++] = i;
    }
    free(used);
    return 0;
}

void quiz_grade_finish(struct quiz_grade *g)
{
    if (g == NULL) {
        return;
    }
    free(g->marks);
    free(g->answered_at);
    free(g->extra);
    free(g->never_printed);
    *g = (struct quiz_grade){0};
}

/* ---- Reports ------------------------------------------------------------------------------ */

void quiz_put_wrapped(struct ui_buf *out, const char *text, size_t indent, size_t width)
{
    struct ui_buf shown;
    ui_buf_init(&shown);
    ui_buf_puts_term(&shown, text); /* a program's hint may hold what a terminal would obey */
    ui_buf_put_wrapped(out, shown.data != NULL ? shown.data : "", shown.len, indent, width);
    out->oom |= shown.oom;
    ui_buf_finish(&shown);
}

/* "1st", "2nd", "3rd", "11th", "22nd" for place i (0-based). */
static void put_place(struct ui_buf *b, size_t i)
{
    size_t n = i + 1;
    ui_buf_u64(b, n);
    const char *suffix = "th";
    if (n % 100 < 11 || n % 100 > 13) {
        suffix = n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
    }
    ui_buf_puts(b, suffix);
}

static void put_quoted(struct ui_buf *b, const char *s)
{
    ui_buf_putc(b, '"');
    ui_buf_puts_term(b, s);
    ui_buf_putc(b, '"');
}

static void put_score(const struct quiz_grade *g, const char *who, struct ui_buf *out)
{
    ui_buf_puts_term(out, who);
    ui_buf_puts(out, g->right ? ": right, " : ": wrong, ");
    ui_buf_u64(out, g->in_order);
    ui_buf_putc(out, '/');
    ui_buf_u64(out, g->total);
    ui_buf_puts(out, " lines in order\n");
}

/* The orders Node may print, when there are several, and which one the answer is. */
static void put_races(const struct quiz *q, const struct quiz_grade *g, struct ui_buf *out)
{
    if (q->order_count < 2) {
        return;
    }
    ui_buf_puts(out, "Node leaves this program's order open: it may print its lines in ");
    ui_buf_u64(out, q->order_count);
    ui_buf_puts(out, q->complete ? " orders, and each is right. " : " orders (at least), and "
                "each is right. ");
    ui_buf_puts(out, g->right ? "Yours is the one it prints when:\n"
                              : "Yours was compared with the closest, which it prints when:\n");
    const struct quiz_order *o = &q->orders[g->order];
    for (size_t i = 0; i < o->when_count; i++) {
        quiz_put_wrapped(out, o->when[i], 4, 80);
    }
    if (o->when_count == 0) {
        ui_buf_puts(out, "    always (no choice point leads elsewhere)\n");
    }
    ui_buf_putc(out, '\n');
}

/* Node's order, each line marked against the answer, then the answer's lines left over. */
static void put_marks(const struct quiz_order *o, const struct quiz_grade *g,
                      const char *const *answer, struct ui_buf *out)
{
    ui_buf_puts(out, "Node prints (each line marked against your answer):\n");
    for (size_t j = 0; j < o->count; j++) {
        ui_buf_puts(out, g->marks[j] == QUIZ_IN_ORDER ? "  ok  " : "  --  ");
        ui_buf_u64(out, j + 1);
        ui_buf_puts(out, j + 1 < 10 ? "   " : j + 1 < 100 ? "  " : " ");
        ui_buf_puts_term(out, o->lines[j].text);
        if (g->marks[j] == QUIZ_MOVED) {
            ui_buf_puts(out, "    (you put it ");
            put_place(out, g->answered_at[j]);
            ui_buf_puts(out, ")");
        } else if (g->marks[j] == QUIZ_MISSING) {
            ui_buf_puts(out, "    (not in your answer)");
        }
        ui_buf_putc(out, '\n');
    }
    for (size_t k = 0; k < g->extra_count; k++) {
        ui_buf_puts(out, "  --  your line ");
        ui_buf_u64(out, g->extra[k] + 1);
        ui_buf_puts(out, ", ");
        put_quoted(out, answer[g->extra[k]]);
        ui_buf_puts(out, g->never_printed[k] ? ": the program never prints it\n"
                                             : ": printed fewer times than that\n");
    }
    ui_buf_putc(out, '\n');
}

/* For each line out of place, the paragraph of the callback that printed it. */
static void put_whys(const struct quiz *q, const struct quiz_order *o,
                     const struct quiz_grade *g, struct ui_buf *out)
{
    bool told = false;
    for (size_t j = 0; j < o->count; j++) {
        if (g->marks[j] == QUIZ_IN_ORDER) {
            continue;
        }
        if (!told) {
            ui_buf_puts(out, "Why the lines out of place print where they do:\n\n");
            told = true;
        }
        ui_buf_puts(out, "  ");
        put_quoted(out, o->lines[j].text);
        ui_buf_puts(out, " prints ");
        put_place(out, j);
        ui_buf_puts(out, ":\n");
        size_t why = o->lines[j].why;
        quiz_put_wrapped(out, why < q->why_count ? q->whys[why]
                              : "It is printed outside any callback the engine tells.",
                         4, 80);
        ui_buf_putc(out, '\n');
    }
}

void quiz_report_text(const struct quiz *q, const struct quiz_grade *g,
                      const char *const *answer, const char *who, bool explain,
                      struct ui_buf *out)
{
    const struct quiz_order *o = &q->orders[g->order];
    if (explain) {
        put_races(q, g, out);
        if (!g->right) {
            put_marks(o, g, answer, out);
        }
        put_whys(q, o, g, out);
        if (o->ending != NULL) {
            quiz_put_wrapped(out, o->ending, 0, 80);
            ui_buf_putc(out, '\n');
        }
    }
    put_score(g, who, out);
}

void quiz_report_json(const struct quiz *q, const struct quiz_grade *g,
                      const char *const *answer, const char *who, struct ui_buf *out)
{
    static const char *const marks[] = {"in-order", "moved", "missing"};
    const struct quiz_order *o = &q->orders[g->order];
    ui_buf_puts(out, "{\"answer\":");
    ui_buf_json_string(out, who);
    ui_buf_puts(out, ",\"scenario\":");
    ui_buf_json_string(out, q->name);
    ui_buf_puts(out, g->right ? ",\"right\":true" : ",\"right\":false");
    ui_buf_puts(out, ",\"in_order\":");
    ui_buf_u64(out, g->in_order);
    ui_buf_puts(out, ",\"total\":");
    ui_buf_u64(out, g->total);
    ui_buf_puts(out, ",\"orders\":");
    ui_buf_u64(out, q->order_count);
    ui_buf_puts(out, ",\"order\":");
    ui_buf_u64(out, g->order);
    ui_buf_puts(out, ",\"when\":[");
    for (size_t i = 0; i < o->when_count; i++) {
        ui_buf_puts(out, i > 0 ? "," : "");
        ui_buf_json_string(out, o->when[i]);
    }
    ui_buf_puts(out, "],\"ending\":");
    if (o->ending != NULL) {
        ui_buf_json_string(out, o->ending);
    } else {
        ui_buf_puts(out, "null");
    }
    ui_buf_puts(out, ",\"lines\":[");
    for (size_t j = 0; j < o->count; j++) {
        ui_buf_puts(out, j > 0 ? ",{\"text\":" : "{\"text\":");
        ui_buf_json_string(out, o->lines[j].text);
        ui_buf_puts(out, ",\"mark\":\"");
        ui_buf_puts(out, marks[g->marks[j]]);
        ui_buf_puts(out, "\",\"answered_at\":");
        if (g->answered_at[j] != SIZE_MAX) {
            ui_buf_u64(out, g->answered_at[j] + 1);
        } else {
            ui_buf_puts(out, "null");
        }
        ui_buf_puts(out, ",\"why\":");
        size_t why = o->lines[j].why;
        if (why < q->why_count) {
            ui_buf_json_string(out, q->whys[why]);
        } else {
            ui_buf_puts(out, "null");
        }
        ui_buf_putc(out, '}');
    }
    ui_buf_puts(out, "],\"extra\":[");
    for (size_t k = 0; k < g->extra_count; k++) {
        ui_buf_puts(out, k > 0 ? ",{\"line\":" : "{\"line\":");
        ui_buf_u64(out, g->extra[k] + 1);
        ui_buf_puts(out, ",\"text\":");
        ui_buf_json_string(out, answer[g->extra[k]]);
        ui_buf_puts(out, g->never_printed[k] ? ",\"never_printed\":true}"
                                             : ",\"never_printed\":false}");
    }
    ui_buf_puts(out, "]}\n");
}
