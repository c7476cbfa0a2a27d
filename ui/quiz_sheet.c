/*
 * quiz_sheet.c - `loopsim quiz --sheet [SCENARIO...] [-o DIR]`: the exercise sheet a teacher
 * prints and hands out, and its answer key, each in Markdown and in HTML for printing:
 *
 *     DIR/sheet.md  DIR/sheet.html    per exercise: title, level, the question, the program
 *                                     with line numbers, a blank per line, the hints folded
 *     DIR/key.md    DIR/key.html      per exercise: what it teaches, the order Node prints
 *                                     (every order, for a racy one) and why each line comes
 *                                     where it does, from the engine's narration (quiz.h)
 *
 * With no SCENARIO, every built-in exercise (scenarios/exercises/), in its order. Each file is
 * replaced only once it is whole (ui/output.h); DIR is made when it does not exist.
 */
#include "commands.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "builtin.h"
#include "output.h"
#include "quiz.h"
#include "source.h"
#include "ui.h"

/* What the four files are made of, built one exercise at a time. */
struct sheet {
    struct ui_buf md;
    struct ui_buf html;
    struct ui_buf key_md;
    struct ui_buf key_html;
    size_t count;               /* exercises so far */
};

static const char html_head[] =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>";

/* For print: one exercise per page, the program in a box, lines to write on. */
static const char html_style[] =
    "</title>\n<style>\n"
    "body { font: 11pt/1.45 system-ui, sans-serif; max-width: 48em; margin: 2em auto; "
    "padding: 0 1em; color: #111; }\n"
    "section { break-before: page; }\n"
    "section:first-of-type { break-before: auto; }\n"
    "pre { font: 9.5pt/1.35 ui-monospace, monospace; border: 1px solid #999; padding: .6em; "
    "white-space: pre-wrap; }\n"
    "pre .n { color: #777; user-select: none; }\n"
    ".level { color: #555; }\n"
    "ul.lines { list-style: none; padding-left: 1em; }\n"
    "ol.blank li { border-bottom: 1px solid #999; height: 1.8em; }\n"
    "ol.order li code { font-weight: bold; }\n"
    "p.why { margin: .2em 0 .8em; }\n"
    "code { font-family: ui-monospace, monospace; }\n"
    "</style>\n</head>\n<body>\n";

/* Markdown inline code for `s`, whatever backticks it holds. */
static void md_code(struct ui_buf *b, const char *s)
{
    bool tick = strchr(s, '`') != NULL;
    ui_buf_puts(b, tick ? "`` " : "`");
    ui_buf_puts(b, s);
    ui_buf_puts(b, tick ? " ``" : "`");
}

/* HTML text of a narration paragraph: its `labels` become <code>. */
static void html_code_spans(struct ui_buf *b, const char *s)
{
    bool in_code = false;
    for (const char *at = s; *at != '\0';) {
        size_t n = strcspn(at, "`");
        ui_buf_put_xml(b, at, n);
        at += n;
        if (*at == '`') {
            ui_buf_puts(b, in_code ? "</code>" : "<code>");
            in_code = !in_code;
            at++;
        }
    }
    if (in_code) {
        ui_buf_puts(b, "</code>");
    }
}

static void html_text(struct ui_buf *b, const char *s)
{
    ui_buf_put_xml(b, s, strlen(s));
}

/* The program, numbered, in both forms. */
static void put_program(struct sheet *sh, const struct quiz *q)
{
    ui_buf_puts(&sh->md, "```js\n");
    ui_buf_puts(&sh->html, "<pre>");
    for (size_t i = 0; i < q->program_lines; i++) {
        const struct quiz_source_line *l = &q->program_line[i];
        const char *text = q->program.data + l->at;
        char num[16];
        snprintf(num, sizeof num, l->len > 0 ? "%3u  " : "%3u", (unsigned)l->number);
        ui_buf_puts(&sh->md, num);
        ui_buf_put(&sh->md, text, l->len);
        ui_buf_putc(&sh->md, '\n');
        ui_buf_puts(&sh->html, "<span class=\"n\">");
        ui_buf_puts(&sh->html, num);
        ui_buf_puts(&sh->html, "</span>");
        ui_buf_put_xml(&sh->html, text, l->len);
        ui_buf_putc(&sh->html, '\n');
    }
    ui_buf_puts(&sh->md, "```\n\n");
    ui_buf_puts(&sh->html, "</pre>\n");
}

