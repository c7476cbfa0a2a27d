// setInterval fires until clearInterval; clearing inside its own callback stops it at once.
let n = 0;
const handle = setInterval(() => {
    n++;
    console.log('tick', n);
    if (n === 4) {
        clearInterval(handle);
        console.log('cleared');
    }
}, 10);
setTimeout(() => console.log('after the interval, n =', n), 150);
