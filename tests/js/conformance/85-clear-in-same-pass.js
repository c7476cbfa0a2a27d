// A timer can cancel a later timer of the same delay before that one runs; a 0 ms timer created
// by the last timer of the list runs after it, in a later pass.
setTimeout(() => {
    console.log('first: clears second');
    clearTimeout(second);
}, 10);
const second = setTimeout(() => console.log('never: second'), 10);
setTimeout(() => console.log('third'), 10);
setTimeout(() => {
    console.log('fourth: creates a 0 ms timer');
    setTimeout(() => console.log('the new 0 ms timer'), 0);
}, 10);
