// Two async loops and an immediate
//
// Each `await` gives the microtask queue a turn, so two async functions that await in a loop
// interleave, one step each. They all run before the event loop's check phase: however many
// times they await, an immediate waits until they are done.
// loopsim: level 4
// loopsim: prompt In what order do the six lines print?
// loopsim: hint What does each `await null` queue, and behind what?
// loopsim: hint Where does the nextTick fit, given that both workers start synchronously?
async function worker(name) {
    for (let i = 1; i <= 2; i++) {
        await null;
        console.log(`${name} ${i}`);
    }
}
setImmediate(() => console.log('immediate'));
worker('a');
worker('b');
process.nextTick(() => console.log('tick'));
