/*
 * annotate.c - what a program's `// loopsim:` comments say about its run:
 *
 *   // loopsim: config threadpool_size=2 callback_ms=0 limits.check=3
 *       the scenario format's config keys (js-input.md, Virtual time). They are read by the
 *       JSON loader's own reader of config (sim/load/load_config.c, one table of keys in
 *       sim/ops.h): the pairs become a config object of a scenario, which is loaded, and its
 *       config is the program's; a bad key or value is reported at the comment.
 *   // loopsim: expect
 *   // first line node prints
 *   // second line
 *       the output node prints, as the comment lines that follow (their text after "// "), up
 *       to the first line that is not a // comment: `loopsim check prog.js` compares the run
 *       with it, as with a scenario's `expect` (docs/js-input.md).
 *   // loopsim: level 2
 *   // loopsim: prompt In what order do the lines print?
 *   // loopsim: hint Which of the callbacks are queued before the loop starts?
 *       a classroom exercise (docs/js-input.md, "Exercises"): its level, the question, and
 *       hints, the gentlest first. A prompt or a hint goes on over the `//` lines after it, up
 *       to an empty one, a `// loopsim:` line or code. The title is the header comment's first
 *       line; the answer is what the run prints, never written down.
 */
#include "annotate.h"

#include "../ops.h"
#include "../strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void puts_json_string(struct sim_strbuf *t, const char *s, size_t n)
{
    sim__strbuf_put(t, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        char esc[8];
        unsigned char ch = (unsigned char)s[i];
        if (ch == '"' || ch == '\\') {
            snprintf(esc, sizeof(esc), "\\%c", ch);
            sim__strbuf_put(t, esc, 2);
        } else if (ch < 0x20) {
            snprintf(esc, sizeof(esc), "\\u%04x", ch);
            sim__strbuf_put(t, esc, 6);
        } else {
            sim__strbuf_put(t, (const char *)&ch, 1);
        }
    }
    sim__strbuf_put(t, "\"", 1);
}

