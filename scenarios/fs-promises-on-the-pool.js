// fs.promises runs on the worker pool, and one busy worker makes it wait
//
// A file call does not run on the main thread: libuv hands it to its worker pool, of
// UV_THREADPOOL_SIZE threads (4 by default, read when the pool is first used). Here the pool
// has one thread, and a long pbkdf2 holds it, so even a tiny `stat` queues behind the hash.
// The loop itself is free meanwhile: the immediate and the timer it sets run long before.
process.env.UV_THREADPOOL_SIZE = '1';
const crypto = require('crypto');
const fsp = require('fs/promises');
crypto.pbkdf2('secret', 'salt', 1000000, 32, 'sha256', () => { // loopsim: 150ms
    console.log('pbkdf2 done: the worker is free again');
});
async function statNow() {
    const st = await fsp.stat(__filename); // loopsim: 1ms
    console.log('stat done after the hash; size > 0:', st.size > 0);
}
statNow();
setImmediate(() => {
    console.log('immediate: the loop is not blocked');
    setTimeout(() => console.log('timer 20 ms later: the stat is still queued'), 20);
});
console.log('two pool requests made');

// loopsim: expect
// two pool requests made
// immediate: the loop is not blocked
// timer 20 ms later: the stat is still queued
// pbkdf2 done: the worker is free again
// stat done after the hash; size > 0: true
