/*
 * json.h - a strict JSON (RFC 8259) scanner that records where every value starts.
 *
 * The loader runs it on a scenario's bytes before cJSON sees them. It refuses what the format
 * refuses (bad text, bad UTF-8, anything RFC 8259 does not allow, NUL in a string, nesting past
 * SIM_MAX_NESTING) with a sentence and a byte offset, and otherwise lists every value and every
 * object key in document pre-order: an object, then for each member its key and its value (with
 * everything inside the value), in the order they are written. A pre-order walk of the cJSON tree
 * visits values in the same order, so the loader can give every node its line and column.
 */
#ifndef SIM_JSON_H
#define SIM_JSON_H

#include <stddef.h>
#include <stdint.h>

/* A number of more characters than this is refused (SIM_ELIMIT): cJSON reads at most 63. */
#define SIM_JSON_MAX_NUMBER_CHARS 63

/* One value or object key of the document. */
struct json_pos {
    uint32_t offset; /* byte offset of its first character */
    uint32_t end;    /* the index of the first entry after it and all it contains */
};

/* What a scan found: the positions, or why the document was refused. */
struct json_scan {
    struct json_pos *pos; /* every key and value, in document pre-order; owned by the scan */
    size_t count;
    int code;          /* 0, or why it failed: SIM_ESYNTAX, SIM_ELIMIT or SIM_ENOMEM */
    size_t err_offset; /* on failure: the byte offset the message is about */
    char message[160]; /* on failure: what is wrong, as a sentence without a final stop */
};

/*
 * Checks that buf[0..len) is UTF-8 text holding exactly one strict JSON value, and records its
 * positions in *scan. Returns 0, or the negated code with scan->code, err_offset and message
 * set. Free the positions with sim__json_scan_finish in both cases. len must fit in 32 bits.
 */
int sim__json_scan(const char *buf, size_t len, struct json_scan *scan);

/* Frees what a scan holds; accepts a scan that failed or was zeroed. */
void sim__json_scan_finish(struct json_scan *scan);

/*
 * Turns byte offsets into 1-based lines and columns (columns count UTF-8 characters). It keeps
 * its place, so offsets asked for in increasing order cost one pass over the text in all.
 */
struct json_locator {
    const char *buf;
    size_t len;
    size_t offset; /* where line and col below are */
    uint32_t line;
    uint32_t col;
};

/* Starts a locator at the beginning of buf, which it borrows. */
void sim__json_locator_init(struct json_locator *loc, const char *buf, size_t len);

/* The line and column of byte `offset` (clamped to the end of the text). */
void sim__json_locate(struct json_locator *loc, size_t offset, uint32_t *line, uint32_t *col);

#endif
