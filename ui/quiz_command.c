/*
 * quiz_command.c - `loopsim quiz SCENARIO`: the question asked, and the answer graded.
 *
 *     loopsim quiz S --answer FILE|DIR|- ...   grade answer files (a DIR: its *.txt files)
 *     loopsim quiz S < answer.txt              the same for standard input
 *     loopsim quiz S                           on a terminal: arrange the lines in a list
 *     loopsim quiz S --typed                   on a terminal: type the order as letters
 *     loopsim quiz S -o FILE                   ... and save the answer, for --answer later
 *     loopsim quiz --sheet [S...] [-o DIR]     the exercise sheet and its key (quiz_sheet.c)
 *
 * An answer is text, one console line per line (quiz.h grades it). A file that cannot be read,
 * is not UTF-8 text or holds no line is refused with FILE:LINE:COL and exit status 2; the
 * others are still graded. Exit status 0 when every answer is right, 1 when one is wrong.
 */
#include "commands.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "builtin.h"
#include "output.h"
#include "quiz.h"
#include "quiz_screen.h"
#include "source.h"
#include "ui.h"

/* The largest answer file read: far more than any class writes. */
enum { ANSWER_MAX_BYTES = 1 << 20 };

/* An answer's lines, split in place in its own bytes. */
struct answer {
    char *bytes;                /* owned */
    const char **lines;         /* owned array into bytes */
    size_t count;
};

static void answer_finish(struct answer *a)
{
    free(a->bytes);
    free(a->lines);
    *a = (struct answer){0};
}

/*
 * Splits the text into lines: "\r\n" ends a line as "\n" does, an UTF-8 byte order mark is
 * dropped, and blank lines at the end are not lines of the answer. Returns 0, or -1 out of
 * memory.
 */
static int split_answer(struct answer *a, size_t len)
{
    char *text = a->bytes;
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
        text += 3;
        len -= 3;
    }
    a->lines = malloc((len + 2) * sizeof(*a->lines));
    if (a->lines == NULL) {
        return -1;
    }
    for (size_t at = 0; at < len;) {
        char *nl = memchr(text + at, '\n', len - at);
        size_t end = nl != NULL ? (size_t)(nl - text) : len;
        text[end > at && text[end - 1] == '\r' ? end - 1 : end] = '\0';
        a->lines[a->count++] = text + at;
        at = end + 1;
    }
    while (a->count > 0 && a->lines[a->count - 1][strspn(a->lines[a->count - 1], " \t")] ==
                               '\0') {
        a->count--;
    }
    return 0;
}

/* Reads answer file `path` ("-": standard input). Returns 0, or UI_EXIT_USAGE after saying why. */
static int read_answer(const char *path, struct answer *a)
{
    *a = (struct answer){0};
    const char *shown = strcmp(path, "-") == 0 ? "standard input" : path;
    size_t len = 0;
    int err = ui_file_read(path, ANSWER_MAX_BYTES, &a->bytes, &len);
    if (err == EFBIG) {
        fprintf(stderr, "%s:1:1: error: the answer is over %d bytes: one console line per line "
                "is far less\n", shown, ANSWER_MAX_BYTES);
        return UI_EXIT_USAGE;
    }
    if (err != 0) {
        ui_error("%s: %s", shown, ui_file_reason(err));
        return UI_EXIT_USAGE;
    }
    struct sim_diag diag;
    if (sim_text_check(a->bytes, len, &diag) != 0) {
        fprintf(stderr, "%s:%u:%u: error: %s\n", shown, diag.line, diag.col, diag.message);
        answer_finish(a);
        return UI_EXIT_USAGE;
    }
    if (split_answer(a, len) != 0) {
        ui_error("%s: out of memory", shown);
        answer_finish(a);
        return UI_EXIT_USAGE;
    }
    if (a->count == 0) {
        fprintf(stderr, "%s:1:1: error: the answer is empty: write the lines the program prints, "
                "one per line, in the order it prints them\n", shown);
        answer_finish(a);
        return UI_EXIT_USAGE;
    }
    return 0;
}

