// Contract row "The Node.js surface: fs": fs.read fills the buffer it is given with the bytes
// it read, and passes it to its callback.
const fs = require('fs');
fs.open(__filename, 'r', (err, fd) => {
    const buffer = Buffer.alloc(8);
    fs.read(fd, buffer, 0, 8, 3, (err, bytesRead, same) => {
        console.log(err, bytesRead, `${buffer}`, same === buffer);
        fs.close(fd, (err) => console.log('closed', err));
    });
});
