// The same timer functions from require('timers') and require('node:timers').
const timers = require('timers');
const { setTimeout: st, clearTimeout: ct } = require('node:timers');
console.log('same setTimeout:', timers.setTimeout === setTimeout, st === setTimeout);
const t = st(() => console.log('never'), 10);
ct(t);
timers.setImmediate(() => {
    console.log('immediate via timers');
    timers.setTimeout(() => console.log('timeout via timers'), 20);
});
