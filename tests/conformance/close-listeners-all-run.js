// Twin of scenarios/close-listeners-all-run.json: server.close(cb) adds a once('close') listener
// and socket.destroy's `do` a 'close' listener; one emit runs every listener added by then.
'use strict';
process.stdout; // the first use of process.stdout costs milliseconds: pay it before the scenario
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const world = require('./outside').start();

// A server that listens at once (a pipe: no address lookup first), as the scenario's listen does.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopsim-twin-'));
const first = net.createServer().listen(path.join(dir, 'first.sock'));
first.close(() => console.log("nextTick: the first server's 'close' listener 1"));
process.nextTick(() => console.log('nextTick: queued between the two server.close calls'));
first.close(() => console.log('nextTick: listener 2, added by the second server.close'));

const second = net.createServer((socket) => {
    console.log('poll: a client connected');
    socket.on('close', () => console.log("close: the socket's 'close' listener 1"));
    socket.destroy();
    socket.on('close', () => console.log("close: listener 2: its destroy did nothing, but it hears the 'close'"));
    socket.destroy();
    setImmediate(() => console.log('check: before the close phase'));
    setTimeout(() => {
        console.log("timers: a listener added after 'close' never runs");
        socket.on('close', () => console.log('never printed'));
        socket.destroy();
    }, 5);
    second.close();
});
second.listen(0, '127.0.0.1');
world.clients(second, [10]);
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
console.log('main: done');
