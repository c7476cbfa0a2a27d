// Twin of scenarios/immediate-queue-swap.json: an immediate queued during the check phase runs
// only in the next iteration — after this iteration's close phase.
'use strict';
process.stdout; // the first use of process.stdout costs milliseconds: pay it before the scenario
const net = require('net');
const world = require('./outside').start();

const server = net.createServer((socket) => {
    console.log('a client connected');
    setImmediate(() => {
        console.log('I1');
        setImmediate(() => console.log('I3, queued by I1 during the check phase'));
        process.nextTick(() => console.log('tick from I1'));
        Promise.resolve().then(() => console.log('promise from I1'));
    });
    setImmediate(() => {
        console.log('I2');
        process.nextTick(() => console.log('tick from I2'));
    });
    socket.on('close', () => console.log("close phase: the socket's 'close' event"));
    socket.destroy();
    server.close();
});
server.listen(0, '127.0.0.1');
world.clients(server, [20]);
