'use strict';
// bench/node/immediates-1m.js - bench/out/immediates-1m.json as node runs it: 1,000 chains of 1,000
// setImmediate; each check phase runs 1,000 immediates, each queueing the next link of its chain
// for the following iteration; the count is printed at exit. bench/run.sh compares node's CPU time
// with loopsim's.
const LINKS = 1000;
let ran = 0;
function link(k) {
    ran++;
    if (k < LINKS) {
        setImmediate(link, k + 1);
    }
}
for (let i = 0; i < 1000; i++) {
    setImmediate(link, 1);
}
process.on('exit', () => console.log(ran, 'immediates ran'));
