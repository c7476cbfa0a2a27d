// A recursive nextTick chain runs to its end before any promise job or immediate.
let depth = 0;
function tick() {
    depth++;
    console.log(`tick depth ${depth}`);
    if (depth < 5) {
        process.nextTick(tick);
    }
}
setImmediate(() => console.log('immediate'));
Promise.resolve().then(() => console.log('promise'));
process.nextTick(tick);
process.nextTick(() => console.log('second tick queued by main'));