/* The heading of exercise n in one of the files. */
static void put_heading(struct ui_buf *md, struct ui_buf *html, const struct quiz *q, size_t n)
{
    char num[24];
    snprintf(num, sizeof num, "%zu. ", n);
    ui_buf_puts(md, "## ");
    ui_buf_puts(md, num);
    ui_buf_puts(md, q->title);
    ui_buf_puts(md, "\n\n");
    ui_buf_puts(html, "<section>\n<h2>");
    ui_buf_puts(html, num);
    html_text(html, q->title);
    ui_buf_puts(html, "</h2>\n");
    if (q->level > 0) {
        ui_buf_puts(md, "*Level: ");
        ui_buf_puts(md, ui_level_name(q->level));
        ui_buf_puts(md, "* · ");
        ui_buf_puts(html, "<p class=\"level\">Level: ");
        ui_buf_puts(html, ui_level_name(q->level));
        ui_buf_puts(html, " · ");
    } else {
        ui_buf_puts(html, "<p class=\"level\">");
    }
    ui_buf_puts(md, "`loopsim quiz ");
    ui_buf_puts(md, q->name);
    ui_buf_puts(md, "`\n\n");
    ui_buf_puts(html, "<code>loopsim quiz ");
    html_text(html, q->name);
    ui_buf_puts(html, "</code></p>\n");
}

/* Exercise n on the sheet: the question, the program, a blank per line, the hints folded. */
static void put_exercise(struct sheet *sh, const struct quiz *q, size_t n)
{
    put_heading(&sh->md, &sh->html, q, n);
    ui_buf_puts(&sh->md, q->prompt);
    ui_buf_puts(&sh->md, "\n\n");
    ui_buf_puts(&sh->html, "<p>");
    html_text(&sh->html, q->prompt);
    ui_buf_puts(&sh->html, "</p>\n");
    put_program(sh, q);
    size_t lines = q->orders[0].count;
    ui_buf_puts(&sh->md, "The lines it prints, in no particular order:\n\n");
    ui_buf_puts(&sh->html, "<p>The lines it prints, in no particular order:</p>\n"
                           "<ul class=\"lines\">");
    for (size_t i = 0; i < lines; i++) {
        char key[24];
        quiz_key_name(i, lines, key, sizeof key);
        const char *text = q->orders[0].lines[q->shuffled[i]].text;
        ui_buf_puts(&sh->md, "- ");
        ui_buf_puts(&sh->md, key);
        ui_buf_puts(&sh->md, ") ");
        md_code(&sh->md, text);
        ui_buf_puts(&sh->md, "\n");
        ui_buf_puts(&sh->html, "<li>");
        ui_buf_puts(&sh->html, key);
        ui_buf_puts(&sh->html, ") <code>");
        html_text(&sh->html, text);
        ui_buf_puts(&sh->html, "</code></li>");
    }
    ui_buf_puts(&sh->md, "\n");
    ui_buf_puts(&sh->html, "</ul>\n");
    ui_buf_puts(&sh->md, "It prints ");
    ui_buf_u64(&sh->md, lines);
    ui_buf_puts(&sh->md, lines == 1 ? " line. Your answer:\n\n" : " lines. Your answer:\n\n");
    ui_buf_puts(&sh->html, "<p>It prints ");
    ui_buf_u64(&sh->html, lines);
    ui_buf_puts(&sh->html, lines == 1 ? " line. Your answer:</p>\n<ol class=\"blank\">"
                                      : " lines. Your answer:</p>\n<ol class=\"blank\">");
    for (size_t i = 0; i < lines; i++) {
        ui_buf_u64(&sh->md, i + 1);
        ui_buf_puts(&sh->md, ". ________________________________\n");
        ui_buf_puts(&sh->html, "<li></li>");
    }
    ui_buf_puts(&sh->md, "\n");
    ui_buf_puts(&sh->html, "</ol>\n");
    if (q->hint_count > 0) {
        ui_buf_puts(&sh->md, "<details><summary>Hints</summary>\n\n");
        ui_buf_puts(&sh->html, "<details><summary>Hints</summary>\n<ol>");
        for (size_t i = 0; i < q->hint_count; i++) {
            ui_buf_u64(&sh->md, i + 1);
            ui_buf_puts(&sh->md, ". ");
            ui_buf_puts(&sh->md, q->hints[i]);
            ui_buf_puts(&sh->md, "\n");
            ui_buf_puts(&sh->html, "<li>");
            html_text(&sh->html, q->hints[i]);
            ui_buf_puts(&sh->html, "</li>");
        }
        ui_buf_puts(&sh->md, "\n</details>\n\n");
        ui_buf_puts(&sh->html, "</ol>\n</details>\n");
    }
    ui_buf_puts(&sh->html, "</section>\n");
}

