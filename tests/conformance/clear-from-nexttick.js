// Twin of scenarios/clear-from-nexttick.json (Node's test-timers-next-tick): a nextTick between
// two timers / two immediates can clear the later ones of the same batch.
'use strict';
process.stdout; // the first use of process.stdout costs milliseconds: pay it before the scenario

setTimeout(() => {
    console.log('T1');
    process.nextTick(() => {
        clearTimeout(t2);
        clearTimeout(t3);
        console.log('tick from T1 cleared T2 and T3');
    });
}, 100);
const t2 = setTimeout(() => console.log('T2 (never printed)'), 100);
const t3 = setTimeout(() => console.log('T3 (never printed)'), 100);
setTimeout(() => console.log('T4'), 100);
setImmediate(() => {
    console.log('I1');
    process.nextTick(() => {
        clearImmediate(i2);
        clearImmediate(i3);
        console.log('tick from I1 cleared I2 and I3');
    });
});
const i2 = setImmediate(() => console.log('I2 (never printed)'));
const i3 = setImmediate(() => console.log('I3 (never printed)'));
setImmediate(() => console.log('I4'));
