// An interval, a timeout and immediates
//
// An interval is a timer that is set again each time it runs. Between its runs the loop goes
// on, so a timeout due in between fires in its place, and immediates queued by a timer run in
// the same iteration's check phase, before the next timer.
// loopsim: level 4
// loopsim: prompt In what order do the seven lines print?
// loopsim: hint Write the times: when is each run of the interval due, and the timeout?
// loopsim: hint After which timer does each immediate run?
let runs = 0;
const interval = setInterval(() => {
    runs++;
    console.log(`interval ${runs}`);
    setImmediate(() => console.log(`immediate after interval ${runs}`));
    if (runs === 3) {
        clearInterval(interval);
    }
}, 20);
setTimeout(() => console.log('timeout 50 ms'), 50);
