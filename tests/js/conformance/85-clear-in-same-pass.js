// Timers of one pass: a later timer of the same list can be cancelled by an earlier one, and a
// new timer created in a pass never runs in that pass.
setTimeout(() => {
    console.log('first: clears second, creates a 0 ms timer');
    clearTimeout(second);
    setTimeout(() => console.log('new 0 ms timer (next pass)'), 0);
}, 10);
const second = setTimeout(() => console.log('never: second'), 10);
setTimeout(() => console.log('third (same pass)'), 10);
setTimeout(() => console.log('fourth (same pass)'), 10);
