// timers/promises: setTimeout(ms, value) and setImmediate(value) resolve with the value.
const tp = require('timers/promises');
async function main() {
    const v = await tp.setTimeout(20, 'after 20 ms');
    console.log(v);
    const w = await tp.setImmediate('after an immediate');
    console.log(w);
    console.log('no value:', await tp.setTimeout(5));
}
main();
setTimeout(() => console.log('callback timer 10'), 10);
setTimeout(() => console.log('callback timer 80'), 80);
