// When the server destroys its socket, the client reads EOF in a later poll ('end'), ends its
// own side and closes ('close'); the server's close callback waits for its socket only.
const net = require('net');
const server = net.createServer((socket) => {
    console.log('server: connection');
    socket.on('close', () => console.log('server socket: close'));
    socket.destroy();
    server.close(() => console.log('server: close'));
});
server.listen(0, () => {
    const client = net.connect(server.address().port, '127.0.0.1', () => {
        console.log('client: connect');
    });
    client.on('end', () => console.log('client: end'));
    client.on('close', (hadError) => console.log('client: close, hadError', hadError));
});
process.on('exit', () => console.log('exit'));
