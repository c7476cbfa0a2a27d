/*
 * format.c - numbers as text, the one formatter of the engine and of every front end: a whole
 * number in decimal, and virtual nanoseconds as milliseconds. They write into the caller's
 * buffer, never a NUL, and return the length: a trace formats several numbers per event, so
 * the digits go straight to where they belong.
 */
#include "sim.h"

/* The number of decimal digits of `value`: from its bit length, then one comparison. */
static size_t digits_u64(uint64_t value)
{
    static const uint64_t powers[20] = {
        1u, 10u, 100u, 1000u, 10000u, 100000u, 1000000u, 10000000u, 100000000u, 1000000000u,
        10000000000u, 100000000000u, 1000000000000u, 10000000000000u, 100000000000000u,
        1000000000000000u, 10000000000000000u, 100000000000000000u, 1000000000000000000u,
        10000000000000000000u,
    };
    /* 1233 / 4096 is just above log10(2): a number of `bits` bits has at least
     * floor(bits * 1233 / 4096) digits (at most 19 for 64 bits), and one more where it reaches
     * the next power of ten. `| 1` makes 0 a one-digit number and changes no other answer. */
    unsigned bits = 64u - (unsigned)__builtin_clzll(value | 1u);
    size_t n = (bits * 1233u) >> 12;
    return n + ((value | 1u) >= powers[n]);
}

size_t sim_format_u64(char *out, uint64_t value)
{
    static const char pairs[201] = "000102030405060708091011121314151617181920212223242526272829"
                                   "303132333435363738394041424344454647484950515253545556575859"
                                   "606162636465666768697071727374757677787980818283848586878889"
                                   "90919293949596979899";
    size_t len = digits_u64(value);
    char *p = out + len;
    while (value >= 100) { /* two digits per division */
        unsigned d = (unsigned)(value % 100) * 2;
        value /= 100;
        *--p = pairs[d + 1];
        *--p = pairs[d];
    }
    if (value >= 10) {
        unsigned d = (unsigned)value * 2;
        *--p = pairs[d + 1];
        *--p = pairs[d];
    } else {
        *--p = (char)('0' + value);
    }
    return len;
}

size_t sim_format_ms(char *out, uint64_t ns, bool trim)
{
    /* Truncated to whole microseconds, so a time never shows later than it is. */
    uint64_t us = (ns / 1000) % 1000;
    size_t len = sim_format_u64(out, ns / 1000000);
    char frac[3] = {(char)('0' + us / 100), (char)('0' + us / 10 % 10), (char)('0' + us % 10)};
    size_t n = 3;
    while (trim && n > 0 && frac[n - 1] == '0') {
        n--;
    }
    if (n > 0) {
        out[len++] = '.';
        for (size_t i = 0; i < n; i++) {
            out[len++] = frac[i];
        }
    }
    return len;
}
