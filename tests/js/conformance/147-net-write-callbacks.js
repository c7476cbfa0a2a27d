// socket.write's callback runs by process.nextTick; two writes with the same callback share one
// tick, which calls it twice; after destroy() a write's callback gets ERR_STREAM_DESTROYED.
const net = require('net');
const server = net.createServer((socket) => {
    const done = (err) => console.log('write done', err === null ? 'ok' : err.code);
    socket.write('a', done);
    process.nextTick(() => console.log('tick between the writes'));
    socket.write('b', done);
    socket.write('c', () => console.log('a write with its own callback'));
    socket.destroy();
    console.log('write after destroy returns', socket.write('d', done));
    server.close();
});
server.listen(0, () => {
    const client = net.connect(server.address().port, '127.0.0.1');
    client.on('error', () => {});
});
