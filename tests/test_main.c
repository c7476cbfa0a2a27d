/*
 * test_main.c - runs every Check suite; one suite per engine module, listed once, in
 * tests/meson.build (`check_suites`, which generates test_suites.h).
 */
#include <stdlib.h>

#include "test_util.h"

int main(void)
{
#define TEST_SUITE(name) name##_suite,
    Suite *(*const suites[])(void) = {TEST_SUITES(TEST_SUITE)};
#undef TEST_SUITE
    SRunner *sr = srunner_create(suites[0]());
    for (size_t i = 1; i < sizeof(suites) / sizeof(suites[0]); i++) {
        srunner_add_suite(sr, suites[i]());
    }
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
