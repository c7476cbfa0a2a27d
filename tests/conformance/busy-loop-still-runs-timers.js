// Twin of scenarios/busy-loop-still-runs-timers.json: an immediate that re-queues itself forever
// keeps the loop from sleeping, yet the 10 ms interval runs three times and the 80 ms timer ends
// the process.
'use strict';
function spin() {
    setImmediate(spin);
}
setImmediate(spin);
let runs = 0;
const interval = setInterval(() => {
    console.log('interval');
    if (++runs === 3) {
        clearInterval(interval);
    }
}, 10);
setTimeout(() => process.exit(0), 80);
