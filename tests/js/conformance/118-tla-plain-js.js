// A .js file with top-level await is run as an ES module (node 20 detects the syntax), so it
// follows the ES module order: promise jobs before ticks, immediate before timeout 0.
setTimeout(() => console.log('timeout 0'), 0);
setImmediate(() => console.log('immediate'));
process.nextTick(() => console.log('nextTick'));
Promise.resolve().then(() => console.log('promise.then'));
console.log('typeof require:', typeof require);
await null;
console.log('after await null');
