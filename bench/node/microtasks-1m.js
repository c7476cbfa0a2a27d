'use strict';
// bench/node/microtasks-1m.js - bench/out/microtasks-1m.json as node runs it: 1,000 chains of 1,000
// microtasks, odd links a promise reaction (Promise.resolve().then), even ones queueMicrotask, all
// drained after the main script; the count is printed at exit. bench/run.sh compares node's CPU
// time with loopsim's.
const LINKS = 1000;
let ran = 0;
function link(k) {
    ran++;
    if (k >= LINKS) {
        return;
    }
    const next = () => link(k + 1);
    if ((k + 1) % 2 === 0) {
        queueMicrotask(next);
    } else {
        Promise.resolve().then(next);
    }
}
for (let i = 0; i < 1000; i++) {
    Promise.resolve().then(() => link(1));
}
process.on('exit', () => console.log(ran, 'microtasks ran'));