static bool is_number(const char *s, size_t n)
{
    char buf[64];
    if (n == 0 || n >= sizeof(buf)) {
        return false;
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *end;
    strtod(buf, &end);
    return *end == '\0' && strspn(buf, "0123456789.-+eE") == n;
}

/* Is config key s[0..n) one whose value is a string in JSON, whatever it looks like? */
static bool config_key_is_text(const char *s, size_t n)
{
    for (uint32_t k = 0; k < SIM_CONFIG_COUNT; k++) {
        const struct sim_key_info *key = &sim_config_key_table[k];
        if (strlen(key->name) == n && memcmp(key->name, s, n) == 0) {
            return key->type == SIM_TYPE_PROFILE || key->type == SIM_TYPE_CHOICE;
        }
    }
    return false;
}

/* KEY=VALUE or KEY.SUB=VALUE, as a member of the JSON object being written. */
static bool put_pair(struct sim_strbuf *t, const char *s, size_t n, bool *first_limit,
                     struct sim_strbuf *limits)
{
    const char *eq = memchr(s, '=', n);
    if (eq == NULL || eq == s) {
        return false;
    }
    size_t klen = (size_t)(eq - s);
    const char *v = eq + 1;
    size_t vlen = n - klen - 1;
    const char *dot = memchr(s, '.', klen);
    struct sim_strbuf *into = t;
    if (dot != NULL && (size_t)(dot - s) == 6 && memcmp(s, "limits", 6) == 0) {
        into = limits;
        if (!*first_limit) {
            sim__strbuf_put(into, ",", 1);
        }
        *first_limit = false;
        s = dot + 1;
        klen -= 7;
    } else if (t->len > 1) {
        sim__strbuf_put(into, ",", 1);
    }
    puts_json_string(into, s, klen);
    sim__strbuf_put(into, ":", 1);
    if (config_key_is_text(s, klen)) {
        puts_json_string(into, v, vlen); /* node=10 is the profile "10" */
    } else if (is_number(v, vlen) || (vlen == 4 && memcmp(v, "true", 4) == 0) ||
        (vlen == 5 && memcmp(v, "false", 5) == 0)) {
        sim__strbuf_put(into, v, vlen);
    } else {
        puts_json_string(into, v, vlen);
    }
    return true;
}

static void fail(struct sim_diag *diag, const struct js_annotation *a, const char *fmt,
                 const char *detail)
{
    char cut[200];
    snprintf(cut, sizeof(cut), "%.199s", detail);
    diag->code = SIM_EINVAL;
    diag->line = a->line;
    diag->col = a->col;
    diag->path[0] = '\0';
    snprintf(diag->message, sizeof(diag->message), fmt, cut);
}

/* Reads one config line into *config through the JSON loader; false with diag filled. */
static bool read_config(const struct js_annotation *a, const char *pairs,
                        struct sim_config *config, struct sim_diag *diag)
{
    struct sim_strbuf obj = {0};
    struct sim_strbuf limits = {0};
    bool first_limit = true;
    sim__strbuf_put(&obj, "{", 1);
    sim__strbuf_put(&limits, "{", 1);
    const char *p = pairs;
    while (*p != '\0') {
        p += strspn(p, " \t");
        size_t n = strcspn(p, " \t");
        if (n > 0 && !put_pair(&obj, p, n, &first_limit, &limits)) {
            char word[64];
            snprintf(word, sizeof(word), "%.*s", (int)(n > 40 ? 40 : n), p);
            fail(diag, a, "'%s' in a loopsim: config line is not KEY=VALUE", word);
            free(obj.b);
            free(limits.b);
            return false;
        }
        p += n;
    }
    if (!first_limit) {
        sim__strbuf_put(&limits, "}", 1);
        sim__strbuf_puts(&obj, obj.len > 1 ? ",\"limits\":" : "\"limits\":");
        sim__strbuf_put(&obj, limits.b, limits.len);
    }
    sim__strbuf_put(&obj, "}", 1);
    struct sim_strbuf scenario = {0};
    sim__strbuf_puts(&scenario, "{\"loopsim\":1,\"name\":\"config\",\"config\":");
    sim__strbuf_put(&scenario, obj.b != NULL ? obj.b : "{}", obj.len);
    sim__strbuf_puts(&scenario, ",\"main\":[]}");
    bool ok = !(obj.oom || limits.oom || scenario.oom);
    if (ok) {
        struct sim_diag d;
        struct sim_program *prog = sim_program_load(scenario.b, scenario.len, NULL, &d);
        if (prog != NULL) {
            *config = prog->config;
            sim_program_destroy(prog);
        } else {
            fail(diag, a, "loopsim: config: %s", d.path[0] != '\0' ? d.path : d.message);
            if (d.path[0] != '\0') {
                size_t used = strlen(diag->message);
                snprintf(diag->message + used, sizeof(diag->message) - used, ": %.200s",
                         d.message);
            }
            ok = false;
        }
    } else {
        diag->code = SIM_ENOMEM;
    }
    free(obj.b);
    free(limits.b);
    free(scenario.b);
    return ok;
}

/* The lines of an expect block: the // comments after the annotation's line. */
static bool read_expect(const struct js_annotation *a, const char *source, size_t len,
                        struct sim_program *prog, struct js_expect *out)
{
    size_t at = a->start;
    const char *nl = memchr(source + at, '\n', len - at);
    at = nl != NULL ? (size_t)(nl - source) + 1 : len;
    while (at < len) {
        size_t end = at;
        while (end < len && source[end] != '\n') {
            end++;
        }
        size_t i = at;
        while (i < end && (source[i] == ' ' || source[i] == '\t')) {
            i++;
        }
        if (end - i < 2 || source[i] != '/' || source[i + 1] != '/') {
            break;
        }
        i += 2;
        if (i < end && source[i] == ' ') {
            i++;
        }
        size_t n = end > i && source[end - 1] == '\r' ? end - i - 1 : end - i;
        char *line = malloc(n + 1);
        const char **grown = realloc(out->lines, (out->count + 1) * sizeof(*grown));
        if (line == NULL || grown == NULL) {
            free(line);
            out->lines = grown != NULL ? grown : out->lines;
            return false;
        }
        memcpy(line, source + i, n);
        line[n] = '\0';
        out->lines = grown;
        out->lines[out->count++] = line;
        at = end + 1;
    }
    prog->has_expect = true;
    return true;
}

/* The text of a `//` comment line source[at..end), or NULL when it is no such line. */
static const char *comment_text(const char *source, size_t at, size_t end, size_t *n)
{
    while (at < end && (source[at] == ' ' || source[at] == '\t')) {
        at++;
    }
    if (end - at < 2 || source[at] != '/' || source[at + 1] != '/') {
        return NULL;
    }
    at += 2;
    while (at < end && (source[at] == ' ' || source[at] == '\t')) {
        at++;
    }
    while (end > at && (source[end - 1] == '\r' || source[end - 1] == ' ' ||
                        source[end - 1] == '\t')) {
        end--;
    }
    *n = end - at;
    return source + at;
}

/*
 * A prompt's or hint's text: `first` (the annotation's words after its keyword), then the
 * comment lines after the annotation's line up to an empty one, a loopsim: line or code, each
 * joined with one space. Returns a string the caller frees, or NULL when out of memory.
 */
static char *read_paragraph(const struct js_annotation *a, const char *first, const char *source,
                            size_t len)
{
    struct sim_strbuf t = {0};
    sim__strbuf_put(&t, first, strlen(first));
    const char *nl = memchr(source + a->start, '\n', len - a->start);
    size_t at = nl != NULL ? (size_t)(nl - source) + 1 : len;
    while (at < len) {
        const char *eol = memchr(source + at, '\n', len - at);
        size_t end = eol != NULL ? (size_t)(eol - source) : len;
        size_t n;
        const char *text = comment_text(source, at, end, &n);
        if (text == NULL || n == 0 || (n >= 8 && memcmp(text, "loopsim:", 8) == 0)) {
            break;
        }
        sim__strbuf_put(&t, " ", t.len > 0 ? 1 : 0);
        sim__strbuf_put(&t, text, n);
        at = end + 1;
    }
    sim__strbuf_put(&t, "", 1);
    if (t.oom) {
        free(t.b);
        return NULL;
    }
    return t.b;
}

/* The header comment's first line, the exercise's title; NULL when the program has none. */
static char *read_title(const char *source, size_t len)
{
    const char *eol = memchr(source, '\n', len);
    size_t n;
    const char *text = comment_text(source, 0, eol != NULL ? (size_t)(eol - source) : len, &n);
    if (text == NULL || n == 0 || (n >= 8 && memcmp(text, "loopsim:", 8) == 0)) {
        return NULL;
    }
    char *title = malloc(n + 1);
    if (title != NULL) {
        memcpy(title, text, n);
        title[n] = '\0';
    }
    return title;
}

/* The first line past the header comment: the `//` lines the source begins with. */
static uint32_t code_line(const char *source, size_t len)
{
    uint32_t line = 1;
    size_t at = 0;
    while (at < len) {
        const char *eol = memchr(source + at, '\n', len - at);
        size_t end = eol != NULL ? (size_t)(eol - source) : len;
        size_t n;
        if (comment_text(source, at, end, &n) == NULL) {
            break;
        }
        line++;
        at = end + 1;
    }
    return line;
}

/* Does annotation text `t` start with the word `word`? Then *rest is what follows it. */
static bool starts_word(const char *t, const char *word, const char **rest)
{
    size_t n = strlen(word);
    if (strncmp(t, word, n) != 0 || (t[n] != ' ' && t[n] != '\t' && t[n] != '\0')) {
        return false;
    }
    *rest = t + n + strspn(t + n, " \t");
    return true;
}

/* What an exercise's annotations said so far. */
struct exercise_read {
    struct js_exercise *ex;
    int level;                          /* 0 until a level line */
    uint32_t code;                      /* the first line past the header comment */
    const struct js_annotation *first;  /* the first of them: where a missing one is told */
};

/*
 * One `level`, `prompt` or `hint` annotation of an exercise. False with diag filled when it
 * is malformed (SIM_EINVAL) or out of memory (SIM_ENOMEM).
 */
static bool read_exercise(const struct js_annotation *a, const char *word, const char *rest,
                          const char *source, size_t len, struct exercise_read *er,
                          struct sim_diag *diag)
{
    struct js_exercise *ex = er->ex;
    er->first = er->first != NULL ? er->first : a;
    if (!a->own_line || !a->line_comment) {
        fail(diag, a, "a loopsim: %s comment is a // line of its own", word);
        return false;
    }
    if (a->line >= er->code) {
        fail(diag, a, "%s", "an exercise's level, prompt and hints go in the header comment, "
             "the // lines the program begins with");
        return false;
    }
    if (word[0] == 'l') {
        if (er->level != 0) {
            fail(diag, a, "%s", "an exercise states its level once");
            return false;
        }
        if (!(rest[0] >= '1' && rest[0] <= '0' + SIM_EXERCISE_LEVELS && rest[1] == '\0')) {
            char message[96];
            snprintf(message, sizeof message, "loopsim: level takes 1 (first steps) to %d "
                     "(expert), got '%%s'", SIM_EXERCISE_LEVELS);
            fail(diag, a, message, rest);
            return false;
        }
        er->level = rest[0] - '0';
        return true;
    }
    if (rest[0] == '\0') {
        fail(diag, a, "loopsim: %s needs its text after the word", word);
        return false;
    }
    if (word[0] == 'p' && ex->prompt != NULL) {
        fail(diag, a, "%s", "an exercise has one loopsim: prompt");
        return false;
    }
    char *text = read_paragraph(a, rest, source, len);
    char **grown = word[0] == 'h' ? realloc(ex->hints, (ex->hint_count + 1) * sizeof(*grown))
                                  : ex->hints;
    if (text == NULL || (word[0] == 'h' && grown == NULL)) {
        free(text);
        diag->code = SIM_ENOMEM;
        return false;
    }
    if (word[0] == 'h') {
        ex->hints = grown;
        ex->hints[ex->hint_count++] = text;
    } else {
        ex->prompt = text;
    }
    return true;
}

/* After every annotation: an exercise has its level and prompt, or is none. */
static bool finish_exercise(const char *source, size_t len, struct exercise_read *er,
                            struct sim_program *prog, struct sim_diag *diag)
{
    struct js_exercise *ex = er->ex;
    if (er->first == NULL) {
        return true;
    }
    if (er->level == 0 || ex->prompt == NULL) {
        fail(diag, er->first, "an exercise needs a `// loopsim: %s` line",
             er->level == 0 ? "level N" : "prompt TEXT");
        return false;
    }
    ex->title = read_title(source, len);
    prog->exercise.code_line = er->code;
    prog->exercise.level = er->level;
    prog->exercise.title = ex->title;
    prog->exercise.prompt = ex->prompt;
    prog->exercise.hints = (const char *const *)ex->hints;
    prog->exercise.hint_count = ex->hint_count;
    return true;
}

bool sim__js_annotate(struct sim_program *prog, const struct js_ast *ast, const char *source,
                      size_t len, struct js_expect *expect, struct js_exercise *exercise,
                      struct sim_diag *diag)
{
    struct exercise_read er = {.ex = exercise, .code = code_line(source, len)};
    struct sim_strbuf all = {0};
    const struct js_annotation *first = NULL;
    for (uint32_t i = 0; i < ast->annotation_count; i++) {
        const struct js_annotation *a = &ast->annotations[i];
        const char *t = a->text;
        if (strncmp(t, "config", 6) == 0 && (t[6] == ' ' || t[6] == '\t' || t[6] == '\0')) {
            /* Each line on its own first, for an error at its place; then all at once. */
            struct sim_config scratch;
            if (!a->own_line) {
                fail(diag, a, "%s", "a loopsim: config comment stands on a line of its own");
                free(all.b);
                return false;
            }
            if (!read_config(a, t + 6, &scratch, diag)) {
                free(all.b);
                return false;
            }
            first = first != NULL ? first : a;
            sim__strbuf_put(&all, " ", 1);
            sim__strbuf_put(&all, t + 6, strlen(t + 6));
        } else if (strcmp(t, "expect") == 0) {
            if (prog->has_expect) {
                fail(diag, a, "%s", "a program has one loopsim: expect block");
                free(all.b);
                return false;
            }
            if (!read_expect(a, source, len, prog, expect)) {
                diag->code = SIM_ENOMEM;
                free(all.b);
                return false;
            }
        } else {
            static const char *const words[] = {"level", "prompt", "hint"};
            for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
                const char *rest;
                if (starts_word(t, words[w], &rest) &&
                    !read_exercise(a, words[w], rest, source, len, &er, diag)) {
                    free(all.b);
                    return false;
                }
            }
        }
    }
    if (!finish_exercise(source, len, &er, prog, diag)) {
        free(all.b);
        return false;
    }
    bool ok = !all.oom && (first == NULL || read_config(first, all.b, &prog->config, diag));
    free(all.b);
    prog->expect = expect->lines;
    prog->expect_count = expect->count;
    return ok;
}

void sim__js_exercise_finish(struct js_exercise *exercise)
{
    for (size_t i = 0; i < exercise->hint_count; i++) {
        free(exercise->hints[i]);
    }
    free(exercise->hints);
    free(exercise->title);
    free(exercise->prompt);
    *exercise = (struct js_exercise){0};
}

void sim__js_expect_finish(struct js_expect *expect)
{
    for (size_t i = 0; i < expect->count; i++) {
        free((void *)expect->lines[i]);
    }
    free(expect->lines);
    expect->lines = NULL;
    expect->count = 0;
}
