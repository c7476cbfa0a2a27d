// Twin of scenarios/equal-expiry-lists.json (reference experiment 10): X(20 ms) and A(21 ms) at
// 0 ms, B(20 ms) 1 ms later, all overdue when the loop starts: X, B, A — the 20 ms list first.
'use strict';
process.stdout; // the first use of process.stdout costs milliseconds: pay it before the scenario
const block = (ms) => { const end = performance.now() + ms; while (performance.now() < end); };

setTimeout(() => console.log('X: 20 ms list, created at 0 ms, expires at 20'), 20);
setTimeout(() => console.log('A: 21 ms list, created at 0 ms, expires at 21'), 21);
block(1);
setTimeout(() => console.log('B: 20 ms list, created at 1 ms, expires at 21'), 20);
block(40);
