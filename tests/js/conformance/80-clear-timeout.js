// clearTimeout and clearImmediate cancel what has not run yet, also from an earlier callback
// of the same phase or from a nextTick in between.
setTimeout(() => {
    console.log('t1 clears t2, and t3 from a nextTick');
    clearTimeout(t2);
    process.nextTick(() => clearTimeout(t3));
    const i2 = setImmediate(() => console.log('never: i2'));
    setImmediate(() => {
        console.log('i1 runs');
        setTimeout(() => console.log('t5 runs'), 10);
    });
    clearImmediate(i2);
}, 20);
const t2 = setTimeout(() => console.log('never: t2'), 20);
const t3 = setTimeout(() => console.log('never: t3'), 20);
const t4 = setTimeout(() => console.log('never: t4'), 0);
clearTimeout(t4);
clearTimeout(undefined);
