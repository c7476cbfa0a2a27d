// Contract row "The Node.js surface: process": process.exitCode = n is the code when the loop
// ends by itself.
process.on('exit', (code) => console.log('exit', code));
setTimeout(() => {
    process.exitCode = 5;
    console.log('exitCode set to', process.exitCode);
}, 1);
