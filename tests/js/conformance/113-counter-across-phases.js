// One counter bumped by callbacks of every kind: the log shows the order the loop ran them.
let n = 0;
const log = (what) => console.log(`${++n}. ${what}`);
setImmediate(() => {
    log('immediate');
    process.nextTick(() => log('tick from immediate'));
    setTimeout(() => log('timeout from immediate'), 0);
});
process.nextTick(() => log('tick'));
Promise.resolve().then(() => log('promise'));
queueMicrotask(() => log('microtask'));
(async () => {
    log('async body (sync part)');
    await null;
    log('async body after await');
})();
log('main end');