/* One order in the key: each line with why it comes there. */
static void put_order(struct sheet *sh, const struct quiz *q, const struct quiz_order *o)
{
    ui_buf_puts(&sh->key_html, "<ol class=\"order\">\n");
    for (size_t i = 0; i < o->count; i++) {
        const char *why = o->lines[i].why < q->why_count ? q->whys[o->lines[i].why] : NULL;
        ui_buf_u64(&sh->key_md, i + 1);
        ui_buf_puts(&sh->key_md, ". ");
        md_code(&sh->key_md, o->lines[i].text);
        ui_buf_puts(&sh->key_html, "<li><code>");
        html_text(&sh->key_html, o->lines[i].text);
        ui_buf_puts(&sh->key_html, "</code>");
        /* A paragraph tells all the lines its callback printed: once, at the first. */
        bool first = why != NULL && (i == 0 || o->lines[i - 1].why != o->lines[i].why);
        if (first) {
            ui_buf_puts(&sh->key_md, " — ");
            ui_buf_puts(&sh->key_md, why);
            ui_buf_puts(&sh->key_html, "<p class=\"why\">");
            html_code_spans(&sh->key_html, why);
            ui_buf_puts(&sh->key_html, "</p>");
        }
        ui_buf_puts(&sh->key_md, "\n");
        ui_buf_puts(&sh->key_html, "</li>\n");
    }
    ui_buf_puts(&sh->key_md, "\n");
    ui_buf_puts(&sh->key_html, "</ol>\n");
    if (o->ending != NULL) {
        ui_buf_puts(&sh->key_md, o->ending);
        ui_buf_puts(&sh->key_md, "\n\n");
        ui_buf_puts(&sh->key_html, "<p>");
        html_code_spans(&sh->key_html, o->ending);
        ui_buf_puts(&sh->key_html, "</p>\n");
    }
}

/* Exercise n in the key. */
static void put_key(struct sheet *sh, const struct quiz *q, size_t n)
{
    put_heading(&sh->key_md, &sh->key_html, q, n);
    if (q->teaches != NULL) {
        ui_buf_puts(&sh->key_md, q->teaches);
        ui_buf_puts(&sh->key_md, "\n\n");
        ui_buf_puts(&sh->key_html, "<p>");
        html_code_spans(&sh->key_html, q->teaches);
        ui_buf_puts(&sh->key_html, "</p>\n");
    }
    const char *intro = q->order_count > 1
                            ? "Node leaves the order open: each order below is right. When it "
                              "prints the first:"
                            : "Node prints, and why each line comes where it does:";
    ui_buf_puts(&sh->key_md, "**");
    ui_buf_puts(&sh->key_md, intro);
    ui_buf_puts(&sh->key_md, "**\n\n");
    ui_buf_puts(&sh->key_html, "<p><strong>");
    html_text(&sh->key_html, intro);
    ui_buf_puts(&sh->key_html, "</strong></p>\n");
    for (size_t k = 0; k < q->order_count; k++) {
        const struct quiz_order *o = &q->orders[k];
        if (q->order_count > 1) {
            if (k > 0) {
                ui_buf_puts(&sh->key_md, "**Or, when:**\n\n");
                ui_buf_puts(&sh->key_html, "<p><strong>Or, when:</strong></p>\n");
            }
            for (size_t w = 0; w < o->when_count; w++) {
                ui_buf_puts(&sh->key_md, "- ");
                ui_buf_puts(&sh->key_md, o->when[w]);
                ui_buf_puts(&sh->key_md, "\n");
                ui_buf_puts(&sh->key_html, w == 0 ? "<ul><li>" : "<li>");
                html_text(&sh->key_html, o->when[w]);
                ui_buf_puts(&sh->key_html, w + 1 == o->when_count ? "</li></ul>\n" : "</li>");
            }
            ui_buf_puts(&sh->key_md, o->when_count > 0 ? "\n" : "");
        }
        put_order(sh, q, o);
    }
    ui_buf_puts(&sh->key_md, "Grade a folder of answers: `loopsim quiz ");
    ui_buf_puts(&sh->key_md, q->name);
    ui_buf_puts(&sh->key_md, " --answer DIR`\n\n");
    ui_buf_puts(&sh->key_html, "<p>Grade a folder of answers: <code>loopsim quiz ");
    html_text(&sh->key_html, q->name);
    ui_buf_puts(&sh->key_html, " --answer DIR</code></p>\n</section>\n");
}

static int add_program(const void *ctx, const char *name, const struct sim_program *prog)
{
    struct sheet *sh = (struct sheet *)ctx;
    struct quiz q;
    int status = quiz_build(&q, name, prog);
    if (status != 0) {
        return status;
    }
    sh->count++;
    put_exercise(sh, &q, sh->count);
    put_key(sh, &q, sh->count);
    quiz_finish(&q);
    return UI_EXIT_OK;
}

