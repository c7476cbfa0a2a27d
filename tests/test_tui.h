/*
 * test_tui.h - what test_tui.c shares with test_tui_screen.c.
 */
#ifndef TEST_TUI_H
#define TEST_TUI_H

#include <check.h>

/* The screen and pages cases (test_tui_screen.c). */
void tui_screen_tcases(Suite *s);

#endif
