// Contract row "The Node.js surface: util": require('timers/promises'): setTimeout(ms, value)
// and setImmediate(value).
const timersPromises = require('timers/promises');
const { setTimeout: sleep } = require('node:timers/promises');
async function main() {
    console.log('setImmediate', await timersPromises.setImmediate('first'));
    console.log('setTimeout', await timersPromises.setTimeout(5, 'second'));
    console.log('setTimeout without a value', await sleep(1));
}
main();
