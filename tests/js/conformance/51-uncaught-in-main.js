// A throw in the main script: the rest of the script is skipped and nothing queued runs; the
// 'exit' listener sees code 1.
process.on('exit', (code) => console.log('exit', code));
setTimeout(() => console.log('never: timer'), 0);
setImmediate(() => console.log('never: immediate'));
process.nextTick(() => console.log('never: nextTick'));
Promise.resolve().then(() => console.log('never: promise'));
console.log('about to throw');
const o = {};
o.missing();
console.log('never: after the throw');
