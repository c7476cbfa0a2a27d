// loopsim: config limits.check=2
// A per-phase limit on check (loopsim's limits.check; node has none) must not hold back the
// nextTick of the last immediate before the limit: processImmediate returns as at the end of
// a batch, and the ticks of the last one run before the loop goes on.
for (const name of ['a', 'b', 'c']) {
    setImmediate(() => {
        console.log(`immediate ${name}`);
        process.nextTick(() => console.log(`tick ${name}`));
    });
}
