// Contract row "The Node.js surface: process": process.once('uncaughtException') runs for the
// first uncaught exception only; the next one goes to the remaining listener.
process.once('uncaughtException', (err) => console.log('once', err.message));
process.on('uncaughtException', (err) => console.log('on', err.message));
setTimeout(() => {
    throw new Error('one');
}, 1);
setTimeout(() => {
    throw new Error('two');
}, 20);