/* Writes `b` into DIR/NAME, replacing it only once it is whole. */
static int write_file(const char *dir, const char *name, struct ui_buf *b)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    struct ui_buf *parts[] = {b};
    return ui_output_write(path, parts, 1);
}

/* The title and the opening lines of a file. */
static void put_file_start(struct ui_buf *md, struct ui_buf *html, const char *title,
                           const char *intro)
{
    ui_buf_puts(md, "# ");
    ui_buf_puts(md, title);
    ui_buf_puts(md, "\n\n");
    ui_buf_puts(md, intro);
    ui_buf_puts(md, "\n\n");
    ui_buf_puts(html, html_head);
    html_text(html, title);
    ui_buf_puts(html, html_style);
    ui_buf_puts(html, "<h1>");
    html_text(html, title);
    ui_buf_puts(html, "</h1>\n<p>");
    html_text(html, intro);
    ui_buf_puts(html, "</p>\n");
}

/* The scenarios of the sheet: those named, else every built-in exercise in its order. */
static int add_all(struct sheet *body, const struct ui_args *args)
{
    int status = UI_EXIT_OK;
    for (size_t i = 0; i < args->scenario_count && status == UI_EXIT_OK; i++) {
        status = ui_source_with(args->scenarios[i], &args->overrides, false, add_program, body);
    }
    for (size_t i = 0; args->scenario_count == 0 && i < ui_builtin_count; i++) {
        if (!ui_builtins[i].exercise) {
            continue;
        }
        struct sim_diag diag;
        struct sim_program *prog = ui_builtin_load(&ui_builtins[i], &args->overrides, &diag);
        if (prog != NULL && prog->exercise.level > 0) {
            status = add_program(body, ui_builtins[i].name, prog);
        }
        sim_program_destroy(prog);
        if (status != UI_EXIT_OK) {
            break;
        }
    }
    if (status == UI_EXIT_OK && body->count == 0) {
        ui_error("quiz --sheet: no exercises built in; name the scenarios");
        status = UI_EXIT_USAGE;
    }
    return status;
}

int ui_quiz_sheet(const struct ui_args *args)
{
    const char *dir = args->output != NULL ? args->output : ".";
    struct stat st;
    if (stat(dir, &st) != 0 && (errno != ENOENT || mkdir(dir, 0777) != 0)) {
        ui_error("%s: %s", dir, strerror(errno));
        return UI_EXIT_USAGE;
    }
    if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
        ui_error("%s: not a directory (quiz --sheet -o names the directory it writes into)",
                 dir);
        return UI_EXIT_USAGE;
    }
    struct sheet body = {0};
    struct sheet whole = {0};
    struct ui_buf *bufs[] = {&body.md, &body.html, &body.key_md, &body.key_html,
                             &whole.md, &whole.html, &whole.key_md, &whole.key_html};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++) {
        ui_buf_init(bufs[i]);
    }
    int status = add_all(&body, args);
    if (status == UI_EXIT_OK) {
        put_file_start(&whole.md, &whole.html, "Event loop exercises",
                       "For each program, write the lines it prints, one per line, in the order "
                       "Node prints them.");
        put_file_start(&whole.key_md, &whole.key_html, "Event loop exercises: the answer key",
                       "The answers are computed by loopsim, which models Node.js v20 on libuv "
                       "1.46; each explanation is the engine's own account of the run.");
        ui_buf_put(&whole.md, body.md.data, body.md.len);
        ui_buf_put(&whole.html, body.html.data, body.html.len);
        ui_buf_put(&whole.key_md, body.key_md.data, body.key_md.len);
        ui_buf_put(&whole.key_html, body.key_html.data, body.key_html.len);
        ui_buf_puts(&whole.html, "</body>\n</html>\n");
        ui_buf_puts(&whole.key_html, "</body>\n</html>\n");
        status = write_file(dir, "sheet.md", &whole.md);
        status = status == 0 ? write_file(dir, "sheet.html", &whole.html) : status;
        status = status == 0 ? write_file(dir, "key.md", &whole.key_md) : status;
        status = status == 0 ? write_file(dir, "key.html", &whole.key_html) : status;
    }
    if (status == UI_EXIT_OK) {
        printf("wrote %s/sheet.md, sheet.html, key.md and key.html: %zu exercise%s\n", dir,
               body.count, body.count == 1 ? "" : "s");
    }
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++) {
        ui_buf_finish(bufs[i]);
    }
    return status;
}
