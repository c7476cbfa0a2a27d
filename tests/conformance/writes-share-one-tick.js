// Twin of scenarios/writes-share-one-tick.json: consecutive small writes that pass the same
// callback function share one after-write nextTick, which calls it once per write.
'use strict';
process.stdout; // the first use of process.stdout costs milliseconds: pay it before the scenario
const net = require('net');
const world = require('./outside').start();

function w() {
    console.log('nextTick: w, the callback the writes share');
}

const server = net.createServer((socket) => {
    console.log('poll: a client connected; write(a, w), nextTick(t), write(b, w), write(c, w2), write(d, w)');
    socket.write('a', w);
    process.nextTick(() => console.log('nextTick: t, queued between the first two writes'));
    socket.write('b', w);
    socket.write('c', () => console.log('nextTick: w2, another callback: a tick of its own'));
    socket.write('d', w);
    socket.write('e');
    process.nextTick(() => console.log("nextTick: t2, after the writes' ticks"));
    socket.write('f');
    socket.destroy();
    server.close();
});
server.listen(0, '127.0.0.1');
world.clients(server, [10]);
