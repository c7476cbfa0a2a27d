// Inside an fs callback: a chain of immediates runs one per iteration, all long before a 100 ms
// timer; the chain's own 0 ms timer comes after the immediate queued next to it.
const fs = require('fs');
fs.access(__filename, () => { // loopsim: 1ms
    setTimeout(() => console.log('100 ms timer'), 100);
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
