// await fs.promises.stat resumes in the poll phase: after it, an immediate still beats a 0 ms
// timer, and microtasks run before ticks queued from a microtask.
const fsp = require('fs/promises');
async function main() {
    console.log('before await');
    const st = await fsp.stat(__filename); // loopsim: 1ms
    console.log('size > 0:', st.size > 0);
    setImmediate(() => console.log('immediate after stat'));
    setTimeout(() => console.log('timeout after stat'), 0);
    process.nextTick(() => console.log('tick after stat'));
    await null;
    console.log('after await null');
}
main();
process.nextTick(() => console.log('main tick'));
console.log('main done');
