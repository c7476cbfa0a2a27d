// timers/promises: setTimeout(ms, value) and setImmediate(value) resolve with the value; they
// are ordinary timers and immediates.
const tp = require('timers/promises');
setTimeout(() => console.log('callback timer 10'), 10);
async function main() {
    const v = await tp.setTimeout(20, 'after 20 ms');
    console.log(v);
    setTimeout(() => console.log('callback timer 0, created after 20 ms'), 0);
    const w = await tp.setImmediate('after an immediate');
    console.log(w);
    console.log('no value:', await tp.setTimeout(5));
}
main().then(() => console.log('main done'));
