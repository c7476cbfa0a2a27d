// setTimeout 0 and setImmediate inside an I/O callback
//
// An I/O callback runs in the poll phase. The next phase is check, which runs the immediates;
// the timers phase only comes round in the next iteration. So inside an I/O callback
// `setImmediate` always runs before `setTimeout(f, 0)`, unlike in the main script.
// loopsim: level 2
// loopsim: prompt In what order do the three lines print?
// loopsim: hint In which phase does the fs.stat callback run, and which phase comes next?
// loopsim: hint Compare with the same two calls in the main script: what is different here?
const fs = require('fs');
fs.stat(__filename, () => {
    console.log('stat done');
    setTimeout(() => console.log('timeout'), 0);
    setImmediate(() => console.log('immediate'));
});
