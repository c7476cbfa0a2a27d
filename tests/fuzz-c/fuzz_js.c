/*
 * fuzz_js.c - a libFuzzer target: the JavaScript front end on any bytes (docs/fuzzing.md).
 * Whatever the input, parsed as a script and as a module, sim__js_parse_all returns a tree or
 * fills its diagnostic; the tree's children and lists stay inside its arrays, every error is
 * located and terminated, the dump is as long as it says, and sim__js_parse agrees on whether
 * the input was refused; nothing crashes, leaks, hangs or reads out of bounds.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "js/ast.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether child c of a tree of `count` nodes is one of them or absent. */
static bool child_ok(uint32_t c, uint32_t count)
{
    return c == JS_NONE || c < count;
}

/* The tree's own promises: indexes in range, errors located and terminated. */
static bool tree_ok(const struct js_ast *ast)
{
    if (ast->root >= ast->node_count || ast->error_count > JS_MAX_ERRORS) {
        return false;
    }
    for (uint32_t i = 0; i < ast->node_count; i++) {
        const struct js_node *x = &ast->nodes[i];
        bool list_ok = x->count == 0 || (x->list <= ast->list_count &&
                                         x->count <= ast->list_count - x->list);
        if (x->kind >= JS_NODE_COUNT || !child_ok(x->a, ast->node_count) ||
            !child_ok(x->b, ast->node_count) || !child_ok(x->c, ast->node_count) ||
            !child_ok(x->d, ast->node_count) || !list_ok ||
            !(x->str == JS_NONE || x->str < ast->string_count)) {
            return false;
        }
    }
    for (uint32_t i = 0; i < ast->list_count; i++) {
        if (ast->lists[i] >= ast->node_count) {
            return false;
        }
    }
    for (uint32_t i = 0; i < ast->error_count; i++) {
        const struct js_error *e = &ast->errors[i];
        if (e->line == 0 || e->col == 0 || e->message[0] == '\0' ||
            memchr(e->message, '\0', sizeof(e->message)) == NULL) {
            return false;
        }
    }
    return true;
}

/* The dump of the whole tree: as long as it said, NUL-terminated, never past its buffer. */
static bool dump_ok(const struct js_ast *ast)
{
    size_t need = sim__js_dump(ast, ast->root, NULL, 0);
    char *buf = malloc(need + 1);
    if (buf == NULL) {
        return true;
    }
    size_t got = sim__js_dump(ast, ast->root, buf, need + 1);
    bool ok = got == need && strlen(buf) == need;
    char small[16];
    ok = ok && sim__js_dump(ast, ast->root, small, sizeof(small)) == need &&
         strlen(small) == (need < sizeof(small) ? need : sizeof(small) - 1);
    free(buf);
    return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (int module = 0; module < 2; module++) {
        struct sim_diag diag;
        struct js_ast *ast = sim__js_parse_all((const char *)data, size, module != 0, &diag);
        if (ast == NULL) {
            if (diag.code == 0) {
                __builtin_trap(); /* a failure must say why */
            }
            continue;
        }
        if (!tree_ok(ast) || !dump_ok(ast) || (ast->error_count > 0) != (diag.code != 0)) {
            __builtin_trap();
        }
        bool refused = ast->error_count > 0;
        sim__js_ast_destroy(ast);
        struct js_ast *again = sim__js_parse((const char *)data, size, module != 0, &diag);
        if ((again == NULL) != refused) {
            __builtin_trap(); /* both calls read the same bytes the same way */
        }
        sim__js_ast_destroy(again);
    }
    return 0;
}
