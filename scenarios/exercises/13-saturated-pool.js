// A saturated worker pool
//
// Node runs file system and crypto jobs on libuv's worker pool, 4 threads unless
// UV_THREADPOOL_SIZE says otherwise (read when the pool starts). Here the pool has 2 threads,
// both busy with a hash: the quick `stat` queues behind them and can only start when a
// worker is free, so a 10 ms timer beats it.
// loopsim: level 3
// loopsim: prompt In what order do the five lines print?
// loopsim: hint How many jobs can run at once, and which job has to wait?
// loopsim: hint The short hash takes longer than 10 ms.
process.env.UV_THREADPOOL_SIZE = '2';
const crypto = require('crypto');
const fs = require('fs');
crypto.pbkdf2('pw', 'salt', 3e5, 64, 'sha512', () => console.log('short hash done'));
crypto.pbkdf2('pw', 'salt', 9e5, 64, 'sha512', () => console.log('long hash done'));
fs.stat(__filename, () => console.log('stat done'));
setTimeout(() => console.log('timeout 10 ms'), 10);
console.log('three jobs queued');
