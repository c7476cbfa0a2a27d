/*
 * json.h - a strict JSON (RFC 8259) scanner that records where every value starts, and reads
 * the values it recorded.
 *
 * The loader runs it on a scenario's bytes. It refuses what the format refuses (bad text, bad
 * UTF-8, anything RFC 8259 does not allow, NUL in a string, nesting past SIM_MAX_NESTING) with a
 * sentence and a byte offset, and otherwise lists every value and every object key in document
 * pre-order: an object, then for each member its key and its value (with everything inside the
 * value), in the order they are written. That list is the whole tree: 8 bytes per value, and the
 * values themselves are read from the text when the loader asks for them (a string is decoded
 * straight into the program's memory), so the document is never built a second time.
 */
#ifndef SIM_JSON_H
#define SIM_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A number of more characters than this is refused (SIM_ELIMIT): it is read from a buffer. */
#define SIM_JSON_MAX_NUMBER_CHARS 63

/* One value or object key of the document: an entry. */
struct json_pos {
    uint32_t offset; /* byte offset of its first character */
    uint32_t end;    /* the index of the first entry after it and all it contains */
};

/* A scanned document: its text, and the positions of its values, or why it was refused. */
struct json_doc {
    const char *text; /* borrowed */
    size_t len;
    struct json_pos *pos; /* every key and value, in document pre-order; owned by the doc */
    size_t count;
    int code;          /* 0, or why it failed: SIM_ESYNTAX, SIM_ELIMIT or SIM_ENOMEM */
    size_t err_offset; /* on failure: the byte offset the message is about */
    char message[160]; /* on failure: what is wrong, as a sentence without a final stop */
};

/*
 * Checks that buf[0..len) is UTF-8 text holding exactly one strict JSON value, and records its
 * positions in *doc, which borrows buf. Returns 0, or the negated code with doc->code,
 * err_offset and message set. Free the positions with sim__json_finish in both cases. len must
 * fit in 32 bits.
 */
int sim__json_scan(const char *buf, size_t len, struct json_doc *doc);

/*
 * Checks that buf[0..len) is UTF-8 text: no UTF-16 byte order mark, no NUL byte, no invalid
 * sequence (RFC 3629). Returns len, or the offset of the first bad byte with a sentence in msg.
 * The JavaScript scanner checks its files with it too.
 */
size_t sim__text_check(const char *buf, size_t len, char *msg, size_t size);

/*
 * Writes code point cp (at most U+10FFFF) as UTF-8 into out, which has room for 4 bytes; a
 * surrogate gets its 3-byte form (WTF-8). Returns the bytes written.
 */
size_t sim__utf8_encode(uint32_t cp, char *out);

/* Frees the positions of a document; accepts one whose scan failed, or a zeroed one. */
void sim__json_finish(struct json_doc *doc);

/* ---- Reading a scanned document: every entry given is one the scan recorded ------------ */

enum json_kind {
    JSON_OBJECT,
    JSON_ARRAY,
    JSON_STRING,
    JSON_NUMBER,
    JSON_TRUE,
    JSON_FALSE,
    JSON_NULL,
};

/* What the value at entry `at` is. */
enum json_kind sim__json_kind(const struct json_doc *doc, uint32_t at);

/*
 * The entry after value `at` and all it holds: an array's next element, an object's next key.
 * An array's elements run from at + 1 to its own sim__json_next, as do an object's members,
 * each a key and the value after it.
 */
uint32_t sim__json_next(const struct json_doc *doc, uint32_t at);

/* The bytes a string (a value or a key) takes between its quotes: its decoded length or more. */
size_t sim__json_raw_length(const struct json_doc *doc, uint32_t at);

/*
 * Decodes the string at entry `at` into out, which has room for `size` bytes, NUL-terminated
 * and cut short if need be. Returns its whole decoded length.
 */
size_t sim__json_decode(const struct json_doc *doc, uint32_t at, char *out, size_t size);

/* Is the string at entry `at` exactly `s`? */
bool sim__json_string_is(const struct json_doc *doc, uint32_t at, const char *s);

/* The number at entry `at`, as strtod reads it (±HUGE_VAL when out of range). */
double sim__json_number(const struct json_doc *doc, uint32_t at);

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
