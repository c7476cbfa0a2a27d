// Contract row "The Node.js surface: timers": the same functions from require('timers').
const timers = require('timers');
const { setTimeout: st, clearTimeout: ct } = require('node:timers');
console.log(timers.setTimeout === setTimeout, st === setTimeout);
const dropped = st(() => console.log('never: cleared'), 1);
ct(dropped);
timers.setImmediate((v) => {
    console.log('timers.setImmediate', v);
    const gone = timers.setImmediate(() => console.log('never: cleared immediate'));
    timers.clearImmediate(gone);
    const iv = timers.setInterval(() => {
        console.log('timers.setInterval');
        timers.clearInterval(iv);
        timers.setTimeout((w) => console.log('timers.setTimeout', w), 1, 'w');
    }, 1);
}, 'v');
