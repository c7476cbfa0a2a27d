// Contract row "The Node.js surface: dns": dns.lookup (a pool job) and dns.resolve and
// resolve4 (c-ares, no pool). The machine's DNS server knows no name, not even localhost.
const dns = require('dns');
dns.lookup('localhost', { family: 4 }, (err, address, family) => {
    console.log('lookup', err, address, family);
    dns.lookup('127.0.0.1', (err, address, family) => {
        console.log('lookup of an address', err, address, family);
        dns.resolve4('localhost', (err) => {
            console.log('resolve4', err.code, err.syscall);
            dns.resolve('localhost', 'A', (err) => {
                console.log('resolve', err.code, err.syscall);
            });
        });
    });
});
