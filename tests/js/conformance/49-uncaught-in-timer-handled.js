// With an 'uncaughtException' listener a throw in a timer does not end the process: the
// listener runs at the throw, the rest of that callback is lost, later timers still run.
process.on('uncaughtException', (err, origin) => {
    console.log('handler:', err.message, `(${origin})`);
});
setTimeout(() => {
    console.log('timer 1 throws');
    throw new Error('boom in timer');
    // eslint-disable-next-line no-unreachable
    console.log('never printed');
}, 10);
setTimeout(() => console.log('timer 2 still runs'), 30);
process.on('exit', (code) => console.log('exit code', code));
