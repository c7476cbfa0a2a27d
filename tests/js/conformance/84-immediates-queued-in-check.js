// An immediate queued during the check phase waits for the next iteration, after the rest of
// the current batch; ticks run after each immediate.
setImmediate(() => {
    console.log('I1');
    setImmediate(() => console.log('I3 (queued by I1)'));
    process.nextTick(() => console.log('tick from I1'));
});
setImmediate(() => {
    console.log('I2');
    Promise.resolve().then(() => console.log('promise from I2'));
});
let depth = 0;
function chain() {
    depth++;
    console.log('chain', depth);
    if (depth < 3) {
        setImmediate(chain);
    }
}
setImmediate(chain);
