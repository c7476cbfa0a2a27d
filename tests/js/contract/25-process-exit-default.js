// Contract row "The Node.js surface: process": process.exit() with no code exits with
// process.exitCode.
process.exitCode = 4;
setTimeout(() => {
    console.log('timer');
    process.exit();
}, 1);
process.on('exit', (code) => console.log('exit', code));
