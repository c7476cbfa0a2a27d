// Twin of scenarios/timers-are-thresholds.json: timers run late behind busy work, and a timers
// pass uses the "now" read at its start (B is overdue after A's 100 ms but waits a pass).
'use strict';
process.stdout; // the first use of process.stdout costs milliseconds: pay it before the scenario
const block = (ms) => { const end = performance.now() + ms; while (performance.now() < end); };

setTimeout(() => {
    console.log('A: due at 10 ms, runs at 20 ms; now blocks the loop for 100 ms');
    block(100);
    setImmediate(() => console.log('immediate queued by A: check comes before the next timers phase'));
}, 10);
setTimeout(() => console.log('A2: same 10 ms list as A, same pass, but only after A (about 120 ms)'), 10);
setTimeout(() => console.log('B: due at 100 ms; its list was not due when the pass began (about 120 ms)'), 100);
block(20);
