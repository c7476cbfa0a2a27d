// Contract row "The Node.js surface: promises": an unhandled rejection, as Node 20 treats it
// by default (--unhandled-rejections=throw): the process ends with code 1 after the ticks and
// microtasks of the main script, and its 'exit' listeners run.
process.on('exit', (code) => console.log('exit', code));
Promise.reject(new Error('unhandled'));
process.nextTick(() => console.log('tick still runs'));
Promise.resolve().then(() => console.log('microtask still runs'));
setTimeout(() => console.log('never: the process ended'), 0);
console.log('main');
