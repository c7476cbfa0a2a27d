'use strict';
// bench/cost/order-b.js - issue 6 §3 (b): an immediate that re-queues itself forever beside a
// setInterval of 10 ms that stops after three runs and a process.exit at 80 ms
// (scenarios/busy-loop-still-runs-timers.json).
function spin() {
    setImmediate(spin);
}
setImmediate(spin);
let runs = 0;
const iv = setInterval(() => {
    runs++;
    console.log(`interval ${runs}`);
    if (runs === 3) {
        clearInterval(iv);
    }
}, 10);
setTimeout(() => process.exit(0), 80);
