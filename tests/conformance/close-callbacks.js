// Twin of scenarios/close-callbacks.json: close callbacks run in the close phase after check,
// newest first (the server handle closed after the socket reports first).
'use strict';
process.stdout; // the first use of process.stdout costs milliseconds: pay it before the scenario
const net = require('net');
const world = require('./outside').start();

const server = net.createServer((socket) => {
    console.log('poll: a client connected');
    socket.on('close', () => console.log("close: the socket's 'close' (closed first, runs second)"));
    socket.destroy();
    // The scenario's `close` op on the listen handle: uv_close with a callback, which the public
    // server.close() does without one.
    server._handle.close(() => console.log("close: the server handle's close callback (closed last, runs first)"));
    setTimeout(() => console.log('timers: after the close phase'), 0);
    setImmediate(() => console.log('check: runs before any close callback'));
    process.nextTick(() => console.log('nextTick: right after the connection callback'));
});
server.listen(0, '127.0.0.1');
world.clients(server, [20]);
