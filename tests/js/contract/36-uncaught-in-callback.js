// Contract row "The Node.js surface: exceptions": an uncaught exception in a callback ends the
// process: the 'exit' listeners run and the code is 1.
process.on('exit', (code) => console.log('exit', code));
setTimeout(() => {
    console.log('timer throws');
    throw new Error('uncaught');
}, 1);
setTimeout(() => console.log('never: the process ended'), 30);
