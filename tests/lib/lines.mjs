// lines.mjs - comparing what two programs printed, line by line (the fuzz and conformance
// runners, the shrinker).

/** The lines of `text`, without the empty one after a final newline. */
export function toLines(text) {
    const lines = text.split('\n');
    if (lines.length > 0 && lines[lines.length - 1] === '') {
        lines.pop();
    }
    return lines;
}

/** Do the arrays of lines `a` and `b` hold the same lines? */
export function sameLines(a, b) {
    return a.length === b.length && a.every((line, i) => line === b[i]);
}

/** How many lines `a` and `b` share from the start. */
export function commonPrefix(a, b) {
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) {
        i++;
    }
    return i;
}

/**
 * The first line where the texts `a` and `b` differ: { line (1-based), a, b }, undefined past
 * an end; null when they are equal.
 */
export function firstDifference(a, b) {
    const la = toLines(a);
    const lb = toLines(b);
    const i = commonPrefix(la, lb);
    return i === la.length && i === lb.length ? null : { line: i + 1, a: la[i], b: lb[i] };
}

/** A line for a message: quoted, or "(end of output)" past the end. */
export function show(line) {
    return line === undefined ? '(end of output)' : JSON.stringify(line);
}
