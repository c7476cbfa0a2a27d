// 'beforeExit' listeners get process.exitCode (0 when unset), every listener of one emit the
// same value, even when one of them changes it; 'exit' then gets the code as it is at exit.
// Found by the differential fuzzer (tests/fuzz/jsgen.mjs, program 50).
process.exitCode = 2;
process.once('beforeExit', (code) => {
    console.log('beforeExit 1', code);
    process.exitCode = 3;
});
process.once('beforeExit', (code) => console.log('beforeExit 2', code));
process.on('exit', (code) => {
    console.log('exit', code);
    process.exitCode = 4;
});
console.log('main done');
