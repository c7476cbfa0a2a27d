// Close callbacks: a destroyed socket
//
// `socket.destroy()` closes the socket's handle, and libuv calls the close callback, which
// emits 'close', in the close phase: the last phase of an iteration, after check. A timer
// set in the same callback waits for the next iteration's timers phase.
// loopsim: level 3
// loopsim: prompt In what order do the five lines print?
// loopsim: hint The 'connect' callback runs in the poll phase. Which phases follow it?
// loopsim: hint Close callbacks have a phase of their own.
const net = require('net');
const server = net.createServer();
server.listen(0, '127.0.0.1', () => {
    const socket = net.connect(server.address().port, '127.0.0.1', () => {
        console.log('connected');
        socket.destroy();
        socket.on('close', () => {
            console.log('socket closed');
            server.close();
        });
        setTimeout(() => console.log('timeout'), 0);
        setImmediate(() => console.log('immediate'));
        process.nextTick(() => console.log('tick'));
    });
});
