// Timers with the same delay fire in creation order; 0, -5, 0.5 and 1 all mean 1 ms, so they
// share one list and keep their order too.
for (let i = 1; i <= 3; i++) {
    setTimeout(() => console.log(`30 ms timer #${i}`), 30);
}
setTimeout(() => console.log('delay 1'), 1);
setTimeout(() => console.log('delay 0'), 0);
setTimeout(() => console.log('delay -5'), -5);
setTimeout(() => console.log('delay 0.5'), 0.5);
setTimeout(() => console.log('no delay'));
