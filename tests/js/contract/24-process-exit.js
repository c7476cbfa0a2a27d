// Contract row "The Node.js surface: process": process.exit(code) ends at once, after the
// 'exit' listeners, with that code.
process.on('exit', (code) => console.log('exit listener', code, process.exitCode));
setTimeout(() => console.log('never: the process has exited'), 0);
process.nextTick(() => console.log('never: exit does not wait for ticks'));
console.log('before exit');
process.exit(3);
console.log('never: after exit');
