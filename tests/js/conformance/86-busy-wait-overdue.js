// A 60 ms busy wait in the main script makes both timers overdue: they run in the first timers
// pass, by expiry, before the immediate.
setTimeout(() => console.log('timer 30'), 30);
setTimeout(() => console.log('timer 10'), 10);
setImmediate(() => console.log('immediate'));
const start = Date.now();
while (Date.now() - start < 60) {
    // the loop cannot run while the main script spins
}
console.log('busy wait over');
