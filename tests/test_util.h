/*
 * test_util.h - helpers shared by the Check suites: load an inline scenario, run it, and
 * describe what happened as one short string that a test compares whole.
 */
#ifndef TEST_UTIL_H
#define TEST_UTIL_H

#include <check.h>

#include "test_suites.h"

#include "sim.h"

/*
 * Inline scenarios are written with single quotes for readability; tu_json turns them into
 * JSON. The returned string is owned by the helper and lives until the next call.
 */
const char *tu_json(const char *single_quoted);

/* Loads a single-quoted scenario, failing the test with the loader's message if it is bad. */
struct sim_program *tu_load(const char *single_quoted);

/* Loads the built-in scenario `name` (compiled in, scenarios/NAME.json or .js), failing if none. */
struct sim_program *tu_load_builtin(const char *name);

/* Runs a scenario; returns its console output joined with '|'. Freed by the next call. */
const char *tu_logs(const char *single_quoted);

/*
 * Runs a scenario; returns its callbacks as "label@phase" (or "label@phase:ms" when
 * `with_time`), joined with ' '. Freed by the next call.
 */
const char *tu_callbacks(const char *single_quoted, bool with_time);

/* Runs a scenario to its end; returns the outcome, and the last event's reason in *reason. */
enum sim_outcome tu_outcome(const char *single_quoted, enum sim_reason *reason);

/* Runs a scenario and returns the joined text of every event of `kind` ("" if none). */
const char *tu_events(const char *single_quoted, enum sim_event_kind kind);

/*
 * Config keys for the idealized clock (docs/scenario-format.md, "The cost model"): JavaScript
 * costs no time and the loop starts at once. Rule tests that pin exact times use it inside a
 * `config` object, so that the default cost model does not move their figures.
 */
#define TU_IDEAL "'callback_ms':0,'loop_start_ms':0"

/* Every suite's constructor, `Suite *NAME_suite(void)`, from the one list in tests/meson.build. */
#define TEST_SUITE(name) Suite *name##_suite(void);
TEST_SUITES(TEST_SUITE)
#undef TEST_SUITE

#endif
