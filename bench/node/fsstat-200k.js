'use strict';
// bench/node/fsstat-200k.js - bench/out/fsstat-200k.json as node runs it: 200,000 fs.stat
// requests at once on a worker pool of 4 (bench/run.sh sets UV_THREADPOOL_SIZE=4), empty
// callbacks. Node's CPU time includes the pool's threads. bench/run.sh compares it with
// loopsim's.
const fs = require('fs');
function empty() {}
for (let i = 0; i < 200000; i++) {
    fs.stat(__filename, empty);
}
