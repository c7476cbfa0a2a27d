// Twin of scenarios/phases-of-one-iteration.json: from a connection callback (poll), an immediate
// (check), a socket 'close' (close), a setTimeout 0 (timers) and a failing pipe connect whose
// error libuv defers to the next iteration's pending phase.
'use strict';
process.stdout; // the first use of process.stdout costs milliseconds: pay it before the scenario
const net = require('net');
const world = require('./outside').start();

console.log('main: the script runs before the loop starts');
const server = net.createServer((socket) => {
    console.log('poll: a client connected (I/O callbacks run in the poll phase)');
    setImmediate(() => console.log('check: setImmediate callbacks run right after poll'));
    socket.on('close', () => console.log("close: the socket's 'close' event runs in the close phase"));
    socket.destroy();
    setTimeout(() => {
        console.log('timers: setTimeout callbacks run at the end of the iteration');
        server.close();
        // io deferred: a pipe connect that fails at once; libuv reports it from the pending phase.
        world.ioDeferred(() => console.log('pending: a deferred I/O callback opens the next iteration'));
    }, 0);
});
server.listen(0, '127.0.0.1');
world.clients(server, [20]);
