// Contract row "The Node.js surface: process": process.on('uncaughtException'): the process
// goes on after a throw in a callback; process.off removes a listener.
function first(err) {
    console.log('uncaughtException', err.message);
}
process.on('uncaughtException', first);
setTimeout(() => {
    throw new Error('from a timer');
}, 1);
setTimeout(() => {
    process.off('uncaughtException', first);
    process.on('uncaughtException', (err) => console.log('second listener', err.message));
    setImmediate(() => {
        throw new TypeError('from an immediate');
    });
}, 20);
process.on('exit', (code) => console.log('exit', code));
