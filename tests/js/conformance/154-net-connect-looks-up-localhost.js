// net.connect(port) goes to localhost, a name: dns.lookup finds it first, a pool job whose
// callback emits 'lookup' (address 127.0.0.1, family 4) and begins the connect, after the tick
// the main script queued; the connection and 'connect' come in a later poll.
const net = require('net');
const server = net.createServer((socket) => {
    console.log('server: connection');
    socket.destroy();
    server.close();
});
server.listen(0, () => {
    const client = net.connect(server.address().port, () => console.log('client: connect'));
    client.on('lookup', (err, address, family, host) => {
        console.log('client: lookup', err, address, family, host);
    });
    process.nextTick(() => console.log('tick'));
});
