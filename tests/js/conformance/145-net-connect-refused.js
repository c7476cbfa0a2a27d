// A connect to a port nothing listens on fails at once on this machine: Node has destroyed the
// socket when its 'error' listener runs (before the immediate queued beside it), and 'close'
// (with hadError true) follows in the close phase.
const net = require('net');
const server = net.createServer();
server.listen(0, () => {
    const port = server.address().port;
    server.close(() => {
        console.log('server closed: its port is free');
        const socket = net.connect(port, '127.0.0.1');
        socket.on('error', (err) => console.log('error:', err.code, err.syscall));
        socket.on('close', (hadError) => console.log('close, hadError', hadError));
        setImmediate(() => console.log('check: immediate'));
    });
});
