/*
 * test_js_parse.h - what the two files of the js_parse suite share: a program parsed from a
 * C string, its tree as the dump writes it, and tables of sources with what they must give.
 */
#ifndef TEST_JS_PARSE_H
#define TEST_JS_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <check.h>

#include "js/ast.h"

/* A source and the dump it must give (of its statements, or of its one expression). */
struct js_row {
    const char *src;
    const char *dump;
};

/* A source refused at line:col with a message that contains `part`. */
struct js_refusal {
    const char *src;
    uint32_t line;
    uint32_t col;
    const char *part;
};

/* Parses src (NUL-terminated) with sim__js_parse_all; the caller destroys the tree. */
struct js_ast *js_parse_text(const char *src, bool module, struct sim_diag *d);

/*
 * The dump of the program's statements, separated by spaces, after checking that it parsed
 * without errors; lives until the next call.
 */
const char *js_statements(const char *src, bool module);

/* Checks every row: the dump of its statements, or with `expression` of its first statement's
 * expression, is the row's. */
void js_check_rows(const struct js_row *rows, size_t count, bool expression, bool module);

/* Checks that sim__js_parse refuses every row's source, at its place, saying its words. */
void js_check_refusals(const struct js_refusal *rows, size_t count, bool module);

/* The PROGRAM's flags for src, which must parse without errors. */
unsigned js_program_flags(const char *src, bool module);

/* The test cases of test_js_parse_syntax.c and test_js_parse_errors.c, added to the suite. */
void js_parse_syntax_cases(Suite *s);
void js_parse_errors_cases(Suite *s);

#define JS_ROWS(rows) (rows), sizeof(rows) / sizeof((rows)[0])

#endif
