// A promise resolved by a timer: its reactions run right after the timer callback, in the order
// they were registered, before the next timer.
let resolveIt;
const p = new Promise((resolve) => {
    resolveIt = resolve;
});
p.then((v) => console.log('then 1 got', v));
p.then((v) => console.log('then 2 got', v));
setTimeout(() => {
    console.log('timer 1: before resolve');
    resolveIt('done');
    console.log('timer 1: after resolve');
}, 10);
setTimeout(() => console.log('timer 2'), 10);
p.then((v) => console.log('then 3 got', v));
