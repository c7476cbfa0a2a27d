// Inside an fs callback: a chain of immediates, each queued by the one before, runs one per loop
// iteration, all long before a 200 ms timer queued first.
const fs = require('fs');
fs.access(__filename, () => { // loopsim: 1ms
    setTimeout(() => console.log('200 ms timer'), 200);
    let left = 3;
    function step() {
        console.log('immediate, left', left);
        left--;
        if (left > 0) {
            setImmediate(step);
        }
    }
    setImmediate(step);
});
