// A client of the program's own server: in the poll phase after net.connect, the server's
// 'connection' comes before the client's 'connect' (the listen socket is ready first), and an
// immediate queued with the connect runs after both. 'listening' comes by process.nextTick.
const net = require('net');
const server = net.createServer((socket) => {
    console.log('server: connection');
    socket.destroy();
    server.close(() => console.log('server: close'));
});
server.listen(0, () => console.log('server: listening'));
process.nextTick(() => console.log('tick queued after listen'));
setTimeout(() => {
    console.log('timer: connecting');
    const client = net.connect(server.address().port, '127.0.0.1', () => {
        console.log('client: connect');
    });
    client.on('close', () => console.log('client: close'));
    setImmediate(() => console.log('check: immediate'));
}, 5);
console.log('main: done');
