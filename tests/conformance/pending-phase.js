// Twin of scenarios/pending-phase.json: a pipe connect that fails at once is reported from the
// pending phase of the next iteration, before poll and check.
'use strict';
process.stdout; // the first use of process.stdout costs milliseconds: pay it before the scenario
const world = require('./outside').start();

setImmediate(() => console.log('check: the immediate queued by the main script'));
world.ioDeferred(() => console.log('pending: the deferred callback from the main script'));
setTimeout(() => {
    console.log('timers: a timer queues an immediate and a deferred callback');
    setImmediate(() => console.log('check: the immediate queued by the timer'));
    world.ioDeferred(() => console.log('pending: the deferred callback from the timer'));
}, 100);
console.log('main: done');
