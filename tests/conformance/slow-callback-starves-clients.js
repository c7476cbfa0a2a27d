// Twin of scenarios/slow-callback-starves-clients.json: clients connecting at 50, 100, 150 ms are
// accepted only after a 200 ms synchronous handler (10..210 ms) returns.
'use strict';
process.stdout; // the first use of process.stdout costs milliseconds: pay it before the scenario
const net = require('net');
const world = require('./outside').start();
const block = (ms) => { const end = performance.now() + ms; while (performance.now() < end); };

const server = net.createServer((socket) => {
    console.log('a client connected (late: it waited for the slow handler)');
    socket.destroy();
});
server.listen(0, '127.0.0.1');
world.clients(server, [50, 100, 150]);
setTimeout(() => {
    console.log('a slow request handler starts: 200 ms of synchronous work');
    block(200);
    console.log('the slow handler is done; the waiting clients can be accepted');
}, 10);
setTimeout(() => server.close(() => console.log('server closed')), 400);
