// Twin of scenarios/ticks-after-every-callback.json: nextTicks and microtasks drain between two
// timers of one pass and between two immediates of one check phase.
'use strict';
process.stdout; // the first use of process.stdout costs milliseconds: pay it before the scenario
const block = (ms) => { const end = performance.now() + ms; while (performance.now() < end); };

setTimeout(() => {
    console.log('T1');
    process.nextTick(() => console.log('tick from T1'));
    Promise.resolve().then(() => console.log('promise from T1'));
    setImmediate(() => console.log('immediate queued by T1'));
    setTimeout(() => console.log('timeout queued by T1'), 0);
}, 10);
setTimeout(() => console.log('T2'), 10);
setImmediate(() => {
    console.log('I1');
    process.nextTick(() => console.log('tick from I1'));
    Promise.resolve().then(() => console.log('promise from I1'));
});
setImmediate(() => console.log('I2'));
block(15);
