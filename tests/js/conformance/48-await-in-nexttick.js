// An async function started in a nextTick runs up to its await at once; its continuation is a
// microtask, so it waits for the other ticks.
async function task(name) {
    console.log(`${name}: start`);
    await null;
    console.log(`${name}: after await`);
}
process.nextTick(() => task('tick A'));
process.nextTick(() => console.log('tick B'));
Promise.resolve().then(() => console.log('promise queued by main'));
setImmediate(() => task('immediate'));
setImmediate(() => console.log('immediate 2'));
