/*
 * test_main.c - runs every Check suite; one suite per engine module.
 */
#include <stdlib.h>

#include "test_util.h"

int main(void)
{
    Suite *(*const suites[])(void) = {
        load_suite,  timers_suite, clock_suite,    immediates_suite, ticks_suite,
        pool_suite,  io_suite,     liveness_suite, runaway_suite,    tui_suite,
        inspect_suite, ops_suite,
    };
    SRunner *sr = srunner_create(suites[0]());
    for (size_t i = 1; i < sizeof(suites) / sizeof(suites[0]); i++) {
        srunner_add_suite(sr, suites[i]());
    }
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
