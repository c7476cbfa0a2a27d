// A per-phase limit on the check phase
//
// libuv runs every immediate queued when the check phase begins, and an immediate queued by
// one of them waits for the next iteration. The simulation can also bound a phase
// (`limits.check`, a config key of its own): here at most 2 immediates run per visit, and the
// rest wait for the next check phase. With nothing else queued, the lines print as Node
// prints them; the trace shows how the phases were split.
// loopsim: config limits.check=2
// loopsim: level 3
// loopsim: prompt In what order do the five lines print? In how many check phases?
// loopsim: hint Which immediates are queued when the first check phase begins?
// loopsim: hint Where does an immediate queued by an immediate go: this check phase or the
// next one?
setImmediate(() => {
    console.log('immediate a');
    process.nextTick(() => console.log('tick from a'));
    setImmediate(() => console.log('immediate d, queued by a'));
});
setImmediate(() => console.log('immediate b'));
setImmediate(() => console.log('immediate c'));
