// spawn.mjs - running a child process with a time limit, shared by the fuzz and conformance
// runners and the shrinker.
import { spawn } from 'node:child_process';

/**
 * Runs `cmd args` in `cwd` (with the environment `env`, default this process's); resolves to
 * { code, signal, stdout, stderr, timedOut }.
 */
export function run(cmd, args, cwd, timeoutS, env = process.env) {
    return new Promise((done) => {
        const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
        const out = [];
        const err = [];
        let timedOut = false;
        const timer = setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
        }, timeoutS * 1000);
        child.stdout.on('data', (d) => out.push(d));
        child.stderr.on('data', (d) => err.push(d));
        child.on('error', (e) => err.push(Buffer.from(String(e))));
        child.on('close', (code, signal) => {
            clearTimeout(timer);
            done({
                code, signal, timedOut,
                stdout: Buffer.concat(out).toString('utf8'),
                stderr: Buffer.concat(err).toString('utf8'),
            });
        });
    });
}

/** How a run of `run` ended, for a message: "timed out", "killed by SIG…", "exit status N". */
export function describeExit(r) {
    if (r.timedOut) {
        return 'timed out';
    }
    if (r.code === null) {
        return r.signal ? `killed by ${r.signal}` : `could not start: ${r.stderr}`;
    }
    return `exit status ${r.code}`;
}
