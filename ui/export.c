/*
 * export.c - `loopsim export-js SCENARIO.json [-o FILE]`: the scenario as a program in the
 * JavaScript subset (shared/spec/js-input.md, "Round trip"). node runs it with the output
 * `loopsim trace --logs SCENARIO` prints, and loopsim reads it back and prints the same.
 *
 * The program is the one `loopsim js` renders (ui/js/render_js.c, one renderer) with what the
 * front end needs to read it back: each duration as a `// loopsim: Nms` comment on its call's
 * line, the config as a `// loopsim: config` line, and a header that says where it came from.
 * A statement the front end cannot run yet (net, dns, the fd calls...) is refused at its place
 * in the scenario, rather than written as a program that would run differently.
 */
#include "commands.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "output.h"
#include "render_js.h"
#include "source.h"
#include "ui.h"

/* The bytes of a file readFile reads in one request (lib/fs.js kReadFileBufferLength). */
#define READ_FILE_CHUNK (512u * 1024u)

/* Prints "NAME:LINE:COL: error: export-js: MESSAGE" for statement st; returns UI_EXIT_USAGE. */
static int refuse(const char *name, const struct sim_stmt *st, const char *message)
{
    fprintf(stderr, "%s:%u:%u: error: export-js: '%s' %s\n", name, (unsigned)st->line,
            (unsigned)st->col, sim_op_name(st->op), message);
    return UI_EXIT_USAGE;
}

/* Refuses the first statement whose JavaScript loopsim would not run as the scenario runs. */
static int check_exportable(const char *name, const struct sim_program *prog)
{
    for (size_t s = 0; s < prog->stmt_count; s++) {
        const struct sim_stmt *st = &prog->stmts[s];
        if (!sim_js_runs_op(st->op)) {
            return refuse(name, st,
                          "has no JavaScript form that loopsim simulates yet (docs/js-input.md, "
                          "The Node surface), so the scenario cannot be exported");
        }
        /* an `io`'s exported form, a client of the program, has no such handle */
        if (st->op != SIM_OP_IO && sim_op_table[st->op].names != 0 &&
            render_js_binds(prog, st->id, SIM_OP_IO)) {
            return refuse(name, st,
                          "on an `io` cannot be exported: the exported I/O event, a client of a "
                          "server of the program, has no handle to act on");
        }
        if (st->jobs > 1) {
            return refuse(name, st,
                          "with `jobs` above 1 cannot be exported: a JavaScript call makes the "
                          "jobs its data needs");
        }
        if (sim_op_table[st->op].chain == SIM_CHAIN_READ && st->size > READ_FILE_CHUNK) {
            return refuse(name, st,
                          "with a `size` above 512 KiB cannot be exported: the exported program "
                          "reads its own file, in one read");
        }
    }
    return UI_EXIT_OK;
}

/* Does `path` end with `ext`? */
static bool ends_with(const char *path, const char *ext)
{
    size_t n = strlen(path);
    size_t e = strlen(ext);
    return n >= e && strcmp(path + n - e, ext) == 0;
}

/* -o FILE must name what node and loopsim will run it as: .mjs for a module, else .js/.cjs. */
static int check_output_name(const char *output, const struct sim_program *prog)
{
    if (output == NULL || strcmp(output, "-") == 0) {
        return UI_EXIT_OK;
    }
    bool module = prog->config.entry == SIM_ENTRY_MODULE;
    if (module && !ends_with(output, ".mjs")) {
        ui_error("%s: the scenario's entry is an ES module: name the file .mjs", output);
        return UI_EXIT_USAGE;
    }
    if (!module && !ends_with(output, ".js") && !ends_with(output, ".cjs")) {
        ui_error("%s: the scenario's entry is CommonJS: name the file .js or .cjs", output);
        return UI_EXIT_USAGE;
    }
    return UI_EXIT_OK;
}

/* TEXT with its line breaks and control characters as spaces: it stays inside a comment. */
static void put_clean(struct ui_buf *b, const char *text)
{
    for (; *text != '\0'; text++) {
        unsigned char c = (unsigned char)*text;
        ui_buf_putc(b, c < 0x20 || c == 0x7F ? ' ' : (char)c);
    }
}

/* Does a statement of the program take time that a `// loopsim: Nms` comment gives? */
static bool has_durations(const struct sim_program *prog)
{
    for (size_t s = 0; s < prog->stmt_count; s++) {
        const struct sim_op_info *op = &sim_op_table[prog->stmts[s].op];
        if ((op->keys & SIM_K(MS)) != 0 && op->family != SIM_FAMILY_CONTROL) {
            return true;
        }
    }
    return false;
}

/* The header: what the program is, where it came from, and how to read its comments. */
static void put_header(struct ui_buf *b, const char *name, const struct sim_program *prog)
{
    ui_buf_puts(b, "// ");
    put_clean(b, prog->name);
    ui_buf_puts(b, "\n//\n// Exported by `loopsim export-js` from ");
    put_clean(b, name);
    ui_buf_puts(b, ". node prints what\n"
                   "// `loopsim trace --logs` of the scenario prints, and `loopsim trace --logs`"
                   " of this\n"
                   "// file prints the same.\n");
    if (prog->config.entry == SIM_ENTRY_MODULE) {
        ui_buf_puts(b, "// An ES module (the scenario's entry is \"module\"): run it as a .mjs "
                       "file.\n");
    }
    if (has_durations(prog)) {
        ui_buf_puts(b, "// A `// loopsim: Nms` comment gives loopsim the scenario's duration of "
                       "the call on its\n"
                       "// line; node ignores it. A pbkdf2 is given the sha512 iterations that "
                       "take about that\n"
                       "// long on node v20 (0.00035 ms each, docs/js-durations.md); other "
                       "calls take what they\n"
                       "// take on the machine.\n");
    }
    ui_buf_puts(b, "\n");
}

/* Writes the exported program to the output the arguments name. */
static int export_program(const void *ctx, const char *name, const struct sim_program *prog)
{
    const struct ui_args *args = ctx;
    size_t source_len;
    if (sim_program_source(prog, &source_len) != NULL) {
        ui_error("%s: export-js reads a JSON scenario; this is already a JavaScript program",
                 name);
        return UI_EXIT_USAGE;
    }
    int status = check_exportable(name, prog);
    if (status == UI_EXIT_OK) {
        status = check_output_name(args->output, prog);
    }
    if (status != UI_EXIT_OK) {
        return status;
    }
    struct ui_buf head;
    ui_buf_init(&head);
    put_header(&head, name, prog);
    struct render_js js;
    if (render_js(&js, prog, RENDER_JS_EXPORT) < 0 || head.oom) {
        render_js_finish(&js);
        ui_buf_finish(&head);
        ui_error("%s: %s", name, sim_strerror(SIM_ENOMEM));
        return UI_EXIT_USAGE;
    }
    struct ui_buf *parts[] = {&head, &js.text};
    status = ui_output_write(args->output, parts, sizeof parts / sizeof parts[0]);
    render_js_finish(&js);
    ui_buf_finish(&head);
    return status;
}

int ui_export_js(const struct ui_args *args)
{
    return ui_source_with(args->scenarios[0], &args->overrides, false, export_program, args);
}
