// Inside an I/O callback (poll phase) immediates run before 0 ms timers, whatever the order in
// which they were queued; two of each keep their FIFO order.
const fs = require('fs');
fs.readFile(__filename, () => { // loopsim: 1ms
    setTimeout(() => console.log('timeout 1'), 0);
    setTimeout(() => console.log('timeout 2'), 0);
    setImmediate(() => console.log('immediate 1'));
    setImmediate(() => console.log('immediate 2'));
    console.log('readFile callback');
});
console.log('main');
