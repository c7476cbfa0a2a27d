// Twin of scenarios/process-exit.json: process.exit() ends the process at once; only 'exit'
// listeners run, and a nextTick they queue is dropped.
'use strict';
process.on('exit', () => {
    console.log('exit listener: runs even on process.exit()');
    process.nextTick(() => console.log('never printed: nextTicks queued in an exit listener are dropped'));
});
process.on('beforeExit', () => console.log('never printed: process.exit() skips beforeExit'));
setTimeout(() => {
    console.log('timer: calling process.exit(0)');
    process.nextTick(() => console.log('never printed: a nextTick queued before exit'));
    Promise.resolve().then(() => console.log('never printed: a promise queued before exit'));
    setImmediate(() => console.log('never printed: an immediate queued before exit'));
    process.exit(0);
    console.log('never printed: the rest of the callback'); // eslint-disable-line no-unreachable
}, 10);
setTimeout(() => console.log('never printed: a later timer'), 50);
console.log('main done');
