// A timer callback that busy-waits makes later timers late; a timer due during the wait runs in
// the next timers pass, after the immediate the busy timer queued.
setTimeout(() => {
    console.log('busy timer starts');
    setImmediate(() => console.log('immediate from the busy timer'));
    const start = Date.now();
    while (Date.now() - start < 300) {
        // spin
    }
    console.log('busy timer ends');
}, 10);
setTimeout(() => console.log('200 ms timer, run late'), 200);
