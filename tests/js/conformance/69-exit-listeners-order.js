// 'exit' listeners run in registration order with the code; process.exit() without an
// argument uses process.exitCode.
process.on('exit', (code) => console.log('first exit listener', code));
process.once('exit', (code) => console.log('once exit listener', code));
process.on('exit', () => console.log('third exit listener'));
process.exitCode = 2;
setImmediate(() => {
    console.log('immediate calls process.exit()');
    process.exit();
});
