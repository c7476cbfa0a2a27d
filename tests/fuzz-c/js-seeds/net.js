// net, the extension: a server of the program, its clients, a refused port, a missing pipe,
// writes, destroys, the other end's 'end', server.close and the listen handle's close.
const net = require('net');
const server = net.createServer((socket) => {
    socket.write('a', (err) => console.log('written', err));
    socket.on('close', (hadError) => console.log('server socket closed', hadError));
    socket.destroy();
    server._handle.close(() => console.log('listen handle closed'));
});
server.listen(0, () => {
    const client = net.connect({ port: server.address().port, host: '127.0.0.1' }, () => {
        console.log('connected');
    });
    client.on('end', () => console.log('end'));
    client.on('close', () => server.close((err) => console.log('closed', err && err.code)));
});
net.connect(1, '127.0.0.1').on('error', (err) => console.log(err.code));
net.connect('/nonexistent/loopsim.sock').on('error', (err) => console.log(err.code));
const idle = net.createServer().listen('/tmp/loopsim-seed.sock').unref();
idle.ref();
idle.close();
