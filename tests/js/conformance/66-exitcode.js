// process.exitCode sets the code the process ends with when the loop runs dry; it can be read
// and changed until then.
process.exitCode = 4;
console.log('exitCode now', process.exitCode);
setTimeout(() => {
    process.exitCode = 6;
    console.log('timer changed it to', process.exitCode);
}, 10);
process.on('exit', (code) => console.log('exit listener got', code));
