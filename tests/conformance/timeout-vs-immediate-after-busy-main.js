// Twin of scenarios/timeout-vs-immediate-after-busy-main.json: after 5 ms of main-script work the
// 1 ms timeout is overdue when the loop starts, so the pre-loop timers run it first.
'use strict';
const block = (ms) => { const end = performance.now() + ms; while (performance.now() < end); };
setTimeout(() => console.log('timeout'), 0);
setImmediate(() => console.log('immediate'));
block(5);
