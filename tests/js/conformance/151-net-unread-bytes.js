// Bytes the other end never reads keep its stream from ending: after the server writes and
// destroys its socket, the client's 'end' and 'close' never come, and its reading stops, so it
// no longer keeps the process alive. Without the write, 'end' and 'close' come.
const net = require('net');
function run(write, next) {
    const server = net.createServer((socket) => {
        if (write) {
            socket.write('a');
        }
        socket.destroy();
        server.close(() => console.log(write ? 'with a write:' : 'without:', 'server closed'));
    });
    server.listen(0, () => {
        const client = net.connect(server.address().port, '127.0.0.1');
        client.on('end', () => console.log('client: end'));
        client.on('close', () => {
            console.log('client: close');
            next();
        });
    });
}
run(false, () => run(true, () => console.log('never')));
process.on('exit', () => console.log('exit'));
