// record.mjs - what node prints, over many runs, for the programs whose order `loopsim races`
// must explain (docs/races.md). Slow (a node process per run): run by hand, never by
// ./run-tests, which only compares `loopsim races` with what this wrote (tests/races/check.py).
//
//   node tests/races/record.mjs [--runs N] [--jobs J] [NAME...]
//
// For each program of PROGRAMS (or the NAMEs given), runs it N times (default 200), J at once
// (default 2: the second process is the load that makes the rarer order show; 1 for a program
// marked `// loopsim-conformance: exclusive`, CPU-bound, which the conformance runner also runs
// alone: a second copy would take the cores it measures), in the repository root, with
// NODE_OPTIONS and UV_THREADPOOL_SIZE removed from the environment, and writes
// tests/races/NAME.node.json: the program, the scenario `races` explores for it, node's version,
// the run count, the load average before and after, and every distinct standard output with how
// many runs printed it.
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, describeExit } from '../lib/spawn.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// name: [the node program, the scenario or program `loopsim races` explores for it]
const PROGRAMS = {
    'timeout-vs-immediate-in-main': ['tests/conformance/timeout-vs-immediate-in-main.js',
        'scenarios/timeout-vs-immediate-in-main.json'],
    'timeout-vs-immediate-chain': ['tests/conformance/timeout-vs-immediate-chain.js',
        'scenarios/timeout-vs-immediate-chain.json'],
    'timeout-vs-immediate-in-io': ['tests/conformance/timeout-vs-immediate-in-io.js',
        'scenarios/timeout-vs-immediate-in-io.json'],
    'timeout-vs-immediate-after-busy-main': [
        'tests/conformance/timeout-vs-immediate-after-busy-main.js',
        'scenarios/timeout-vs-immediate-after-busy-main.json'],
    'first-log-settles-the-race': ['tests/conformance/first-log-settles-the-race.js',
        'scenarios/first-log-settles-the-race.json'],
    '08-timeout-vs-immediate-in-io': ['tests/js/conformance/08-timeout-vs-immediate-in-io.js',
        'tests/js/conformance/08-timeout-vs-immediate-in-io.js'],
    '09-timeout-vs-immediate-in-timer': [
        'tests/js/conformance/09-timeout-vs-immediate-in-timer.js',
        'tests/js/conformance/09-timeout-vs-immediate-in-timer.js'],
    // Programs of this directory, one per choice point the shipped scenarios do not meet.
    'pool-two-pbkdf2': ['tests/races/programs/pool-two-pbkdf2.js',
        'tests/races/programs/pool-two-pbkdf2.js'],
    'late-timer-lists': ['tests/races/programs/late-timer-lists.js',
        'tests/races/programs/late-timer-lists.js'],
    'io-two-pipes': ['tests/races/programs/io-two-pipes.js',
        'tests/races/programs/io-two-pipes.json'],
    'immediate-then-timer': ['tests/races/programs/immediate-then-timer.js',
        'tests/races/programs/immediate-then-timer.js'],
    'pool-batch': ['tests/races/programs/pool-batch.js', 'tests/races/programs/pool-batch.js'],
    'io-batch': ['tests/races/programs/io-batch.js', 'tests/races/programs/io-batch.json'],
    // CPU contention (cpu-ahead): eight pbkdf2 jobs share two cores; exclusive, so run alone.
    'pool-shares-two-cores': ['tests/conformance/pool-shares-two-cores.js',
        'scenarios/pool-shares-two-cores.json'],
};

function parseArgs(argv) {
    const opts = { runs: 200, jobs: null, names: [] };
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === '--runs' || argv[i] === '--jobs') {
            opts[argv[i].slice(2)] = Number(argv[++i]);
        } else if (PROGRAMS[argv[i]]) {
            opts.names.push(argv[i]);
        } else {
            throw new Error(`unknown argument or program: ${argv[i]}`);
        }
    }
    if (!(opts.runs >= 1 && (opts.jobs === null || opts.jobs >= 1))) {
        throw new Error('--runs and --jobs take a positive number');
    }
    return opts;
}

const env = { ...process.env };
delete env.NODE_OPTIONS;
delete env.UV_THREADPOOL_SIZE;

// Runs `program` `runs` times, `jobs` at once; resolves to a Map output -> count.
async function record(program, runs, jobs) {
    const counts = new Map();
    let started = 0;
    async function stream() {
        while (started < runs) {
            started++;
            const r = await run(process.execPath, [program], root, 60, env);
            if (r.code !== 0) {
                throw new Error(`${program}: ${describeExit(r)}: ${r.stderr}`);
            }
            counts.set(r.stdout, (counts.get(r.stdout) || 0) + 1);
        }
    }
    await Promise.all(Array.from({ length: jobs }, stream));
    return counts;
}

const opts = parseArgs(process.argv.slice(2));
for (const name of opts.names.length > 0 ? opts.names : Object.keys(PROGRAMS)) {
    const [program, races] = PROGRAMS[name];
    const exclusive = /^\/\/ loopsim-conformance: exclusive\b/m.test(
        readFileSync(join(root, program), 'utf8'));
    const jobs = opts.jobs ?? (exclusive ? 1 : 2);
    const before = loadavg()[0];
    const counts = await record(program, opts.runs, jobs);
    const outputs = [...counts.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([out, count]) => ({ output: out.split('\n').filter((l, i, a) =>
            i < a.length - 1 || l !== ''), count }));
    const rec = {
        program, races, node: process.version, runs: opts.runs, jobs,
        loadavg: [Number(before.toFixed(2)), Number(loadavg()[0].toFixed(2))], outputs,
    };
    writeFileSync(join(root, 'tests', 'races', `${name}.node.json`),
        JSON.stringify(rec, null, 2) + '\n');
    console.log(`${name}: ${outputs.map((o) => o.count).join(' / ')} of ${opts.runs} runs`);
}
