// util.promisify(setTimeout) is the promise form of setTimeout: a sleep in a loop.
const util = require('util');
const sleep = util.promisify(setTimeout);
const immediate = util.promisify(setImmediate);
async function countdown(n) {
    for (let i = n; i > 0; i--) {
        console.log('countdown', i);
        await sleep(10);
    }
    console.log('liftoff');
    console.log('promisified setImmediate gave', await immediate('x'));
    return n;
}
countdown(3).then((n) => console.log('counted', n));
const tp = require('timers/promises');
console.log('sleep is timers/promises.setTimeout:', sleep === tp.setTimeout);
