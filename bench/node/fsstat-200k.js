'use strict';
// bench/node/fsstat-200k.js - bench/out/fsstat-200k.json as node runs it: 200,000 fs.stat
// requests at once on a worker pool of 4 (bench/run.sh sets UV_THREADPOOL_SIZE=4), callbacks
// that count, the count printed at exit. Node's CPU time includes the pool's threads.
// bench/run.sh compares it with loopsim's.
const fs = require('fs');
let ran = 0;
function empty() {
    ran++;
}
for (let i = 0; i < 200000; i++) {
    fs.stat(__filename, empty);
}
process.on('exit', () => console.log(ran, 'stat callbacks ran'));
