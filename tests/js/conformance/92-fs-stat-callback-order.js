// The main script's ticks and promises run before any fs callback; inside the callback its own
// ticks and promises run first, then the immediate, then the 0 ms timer.
const fs = require('fs');
process.nextTick(() => console.log('main tick'));
Promise.resolve().then(() => console.log('main promise'));
fs.stat(__filename, (err, st) => { // loopsim: 1ms
    console.log('stat callback: error', err, 'size > 0', st.size > 0);
    setTimeout(() => console.log('timeout 0 from stat'), 0);
    setImmediate(() => console.log('immediate from stat'));
    process.nextTick(() => console.log('tick from stat'));
    Promise.resolve().then(() => console.log('promise from stat'));
});
console.log('main done');
