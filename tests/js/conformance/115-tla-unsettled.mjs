// A top-level await that never settles: the loop runs dry, 'exit' still says 0, but node exits
// with status 13.
process.on('exit', (code) => console.log('exit event, code', code));
setTimeout(() => console.log('the timer runs'), 10);
console.log('before await');
await new Promise(() => {});
console.log('never: after await');