/*
 * quiz -o FILE: saves the answer as an answer file (one line each) for `--answer` to grade
 * later; FILE is replaced only once it is whole. Returns 0, or UI_EXIT_USAGE after saying why.
 */
static int save_answer(const char *path, const char *const *lines, size_t count)
{
    if (path == NULL) {
        return UI_EXIT_OK;
    }
    struct ui_buf b;
    ui_buf_init(&b);
    for (size_t i = 0; i < count; i++) {
        ui_buf_puts(&b, lines[i]);
        ui_buf_putc(&b, '\n');
    }
    struct ui_buf *parts[] = {&b};
    int status = ui_output_write(path, parts, 1);
    ui_buf_finish(&b);
    return status;
}

/* Grades one answer into `out`. Returns its status: 0 right, 1 wrong, 2 unreadable. */
static int grade_one(const struct quiz *q, const struct ui_args *args, const char *path,
                     bool explain, struct ui_buf *out)
{
    struct answer a;
    int status = read_answer(path, &a);
    if (status != 0) {
        return status;
    }
    struct quiz_grade g;
    if (save_answer(strcmp(path, "-") == 0 ? args->output : NULL, a.lines, a.count) != 0) {
        answer_finish(&a);
        return UI_EXIT_USAGE;
    }
    if (quiz_grade(q, a.lines, a.count, &g) != 0) {
        ui_error("%s: out of memory", path);
        answer_finish(&a);
        return UI_EXIT_USAGE;
    }
    const char *who = strcmp(path, "-") == 0 ? "standard input" : path;
    if (args->quiz_json) {
        quiz_report_json(q, &g, a.lines, who, out);
    } else {
        quiz_report_text(q, &g, a.lines, who, explain, out);
    }
    status = g.right ? UI_EXIT_OK : UI_EXIT_FAIL;
    quiz_grade_finish(&g);
    answer_finish(&a);
    return status;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.txt files of directory `dir`, sorted, as paths; NULL after saying why. */
static char **answer_files(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        ui_error("%s: %s", dir, strerror(errno));
        return NULL;
    }
    char **paths = NULL;
    size_t cap = 0;
    *count = 0;
    bool ok = true;
    for (struct dirent *e; ok && (e = readdir(d)) != NULL;) {
        size_t n = strlen(e->d_name);
        if (n <= 4 || strcmp(e->d_name + n - 4, ".txt") != 0 || e->d_name[0] == '.') {
            continue;
        }
        size_t size = strlen(dir) + n + 2;
        char *path = malloc(size);
        ok = path != NULL && ui_array_grow((void **)&paths, &cap, *count, sizeof(*paths));
        if (ok) {
            snprintf(path, size, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
                     e->d_name);
            paths[(*count)++] = path;
        } else {
            free(path);
        }
    }
    closedir(d);
    if (ok && *count == 0) {
        ui_error("%s: no answer files in it (each student's answer is a NAME.txt file)", dir);
        ok = false;
    }
    if (!ok) {
        for (size_t i = 0; i < *count; i++) {
            free(paths[i]);
        }
        free(paths);
        if (cap > 0 || *count > 0) {
            ui_error("%s: out of memory", dir);
        }
        return NULL;
    }
    qsort(paths, *count, sizeof(*paths), by_name);
    return paths;
}

