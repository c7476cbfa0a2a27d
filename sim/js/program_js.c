/*
 * program_js.c - a JavaScript program as the engine's program: parse, compile, then the same
 * struct sim_program a JSON scenario makes, with no statements of its own and the code beside.
 *
 * The program keeps the text (the TUI shows it; String(fn) quotes it), the tree (positions)
 * and the code, and sim_program_destroy frees them with the rest.
 */
#include "../load/loader.h"
#include "code.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct sim_program *fail(struct program_box *box, struct sim_diag *diag, int code)
{
    if (diag->code == 0) {
        diag->code = code;
        snprintf(diag->message, sizeof(diag->message), "%s", sim_strerror(code));
    }
    sim_program_destroy(box != NULL ? &box->prog : NULL);
    return NULL;
}

/* One statement per API of JS_API_MAP, each the first of its op ("setTimeout#1"). */
static bool add_api_stmts(struct sim_program *prog, struct js_code *code)
{
    static const struct {
        enum sim_op op;
        const char *text;
        bool once;
    } apis[] = {
#define X(e, op, text, once) {SIM_OP_##op, text, once},
        JS_API_MAP(X)
#undef X
    };
    struct sim_stmt *stmts = calloc(JS_API_COUNT, sizeof(*stmts));
    if (stmts == NULL) {
        return false;
    }
    for (uint32_t i = 0; i < JS_API_COUNT; i++) {
        stmts[i] = (struct sim_stmt){.op = apis[i].op, .text = apis[i].text,
                                     .once = apis[i].once, .ordinal = i + 1, .body = SIM_NONE,
                                     .line = 1, .col = 1, .jobs = 1};
        code->api_stmts[i] = i;
    }
    prog->stmts = stmts;
    prog->stmt_count = JS_API_COUNT;
    return true;
}

struct sim_program *sim_program_load_js(const char *buf, size_t len, bool module,
                                        const struct sim_overrides *ov, struct sim_diag *diag)
{
    struct sim_diag spare;
    diag = diag != NULL ? diag : &spare;
    memset(diag, 0, sizeof(*diag));
    struct program_box *box = calloc(1, sizeof(*box));
    if (box == NULL) {
        return fail(NULL, diag, -SIM_ENOMEM);
    }
    struct sim_program *prog = &box->prog;
    sim_config_init(&prog->config);
    prog->name = "JavaScript program";
    prog->main_body = 0;
    struct sim_body *main_body = calloc(1, sizeof(*main_body));
    box->source = malloc(len + 1);
    if (main_body == NULL || box->source == NULL) {
        free(main_body);
        return fail(box, diag, -SIM_ENOMEM);
    }
    prog->bodies = main_body;
    prog->body_count = 1;
    memcpy(box->source, buf != NULL ? buf : "", len);
    box->source[len] = '\0';
    box->ast = sim__js_parse(box->source, len, module, diag);
    if (box->ast == NULL) {
        return fail(box, diag, -SIM_EINVAL);
    }
    if (box->ast->nodes[box->ast->root].flags & JS_F_MODULE) {
        prog->config.entry = SIM_ENTRY_MODULE;
    }
    box->code = sim__js_compile(box->ast, diag);
    if (box->code == NULL) {
        return fail(box, diag, -SIM_EINVAL);
    }
    if (!add_api_stmts(prog, box->code)) {
        return fail(box, diag, -SIM_ENOMEM);
    }
    box->code->source = box->source;
    box->code->source_len = len;
    prog->js = box->code;
    if (!sim__js_annotate(prog, box->ast, box->source, len, &box->expect, diag)) {
        return fail(box, diag, -SIM_EINVAL);
    }
    struct loader ld = {.diag = diag};
    if (!sim__apply_overrides(&ld, ov, &prog->config)) {
        return fail(box, diag, -SIM_EINVAL);
    }
    if (sim__program_name_stmts(prog) != 0) {
        return fail(box, diag, -SIM_ENOMEM);
    }
    return prog;
}

const char *sim_program_source(const struct sim_program *prog, size_t *len)
{
    if (prog == NULL || prog->js == NULL) {
        return NULL;
    }
    *len = prog->js->source_len;
    return prog->js->source;
}
