// args.mjs - the command line of the JavaScript test tools, on node's util.parseArgs.
//
// Each tool describes its options once, as util.parseArgs takes them plus two keys of its own:
// `min` (the option is a whole number >= min; its value comes back as a number) and `help` (the
// line --help shows for it). parseCommandLine then handles --help, usage errors (a message and
// the usage on stderr, exit status 2) and the conversion of numbers, so no tool hand-writes a
// loop over process.argv.
import { accessSync, constants, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

// The usage text: the synopsis, then one line per option that has a `help`.
function usageText(spec) {
    const lines = [`usage: ${spec.synopsis}`];
    for (const [name, o] of Object.entries(spec.options)) {
        if (o.help !== undefined) {
            const flag = `--${name}${o.type === 'string' ? ` ${o.placeholder || 'VALUE'}` : ''}`;
            lines.push(`  ${flag.padEnd(18)} ${o.help}`);
        }
    }
    return lines.join('\n');
}

/** Prints `message` and the usage of `spec` on stderr and exits with status 2. */
export function usageError(spec, message) {
    process.stderr.write(`${spec.script}: ${message}\n${usageText(spec)}\n`);
    process.exit(2);
}

// `text` as a whole number >= min, or a usage error.
function wholeNumber(spec, name, text, min) {
    const n = Number(text);
    if (text === '' || !Number.isSafeInteger(n) || n < min) {
        usageError(spec, `--${name} needs a whole number >= ${min}, got "${text}"`);
    }
    return n;
}

/**
 * Parses `argv` by `spec`: { script (the name in messages), synopsis (the usage line after
 * "usage: "), options (util.parseArgs options with `min`, `help`, `placeholder`), positionals
 * (true when arguments that are not options are allowed) }. Returns { values, positionals },
 * whole-number options as numbers; --help prints the usage and exits 0.
 */
export function parseCommandLine(argv, spec) {
    const options = { help: { type: 'boolean', short: 'h' } };
    for (const [name, o] of Object.entries(spec.options)) {
        options[name] = { type: o.type, ...(o.short ? { short: o.short } : {}) };
    }
    let parsed;
    try {
        parsed = parseArgs({ args: argv, options, allowPositionals: Boolean(spec.positionals),
                             strict: true });
    } catch (e) {
        usageError(spec, e.message.replace(/\. To specify a positional.*$/s, '.'));
    }
    if (parsed.values.help) {
        process.stdout.write(usageText(spec) + '\n');
        process.exit(0);
    }
    const values = {};
    for (const [name, o] of Object.entries(spec.options)) {
        const v = parsed.values[name];
        if (v === undefined) {
            values[name] = o.default;
        } else {
            values[name] = o.min !== undefined ? wholeNumber(spec, name, v, o.min) : v;
        }
    }
    return { values, positionals: parsed.positionals };
}

/** The spec of a whole-number option: >= min, `def` when absent, shown as --NAME placeholder. */
export function wholeOption(min, def, placeholder, help) {
    return { type: 'string', min, default: def, placeholder, help };
}

/** Options every runner of node and loopsim takes alike. */
export const TIMEOUT_OPTION = wholeOption(1, 20, 'S', 'seconds before a run is killed (default 20)');
export const JOBS_OPTION = wholeOption(1, 2, 'J', 'processes at once (default 2)');

/** The absolute path of the executable `path`, or a usage error saying how to build it. */
export function executable(spec, path) {
    const abs = resolve(path);
    try {
        accessSync(abs, constants.X_OK);
    } catch {
        usageError(spec, `${abs} is not an executable file (build it: ./loopsim --version)`);
    }
    return abs;
}

/**
 * The command line of a generator that writes one file set per seed into a folder:
 * `--seed N --out DIR [--count K]`; `write(dir, seed)` writes the set of seed N, N+1, ...
 * (`what` names them in the help: "case", "program").
 */
export function seededWriterMain(argv, script, what, write) {
    const spec = {
        script,
        synopsis: `node tests/fuzz/${script} --seed N --out DIR [--count K]`,
        options: {
            seed: wholeOption(0, undefined, 'N', `the first ${what}'s seed`),
            out: {
                type: 'string', placeholder: 'DIR', help: `where the ${what}s go (made if missing)`,
            },
            count: wholeOption(1, 1, 'K', `${what}s (default 1)`),
        },
    };
    const { values } = parseCommandLine(argv, spec);
    if (values.seed === undefined || values.out === undefined) {
        usageError(spec, '--seed and --out are required');
    }
    mkdirSync(values.out, { recursive: true });
    for (let k = 0; k < values.count; k++) {
        write(values.out, values.seed + k);
    }
}
