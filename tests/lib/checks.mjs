// checks.mjs - the tally of a test script: check() counts each assertion and prints a failing
// one with its detail; finish() prints "[NAME: ]N passed, N failed" and exits 1 on a failure.
// Uses node's standard library only.

export function makeChecks(name = '') {
    let passed = 0;
    let failed = 0;
    return {
        check(what, ok, detail) {
            if (ok) {
                passed++;
                return true;
            }
            failed++;
            console.log(`FAIL  ${what}${detail !== undefined && detail !== '' ?
                `\n      ${detail}` : ''}`);
            return false;
        },
        finish() {
            console.log(`${name ? name + ': ' : ''}${passed} passed, ${failed} failed`);
            process.exit(failed === 0 ? 0 : 1);
        },
    };
}
