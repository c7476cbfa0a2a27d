// The process survives a handled uncaught exception with exit code 0 unless the handler sets
// process.exitCode.
process.on('uncaughtException', (err) => {
    console.log('handled', err.message);
    process.exitCode = 3;
});
process.on('exit', (code) => console.log('exit with', code));
setTimeout(() => {
    throw new Error('first');
}, 5);
setTimeout(() => console.log('later timer runs'), 40);
