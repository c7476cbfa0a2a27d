// An uncaught exception sets the exit code to 1; an 'exit' listener can still change it.
process.exitCode = 9;
process.on('exit', (code) => {
    console.log('exit listener got', code);
    process.exitCode = 5;
});
setTimeout(() => {
    console.log('throwing');
    throw new Error('uncaught');
}, 5);
