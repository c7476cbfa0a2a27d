// Contract row "The Node.js surface: modules": require of fs, fs/promises, crypto, zlib, dns,
// events, timers, timers/promises and util, with or without the node: prefix; __filename and
// __dirname.
const names = ['fs', 'fs/promises', 'crypto', 'zlib', 'dns', 'events', 'timers',
    'timers/promises', 'util'];
const mods = [require('fs'), require('fs/promises'), require('crypto'), require('zlib'),
    require('dns'), require('events'), require('timers'), require('timers/promises'),
    require('util')];
const prefixed = [require('node:fs'), require('node:fs/promises'), require('node:crypto'),
    require('node:zlib'), require('node:dns'), require('node:events'), require('node:timers'),
    require('node:timers/promises'), require('node:util')];
for (let i = 0; i < names.length; i++) {
    console.log(names[i], typeof mods[i], mods[i] === prefixed[i]);
}
console.log(typeof require('fs').stat, typeof require('events').EventEmitter);
console.log('__filename', __filename.endsWith('/60-require.js'));
console.log('__dirname', __filename === `${__dirname}/60-require.js`);
