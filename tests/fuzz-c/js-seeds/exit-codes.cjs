'use strict';
process.on('exit', (code) => console.log('exit', code));
process.exitCode = 3;
if (process.argv.length > 100) {
  return;
}
setTimeout(() => process.exit(2), 10);
