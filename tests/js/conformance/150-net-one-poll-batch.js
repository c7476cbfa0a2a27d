// Three fds ready for one poll: a connect to an address begins in a nextTick, and the fds of the
// connects join epoll's ready list when poll registers them, behind the listen socket that their
// handshake made ready first. So the server's 'connection' comes before the refused connect's
// 'error', which was started earlier, and the client's 'connect' comes last.
const net = require('net');
const refused = net.connect(1, '127.0.0.1');
refused.on('error', (err) => console.log('refused:', err.code));
const server = net.createServer((socket) => {
    console.log('server: connection');
    socket.destroy();
    server.close();
});
server.listen(0, () => {
    net.connect(server.address().port, '127.0.0.1', () => console.log('client: connect'));
});
