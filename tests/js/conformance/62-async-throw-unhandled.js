// An async function that throws after an await, called without a catch: an unhandled rejection,
// so the process dies with code 1 before the timer.
async function task() {
    console.log('task starts');
    await null;
    console.log('task throws');
    throw new Error('async failure');
}
process.on('exit', (code) => console.log('exit', code));
setTimeout(() => console.log('never: timer'), 20);
task();
console.log('main done');
