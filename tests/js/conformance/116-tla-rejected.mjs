// A top-level await of a rejected promise is an uncaught exception: exit code 1, and the pending
// timer never runs.
process.on('exit', (code) => console.log('exit event, code', code));
setTimeout(() => console.log('never: timer'), 10);
process.nextTick(() => console.log('tick still runs'));
console.log('before await');
await Promise.reject(new Error('top-level failure'));
console.log('never: after await');
