// Twin of scenarios/server-keeps-process-alive.json: a listening server keeps the process alive
// until server.close(); small writes call back by nextTick; 'exit' comes last.
'use strict';
process.stdout; // the first use of process.stdout costs milliseconds: pay it before the scenario
const net = require('net');
const world = require('./outside').start();

process.on('exit', () => console.log('exit: nothing keeps the loop alive any more'));
const server = net.createServer((socket) => {
    console.log('a client connected');
    socket.write('hello\n', () => {
        console.log('the reply is written (write callbacks come by nextTick)');
        socket.destroy();
    });
});
server.listen(0, '127.0.0.1');
world.clients(server, [30, 60]);
setTimeout(() => {
    console.log('150 ms: server.close()');
    server.close(() => console.log("the server's 'close' event"));
}, 150);
console.log('main: the server is listening; the process stays alive');
