// Promise.race settles with the first timer; the losing timers still fire.
function delay(ms, value) {
    return new Promise((resolve) => setTimeout(() => {
        console.log(`timer ${ms} fires`);
        resolve(value);
    }, ms));
}
Promise.race([delay(50, 'tortoise'), delay(10, 'hare'), delay(30, 'dog')])
    .then((winner) => console.log('race won by', winner));
const failing = new Promise((resolve, reject) => {
    setTimeout(() => reject(new Error('timeout')), 20);
});
Promise.race([delay(70, 'late'), failing]).catch((e) => console.log('race lost to', e.message));
