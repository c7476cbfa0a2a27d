'use strict';
// bench/node/timers-1m.js - bench/out/timers-1m.json as node runs it: 1,000,000 setTimeout over
// 1,000 distinct delays (1..1000 ms), 1,000 per delay, callbacks that count (printed at exit), all
// pending when the main script returns. bench/run.sh compares node's CPU time on it with loopsim's.
let ran = 0;
function empty() {
    ran++;
}
for (let delay = 1; delay <= 1000; delay++) {
    for (let i = 0; i < 1000; i++) {
        setTimeout(empty, delay);
    }
}
process.on('exit', () => console.log(ran, 'timeouts ran'));
