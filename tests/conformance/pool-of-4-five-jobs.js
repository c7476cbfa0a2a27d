// Twin of scenarios/pool-of-4-five-jobs.json: with the default pool of 4, the fifth of five
// 200 ms jobs must wait for a free worker and finishes after the other four.
//
// This machine may have fewer than four cores, and four CPU-bound pbkdf2 jobs on two cores end
// unevenly (the OS scheduler is not fair enough to keep their order). So the first four jobs are
// worker-holding reads that end exactly 200 ms after they start (outside.js holdWorker; they start
// at once, as four workers are free), and only the fifth is a real ~200 ms pbkdf2, which then has
// a core to itself. Had the fifth not waited for a worker, it would end with the others (~200 ms)
// and the order would vary.
'use strict';
process.stdout; // the first use of process.stdout costs milliseconds: pay it before the scenario
const crypto = require('crypto');
const outside = require('./outside');
const world = outside.start({ holds: 4 });

const JOB = outside.iterationsFor(200);

for (let i = 1; i <= 4; i++) {
    world.holdWorker(200, () => console.log('job done')); // stands for crypto.pbkdf2 of 200 ms
}
crypto.pbkdf2('secret', 'salt', JOB, 64, 'sha512',
    () => console.log('fifth job done: it waited for a free worker'));
console.log('main: five jobs submitted');
