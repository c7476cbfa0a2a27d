// Twin of scenarios/poll-waits-for-io.json: the loop sleeps in poll until a pipe becomes readable
// at 30 ms; the I/O callback's immediate and timeout follow, then the 100 ms timer.
'use strict';
process.stdout; // the first use of process.stdout costs milliseconds: pay it before the scenario
const world = require('./outside').start({ fifos: 1 });

world.io(30, () => {
    console.log('poll: data arrived at 30 ms');
    setImmediate(() => console.log('check: right after that poll phase'));
    setTimeout(() => console.log('timers: the timeout queued by the I/O callback'), 0);
});
setTimeout(() => console.log('timers: the 100 ms timer'), 100);
console.log('main: the loop will sleep in poll until the data arrives');
