/*
 * test_load.h - what test_load.c shares with test_load_program.c: loading bytes, and asserting
 * where and how the loader refuses a scenario.
 */
#ifndef TEST_LOAD_H
#define TEST_LOAD_H

#include <check.h>

#include "sim.h"

/* Loads raw bytes; returns the program or NULL, with *d filled. */
struct sim_program *load_bytes(const char *buf, size_t len, const struct sim_overrides *ov,
                               struct sim_diag *d);
/* Loads raw bytes that must be refused; returns the diagnostic. */
struct sim_diag refused_bytes(const char *buf, size_t len);
/* Loads a single-quoted scenario that must be refused; returns the diagnostic. */
struct sim_diag refused(const char *sq);
/* Asserts a diagnostic's code, line, column, path and whole message. */
void check_diag(struct sim_diag d, int code, uint32_t line, uint32_t col, const char *path,
                const char *message);
/*
 * Asserts that a one-line sq is refused with `code`, `path` and `message`, at the column where
 * `at` first occurs in it (both single-quoted), or at the '^' inside `at` if it has one.
 */
void refuse_at(const char *sq, const char *at, int code, const char *path, const char *message);
/* Asserts that sq is refused with `code` and a message containing `part`. */
void refuse_like(const char *sq, int code, const char *part);

/* The config, program and robustness cases (test_load_program.c). */
void load_program_tcases(Suite *s);

#endif
