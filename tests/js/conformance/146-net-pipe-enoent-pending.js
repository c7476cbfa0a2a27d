// A connect to a pipe that is not there fails at once, and libuv reports it from the pending
// phase of the next iteration (uv__io_feed): from a timer, the 'error' listener runs before the
// immediate the timer queued first.
const net = require('net');
setTimeout(() => {
    console.log('timer');
    setImmediate(() => console.log('check: immediate'));
    const socket = net.connect('/nonexistent-loopsim-dir/no.sock');
    socket.on('error', (err) => {
        console.log('error:', err.code);
        process.nextTick(() => console.log('tick from the error listener'));
    });
    socket.on('close', () => console.log('close'));
}, 1);