static bool is_dir(const char *path)
{
    struct stat st;
    return strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The worse of two statuses: usage over wrong over right. */
static int worse(int a, int b)
{
    return a > b ? a : b;
}

/*
 * Grades every --answer (or standard input): one answer alone with the explanations, several
 * with a score line each and a summary. Returns the worst status.
 */
static int grade_all(const struct quiz *q, const struct ui_args *args)
{
    const char *std_in[] = {"-"};
    const char *const *given = args->answer_count > 0 ? args->answers : std_in;
    size_t given_count = args->answer_count > 0 ? args->answer_count : 1;
    bool several = given_count > 1 || is_dir(given[0]);
    struct ui_buf out;
    ui_buf_init(&out);
    int status = UI_EXIT_OK;
    size_t graded = 0;
    size_t right = 0;
    for (size_t i = 0; i < given_count; i++) {
        size_t count = 1;
        char **files = NULL;
        if (is_dir(given[i])) {
            files = answer_files(given[i], &count);
            if (files == NULL) {
                status = worse(status, UI_EXIT_USAGE);
                continue;
            }
        }
        for (size_t k = 0; k < count; k++) {
            int one = grade_one(q, args, files != NULL ? files[k] : given[i], !several, &out);
            graded += one != UI_EXIT_USAGE;
            right += one == UI_EXIT_OK;
            status = worse(status, one);
            free(files != NULL ? files[k] : NULL);
        }
        free(files);
        int flushed = ui_output_stdout(&out); /* each file's report as soon as it is made */
        out.len = 0;
        status = worse(status, flushed);
    }
    if (several && !args->quiz_json) {
        ui_buf_u64(&out, right);
        ui_buf_puts(&out, " of ");
        ui_buf_u64(&out, graded);
        ui_buf_puts(&out, graded == 1 ? " answer right" : " answers right");
        if (q->order_count > 1) {
            ui_buf_puts(&out, " (Node may print this program's lines in ");
            ui_buf_u64(&out, q->order_count);
            ui_buf_puts(&out, " orders: each counts as right)");
        }
        ui_buf_puts(&out, "\n");
        status = worse(status, ui_output_stdout(&out));
    }
    ui_buf_finish(&out);
    return status;
}

/* The question, the program and the lines to order, as a terminal shows them. */
static void put_question(const struct quiz *q, struct ui_buf *b)
{
    ui_buf_puts_term(b, q->title);
    if (q->level > 0) {
        ui_buf_puts(b, "  (");
        ui_buf_puts(b, ui_level_name(q->level));
        ui_buf_puts(b, ")");
    }
    ui_buf_puts(b, "\n\n");
    for (size_t i = 0; i < q->program_lines; i++) {
        const struct quiz_source_line *l = &q->program_line[i];
        char num[16];
        snprintf(num, sizeof num, l->len > 0 ? "%3u  " : "%3u", (unsigned)l->number);
        ui_buf_puts(b, num);
        ui_buf_put_term(b, q->program.data + l->at, l->len);
        ui_buf_putc(b, '\n');
    }
    ui_buf_putc(b, '\n');
    quiz_put_wrapped(b, q->prompt, 0, 80);
    ui_buf_puts(b, "\nThe lines it prints, in no particular order:\n");
    const struct quiz_order *o = &q->orders[0];
    for (size_t i = 0; i < o->count; i++) {
        char key[24];
        quiz_key_name(i, o->count, key, sizeof key);
        ui_buf_puts(b, "  ");
        ui_buf_puts(b, key);
        ui_buf_puts(b, ")  ");
        ui_buf_puts_term(b, o->lines[q->shuffled[i]].text);
        ui_buf_putc(b, '\n');
    }
}

/* Grades an order given as indices into the question's list. */
static int grade_order(const struct quiz *q, const struct ui_args *args, const size_t *order,
                       size_t count)
{
    const char **lines = malloc((count + 1) * sizeof(*lines));
    if (lines == NULL) {
        ui_error("out of memory");
        return UI_EXIT_USAGE;
    }
    for (size_t i = 0; i < count; i++) {
        lines[i] = q->orders[0].lines[q->shuffled[order[i]]].text;
    }
    if (save_answer(args->output, lines, count) != 0) {
        free(lines);
        return UI_EXIT_USAGE;
    }
    struct quiz_grade g;
    struct ui_buf out;
    ui_buf_init(&out);
    int status = UI_EXIT_USAGE;
    if (quiz_grade(q, lines, count, &g) == 0) {
        if (args->quiz_json) {
            quiz_report_json(q, &g, lines, "your answer", &out);
        } else {
            ui_buf_putc(&out, '\n');
            quiz_report_text(q, &g, lines, "your answer", true, &out);
        }
        status = worse(ui_output_stdout(&out), g.right ? UI_EXIT_OK : UI_EXIT_FAIL);
        quiz_grade_finish(&g);
    } else {
        ui_error("out of memory");
    }
    ui_buf_finish(&out);
    free(lines);
    return status;
}

/*
 * --typed: the question on standard output, the order read as keys ("c a b", "cab", "3 1 2")
 * from standard input until it is one; '?' shows the next hint, 'q' gives up.
 */
static int ask_typed(const struct quiz *q, const struct ui_args *args)
{
    struct ui_buf b;
    ui_buf_init(&b);
    put_question(q, &b);
    int status = ui_output_stdout(&b);
    ui_buf_finish(&b);
    size_t count = q->orders[0].count;
    size_t *order = malloc((count + 1) * sizeof(*order));
    char *line = NULL;
    size_t cap = 0;
    size_t hints = 0;
    char why[160];
    while (status == UI_EXIT_OK && order != NULL) {
        printf("\nYour order (the keys of the lines, first to last%s), or q to quit: ",
               q->hint_count > hints ? "; ? for a hint" : "");
        fflush(stdout);
        if (getline(&line, &cap, stdin) < 0) {
            printf("\n");
            status = UI_EXIT_FAIL;
            break;
        }
        line[strcspn(line, "\r\n")] = '\0';
        if (strcmp(line, "q") == 0) {
            status = UI_EXIT_FAIL;
            break;
        }
        if (strcmp(line, "?") == 0) {
            if (hints < q->hint_count) {
                printf("Hint %zu of %zu: ", hints + 1, q->hint_count);
                struct ui_buf h;
                ui_buf_init(&h);
                quiz_put_wrapped(&h, q->hints[hints++], 0, 80);
                ui_output_stdout(&h);
                ui_buf_finish(&h);
            } else {
                printf("There are no more hints.\n");
            }
            continue;
        }
        if (quiz_parse_keys(line, count, order, why, sizeof why) == 0) {
            status = grade_order(q, args, order, count);
            break;
        }
        printf("%s\n", why);
    }
    if (order == NULL) {
        ui_error("out of memory");
        status = UI_EXIT_USAGE;
    }
    free(line);
    free(order);
    return status;
}

/* The curses list; falls back to typing when the terminal cannot be taken over. */
static int ask_listed(const struct quiz *q, const struct ui_args *args)
{
    size_t count = q->orders[0].count;
    size_t *order = malloc((count + 1) * sizeof(*order));
    if (order == NULL) {
        ui_error("out of memory");
        return UI_EXIT_USAGE;
    }
    int rc = quiz_screen_run(q, order);
    int status;
    if (rc == QUIZ_SCREEN_SUBMITTED) {
        status = grade_order(q, args, order, count);
    } else if (rc == QUIZ_SCREEN_QUIT) {
        status = UI_EXIT_FAIL;
    } else {
        status = ask_typed(q, args);
    }
    free(order);
    return status;
}

static int quiz_program(const void *ctx, const char *name, const struct sim_program *prog)
{
    const struct ui_args *args = ctx;
    struct quiz q;
    int status = quiz_build(&q, name, prog);
    if (status != 0) {
        return status;
    }
    if (args->answer_count > 0 || (!args->typed && !isatty(STDIN_FILENO))) {
        status = grade_all(&q, args);
    } else if (args->typed || !isatty(STDOUT_FILENO)) {
        status = ask_typed(&q, args);
    } else {
        status = ask_listed(&q, args);
    }
    quiz_finish(&q);
    return status;
}

int ui_quiz(const struct ui_args *args)
{
    if (args->sheet) {
        return ui_quiz_sheet(args);
    }
    return ui_source_with(args->scenarios[0], &args->overrides, false, quiz_program, args);
}
