// An 'uncaughtException' listener that throws itself: node prints that error and exits with
// code 7 at once, without emitting 'exit' (the listener below never prints).
process.on('exit', (code) => console.log('exit listener, code', code));
process.on('uncaughtException', (err) => {
    console.log('handler got', err.message, '- and throws');
    throw new Error('thrown by the handler');
});
setTimeout(() => {
    console.log('timer throws');
    throw new Error('original');
}, 5);
setTimeout(() => console.log('never: later timer'), 30);
