// Contract row "Errors": a run-time TypeError nobody catches ends the process as node does:
// the 'exit' listeners run and the code is 1.
process.on('exit', (code) => console.log('exit', code));
const settings = null;
setTimeout(() => {
    console.log('timer');
    console.log(settings.value);
    console.log('never');
}, 1);
