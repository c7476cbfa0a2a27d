// Twin of scenarios/default.json: the welcome tour — main script, nextTick, promise, fs.readFile
// on the pool and its immediate, a client at 100 ms whose socket 'close' runs in the close phase,
// server.close by nextTick, and a 200 ms timer last.
'use strict';
process.stdout; // the first use of process.stdout costs milliseconds: pay it before the scenario
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const world = require('./outside').start();
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'loopsim-twin-')), 'data.txt');
fs.writeFileSync(file, 'hello\n');
process.on('exit', () => fs.rmSync(path.dirname(file), { recursive: true, force: true }));

console.log('main: the script runs first, top to bottom');
setTimeout(() => console.log('timers: the 200 ms timeout fires; nothing is left, so node exits'), 200);
fs.readFile(file, () => {
    console.log('poll: fs.readFile is done (open, fstat, read, close on the worker pool)');
    setImmediate(() => console.log('check: setImmediate runs right after the poll phase'));
});
process.nextTick(() => console.log('nextTick: runs as soon as the main script is done'));
Promise.resolve().then(() => console.log('promise: runs once the nextTick queue is empty'));
const server = net.createServer((socket) => {
    console.log('poll: a client connected at 100 ms');
    socket.on('close', () => {
        console.log("close: the socket's 'close' event runs in the close phase");
        server.close(() => console.log("nextTick: the server's 'close' event"));
    });
    socket.destroy();
});
server.listen(0, '127.0.0.1');
world.clients(server, [100]);
console.log('main: done scheduling; now the event loop starts');
