// nextTick, promise, setImmediate, setTimeout: the order inside an I/O callback
//
// After every callback node drains the nextTick queue, then the microtask queue (promise jobs),
// then ticks again if jobs queued some. Immediates wait for the check phase and timers for the
// next timers phase. In an I/O callback (poll phase) check comes next, so the immediate always
// beats the 0 ms timer. In the main script that pair is a race: it depends on how long the
// process took to start. (The main script's own tick and job run before any I/O callback.)
const fs = require('fs');
fs.readFile(__filename, () => { // loopsim: 1ms
    setTimeout(() => console.log('5. setTimeout 0'), 0);
    setImmediate(() => console.log('4. setImmediate'));
    Promise.resolve().then(() => {
        console.log('3. promise job');
        process.nextTick(() => console.log('3b. nextTick queued by the job'));
    });
    process.nextTick(() => console.log('2. nextTick'));
    console.log('1. the I/O callback itself');
});
process.nextTick(() => console.log('main: nextTick'));
Promise.resolve().then(() => console.log('main: promise job'));

// loopsim: expect
// main: nextTick
// main: promise job
// 1. the I/O callback itself
// 2. nextTick
// 3. promise job
// 3b. nextTick queued by the job
// 4. setImmediate
// 5. setTimeout 0
