// socket.end(data): the data is written, then the socket ends. The client never reads the
// bytes, so its stream never ends ('end' never comes) and it stops reading; the server's socket
// waits for the client's FIN until the client destroys its socket, and then closes.
const net = require('net');
const server = net.createServer((s) => {
    s.end('bye', () => console.log('server: end cb'));
    s.on('close', () => { console.log('server close'); server.close(); });
});
server.listen(0, () => {
    const c = net.connect(server.address().port, '127.0.0.1');
    c.on('end', () => console.log('client end (never: unread bytes)'));
    c.on('close', () => console.log('client close'));
    setTimeout(() => { console.log('timer: client destroys'); c.destroy(); }, 20);
});
process.on('exit', () => console.log('exit'));
