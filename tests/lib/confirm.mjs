// confirm.mjs - a check against real node that a busy machine cannot fail on its own.
//
// Node's order in a timed program holds only while the machine keeps up with its timing. When
// some of a program's first runs print what they should not, the program runs RERUNS more
// times, each with no other process of the runner beside it, and fails only if more than one
// of those mismatches again: a busy machine shows up as a rare, lone mismatch that goes away
// when the run has the machine to itself; a simulator bug or a race in the program does not.
// The conformance runner and the differential fuzzer both judge their node runs this way; the
// JavaScript corpus (tests/js/check-node.mjs) asks for 10 reruns and tolerates none.

/** Runs of the confirmation round. */
export const RERUNS = 6;

// Runs `count` runs of run(exclusive, index) from `first` on; returns [{ index, result, problem }].
async function round(run, judge, count, exclusive, first) {
    const results = await Promise.all(
        Array.from({ length: count }, (_, i) => run(exclusive, first + i)));
    return results.map((result, i) => ({ index: first + i, result, problem: judge(result) }));
}

/**
 * Runs a program `runs` times (run(exclusive, index) resolves to one run's result, index from 1)
 * and judges each (judge(result) is null when the run is right, else a message). After a
 * mismatch it runs `reruns` more times alone, and the program passes if at most `tolerated` of
 * those mismatch. Resolves to { ok, runs: every run as { index, result, problem }, bad: the runs
 * that count against the program, note: a sentence when a mismatch went away on the rerun, else
 * '' }.
 */
export async function runConfirmed(run, judge,
                                   { runs, exclusive = false, reruns = RERUNS, tolerated = 1 }) {
    const first = await round(run, judge, runs, exclusive, 1);
    const firstBad = first.filter((r) => r.problem !== null);
    if (firstBad.length === 0) {
        return { ok: true, runs: first, bad: [], note: '' };
    }
    const again = await round(run, judge, reruns, true, runs + 1);
    const againBad = again.filter((r) => r.problem !== null);
    if (againBad.length <= tolerated) {
        const note = `${firstBad.length} of ${runs} differed, then ${reruns - againBad.length}/` +
                     `${reruns} passed on a rerun alone: a busy machine`;
        return { ok: true, runs: [...first, ...again], bad: [], note };
    }
    return { ok: false, runs: [...first, ...again], bad: [...firstBad, ...againBad], note: '' };
}
