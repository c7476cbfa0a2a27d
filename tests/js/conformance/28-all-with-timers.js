// Promise.all with timers: it waits for the slowest, and the values keep the input order.
function delay(ms, value) {
    return new Promise((resolve) => setTimeout(() => {
        console.log(`timer ${ms} ms fires`);
        resolve(value);
    }, ms));
}
const start = Promise.all([delay(60, 'slow'), delay(20, 'fast'), delay(40, 'middle')]);
start.then((values) => console.log('all:', values));
console.log('waiting');
