/*
 * fuzz_js_run.c - a libFuzzer target: a JavaScript program compiled and run through every
 * printer and the inspection API, with clones and restores: fuzz_run.c on JavaScript input.
 */
#define FUZZ_JS 1
#include "fuzz_run.c"
