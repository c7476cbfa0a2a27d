// Twin of scenarios/pool-of-1-serial.json: with UV_THREADPOOL_SIZE=1 pool jobs run one at a time:
// job 1 ends at 100 ms, the 150 ms timer fires, then job 2 (100..200 ms), then a tiny fs.stat
// that waited behind both.
//
// Job 1 is a worker-holding read that ends exactly 100 ms after it starts (outside.js holdWorker),
// so the timer's margin does not depend on the CPU; job 2 is a real ~100 ms pbkdf2. Were the pool
// not serial, job 2 would run from 0 ms and end before the 150 ms timer.
'use strict';
process.env.UV_THREADPOOL_SIZE = '1'; // before the pool's first job: the pool starts lazily
process.stdout; // the first use of process.stdout costs milliseconds: pay it before the scenario
const crypto = require('crypto');
const fs = require('fs');
const outside = require('./outside');
const world = outside.start({ holds: 1 });

const JOB = outside.iterationsFor(100);

world.holdWorker(100, () => console.log('job 1 done')); // stands for crypto.pbkdf2 of 100 ms
crypto.pbkdf2('secret', 'salt', JOB, 64, 'sha512', () => console.log('job 2 done'));
fs.stat(__filename, () => console.log('fs.stat done: even a tiny request waited for the only worker'));
setTimeout(() => console.log('150 ms: only job 1 has finished'), 150);
