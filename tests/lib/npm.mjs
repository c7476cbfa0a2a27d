// npm.mjs - the npm packages the tests need, pinned in tests/package.json and package-lock.json,
// installed with `npm ci` into BUILDDIR/npm once per build directory (again when the lock
// changes). No browser download: PUPPETEER_SKIP_DOWNLOAD is set.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

/**
 * Installs the pinned packages under BUILDDIR/npm if they are not there yet and returns that
 * directory; exits the test with a FAIL line when npm fails.
 */
export function npmInstall(root, build) {
    const dir = resolve(build, 'npm');
    const lock = readFileSync(join(root, 'tests', 'package-lock.json'), 'utf8');
    const stamp = join(dir, 'installed-lock.json');
    if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== lock) {
        mkdirSync(dir, {recursive: true});
        copyFileSync(join(root, 'tests', 'package.json'), join(dir, 'package.json'));
        copyFileSync(join(root, 'tests', 'package-lock.json'), join(dir, 'package-lock.json'));
        const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], {
            cwd: dir, encoding: 'utf8', env: {...process.env, PUPPETEER_SKIP_DOWNLOAD: '1'},
        });
        if (npm.status !== 0) {
            console.log(`FAIL  npm ci in ${dir} failed (is npm installed? ./run-tests does)`);
            console.log(String(npm.stderr || npm.error).split('\n').slice(0, 10).join('\n'));
            process.exit(1);
        }
        writeFileSync(stamp, lock);
    }
    return dir;
}

/** require() rooted at the installed packages. */
export function npmRequire(dir) {
    return createRequire(join(dir, 'package.json'));
}
