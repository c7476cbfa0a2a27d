/*
 * replay.c - runs a fuzz target on files, without libFuzzer: the regression inputs of
 * tests/fuzz-c/regressions/ (and any file or directory named) go through the same
 * LLVMFuzzerTestOneInput in every build, the sanitizer build included, gcc or clang.
 *
 *     fuzz-load-replay FILE_OR_DIR...     exit 0 when every input ran; a finding aborts
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads the whole file at `path` into a new buffer; NULL on failure. */
static uint8_t *read_file(const char *path, size_t *size)
{
    FILE *fp = fopen(path, "rb");
    if (fp == NULL) {
        return NULL;
    }
    uint8_t *data = NULL;
    size_t len = 0;
    size_t cap = 0;
    size_t got = 1;
    while (got != 0) {
        if (len == cap) {
            cap = cap != 0 ? cap * 2 : 4096;
            uint8_t *bigger = realloc(data, cap);
            if (bigger == NULL) {
                free(data);
                fclose(fp);
                return NULL;
            }
            data = bigger;
        }
        got = fread(data + len, 1, cap - len, fp);
        len += got;
    }
    bool failed = ferror(fp) != 0;
    fclose(fp);
    if (failed) {
        free(data);
        return NULL;
    }
    *size = len;
    return data;
}

/* Runs the target on one file; 0, or 1 when it cannot be read. */
static int replay_file(const char *path)
{
    size_t size = 0;
    uint8_t *data = read_file(path, &size);
    if (data == NULL) {
        fprintf(stderr, "replay: %s: cannot read it\n", path);
        return 1;
    }
    LLVMFuzzerTestOneInput(data, size);
    free(data);
    return 0;
}

/* Runs the target on a file, or on every file of a directory; returns the failures. */
static int replay(const char *path, size_t *count)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        ++*count;
        return replay_file(path);
    }
    DIR *dir = opendir(path);
    if (dir == NULL) {
        fprintf(stderr, "replay: %s: cannot read the directory\n", path);
        return 1;
    }
    int failures = 0;
    for (struct dirent *e = readdir(dir); e != NULL; e = readdir(dir)) {
        if (e->d_name[0] == '.') {
            continue;
        }
        char child[4096];
        snprintf(child, sizeof child, "%s/%s", path, e->d_name);
        failures += replay(child, count);
    }
    closedir(dir);
    return failures;
}

int main(int argc, char **argv)
{
    int failures = 0;
    size_t count = 0;
    for (int i = 1; i < argc; i++) {
        failures += replay(argv[i], &count);
    }
    printf("%zu inputs replayed, %d unreadable\n", count, failures);
    return failures == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
