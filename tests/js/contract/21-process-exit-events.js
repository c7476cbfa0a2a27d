// Contract row "The Node.js surface: process": process.on, once and off for 'beforeExit' and
// 'exit'; a 'beforeExit' listener that schedules work keeps the process going.
let rounds = 0;
function dropped() {
    console.log('never: removed with off');
}
process.on('beforeExit', dropped);
process.off('beforeExit', dropped);
process.on('beforeExit', (code) => {
    rounds++;
    console.log('beforeExit', code, rounds);
    if (rounds < 3) {
        setTimeout(() => console.log('timer from beforeExit', rounds), 1);
    }
});
process.once('beforeExit', () => console.log('beforeExit once'));
process.on('exit', (code) => {
    console.log('exit', code, rounds);
    setTimeout(() => console.log('never: no loop after exit'), 0);
});
process.once('exit', () => console.log('exit once'));
console.log('main');
