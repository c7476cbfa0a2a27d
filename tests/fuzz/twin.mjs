// twin.mjs - the differential fuzzer's twin writer: a scenario of gen.mjs's shapes as the Node
// program it stands for.
//
// The twin is not generated beside the scenario: it is translated from it (scenarioToJs), so
// a scenario cut down by shrink.mjs gets its twin the same way. Every op gen.mjs makes has a
// case in Twin.statement; an op it does not know is an error, not a silent gap.
//
// Timed programs hold their order only while the machine keeps up: see before() below, and the
// slot rules in gen.mjs's header.

/** The spacing of the slots of long timers that gen.mjs sets from main: 50, 100, 150, 200 ms. */
export const SLOT_MS = 50;

// The ops whose `id` names the handle they make (the others' `id` refers to one).
const HANDLE_OPS = new Set(['setTimeout', 'setInterval', 'setImmediate']);

function collectIds(body, functions, ids) {
    if (typeof body === 'string') {
        return;
    }
    for (const s of body) {
        if (typeof s !== 'object') {
            continue;
        }
        if (s.id !== undefined && HANDLE_OPS.has(s.op)) {
            ids.add(s.id);
        }
        if (Array.isArray(s.do)) {
            collectIds(s.do, functions, ids);
        }
    }
}

// A JavaScript string literal for `text`, with {VAR} of the repeat counters in scope substituted.
function stringLiteral(text, vars) {
    const matches = [...text.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)];
    if (vars.length === 0 || !matches.some((m) => vars.includes(m[1]))) {
        return JSON.stringify(text);
    }
    let out = '`';
    let last = 0;
    for (const m of matches) {
        out += escapeTemplate(text.slice(last, m.index));
        out += vars.includes(m[1]) ? '${' + m[1] + '}' : escapeTemplate(m[0]);
        last = m.index + m[0].length;
    }
    return out + escapeTemplate(text.slice(last)) + '`';
}

function escapeTemplate(s) {
    return s.replace(/[\\`$]/g, (c) => '\\' + c);
}

function handleVar(id) {
    return `h_${id.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

// The twin's guard against a slow machine. Timers of 50, 100... ms ("slots") are set at the
// top of main; the generator's order holds if every callback of a slot's tree (main's tree for
// slot 0) runs before the next slot's timers can fire. Two checks make a run that broke this
// prove nothing (the twin exits with status 75; run.mjs then runs it again):
// * each callback of a slot's tree first calls before(MS): MS ms have passed since the script
//   began, too late. MS is the next slot's time minus a margin for libuv's millisecond clock.
// * each slot timer's callback first calls slot(MS): a callback of an earlier slot (one whose
//   MS is smaller) has not run yet. Without this, a slot's callback that ends the process
//   (process.exit) would cut off an earlier slot's late callback before its before() could
//   tell. So every callback with a deadline is counted when it is made (sched), when it runs
//   (before) and when it is cleared (unsched); the generator's clears always win.
const MARGIN_MS = 3;
export const TOO_SLOW_STATUS = 75;

function isSlotTimer(s) {
    return typeof s === 'object' && (s.op === 'setTimeout' || s.op === 'setInterval') &&
        typeof s.delay === 'number' && s.delay >= SLOT_MS;
}

const MICRO_OPS = new Set(['nextTick', 'promise', 'queueMicrotask']);

// The times at which the slot timers of main's tree (main and its ticks and microtasks) fire;
// an interval: each run.
function slotTimes(main) {
    const times = new Set();
    const walk = (body) => {
        for (const s of body) {
            if (typeof s === 'object' && MICRO_OPS.has(s.op) && Array.isArray(s.do)) {
                walk(s.do);
            }
            if (!isSlotTimer(s)) {
                continue;
            }
            const runs = s.op === 'setInterval' ? (s.times || 1) : 1;
            for (let r = 1; r <= runs; r++) {
                times.add(r * s.delay);
            }
        }
    };
    walk(main);
    return [...times].sort((a, b) => a - b);
}

class Twin {
    constructor(slots) {
        this.lines = [];
        this.intervals = 0;
        this.slots = slots;
    }

    // The deadline for callbacks of the slot at `ms`, or null if no slot follows it.
    deadline(ms) {
        const next = this.slots.find((t) => t > ms);
        return next === undefined ? null : next - MARGIN_MS;
    }

    emit(ind, text) {
        this.lines.push('    '.repeat(ind) + text);
    }

    // Emits `head(() => { body })rest;`. `due` is undefined for a tick or a microtask, which
    // shares its macrotask's deadline; for a macrotask callback, its deadline or null (none).
    // A callback with a deadline is counted: sched(due) where it is made (`runs` times for an
    // interval of that many runs; `handle` names it for a clear) and before(due) first thing in
    // it. A slot timer's callback (`slot`) starts with slot(due) instead, and is not counted.
    withCallback(ind, head, body, rest, ctx, opts = {}) {
        const { tail = [], due, slot = false, runs = 1, handle = null, top = false } = opts;
        const inner = due === undefined ? ctx : { ...ctx, due };
        const guard = [];
        if (slot) {
            guard.push(`slot(${due ?? 'Infinity'});`);
        } else if (due !== undefined && due !== null) {
            guard.push(`before(${due});`);
            const args = [due, handle === null ? 'null' : JSON.stringify(handle)];
            if (runs !== 1) {
                args.push(runs);
            }
            this.emit(ind, `sched(${(handle === null && runs === 1 ? args.slice(0, 1) : args).join(', ')});`);
        }
        if (typeof body === 'string') {
            const fn = `f_${body.slice(1).replace(/[^A-Za-z0-9_]/g, '_')}`;
            if (tail.length === 0 && guard.length === 0) {
                this.emit(ind, `${head}${fn}${rest};`);
                return;
            }
            this.emit(ind, `${head}() => {`);
            guard.forEach((g) => this.emit(ind + 1, g));
            this.emit(ind + 1, `${fn}();`);
        } else {
            this.emit(ind, `${head}() => {`);
            guard.forEach((g) => this.emit(ind + 1, g));
            this.body(body || [], ind + 1, inner, top && due === undefined);
        }
        for (const t of tail) {
            this.emit(ind + 1, t);
        }
        this.emit(ind, `}${rest};`);
    }

    body(body, ind, ctx, top = false) {
        for (const s of body) {
            this.statement(s, ind, ctx, top);
        }
    }

    // ctx: { vars: repeat counters in scope, due: the deadline of this macrotask's slot };
    // top: in main's tree (main or its ticks and microtasks), where slot timers are set.
    statement(s, ind, ctx, top) {
        if (typeof s === 'string') {
            this.emit(ind, `console.log(${stringLiteral(s, ctx.vars)});`);
            return;
        }
        const named = s.id !== undefined && HANDLE_OPS.has(s.op);
        const assign = named ? `${handleVar(s.id)} = ` : '';
        const handle = named ? handleVar(s.id) : null;
        switch (s.op) {
        case 'log':
            this.emit(ind, `console.log(${stringLiteral(s.msg, ctx.vars)});`);
            break;
        case 'nextTick':
            this.withCallback(ind, 'process.nextTick(', s.do, ')', ctx, { top });
            break;
        case 'promise':
            this.withCallback(ind, 'Promise.resolve().then(', s.do, ')', ctx, { top });
            break;
        case 'queueMicrotask':
            this.withCallback(ind, 'queueMicrotask(', s.do, ')', ctx, { top });
            break;
        case 'setImmediate':
            this.withCallback(ind, `${assign}setImmediate(`, s.do, ')', ctx, { due: ctx.due, handle });
            break;
        case 'setTimeout': {
            const slot = top && isSlotTimer(s);
            const due = slot ? this.deadline(s.delay) : ctx.due;
            const unref = s.unref ? '.unref()' : '';
            this.withCallback(ind, `${assign}setTimeout(`, s.do, `, ${s.delay})${unref}`, ctx,
                              { due, slot, handle });
            break;
        }
        case 'setInterval': {
            const n = ++this.intervals;
            const tail = s.times !== undefined ? [`if (++runs${n} === ${s.times}) clearInterval(interval${n});`] : [];
            this.emit(ind, '{');
            this.emit(ind + 1, `let runs${n} = 0;`);
            let due = ctx.due;
            if (top && isSlotTimer(s)) {
                // Run r (r = runs + 1) belongs to the slot at r * delay.
                const dues = [];
                for (let r = 1; r <= (s.times || 1); r++) {
                    dues.push(this.deadline(r * s.delay) ?? 'Infinity');
                }
                this.emit(ind + 1, `const interval${n} = setInterval(() => {`);
                this.emit(ind + 2, `const due = [${dues.join(', ')}][runs${n}];`);
                due = 'due';
                this.emit(ind + 2, 'slot(due);');
                if (typeof s.do === 'string') {
                    this.emit(ind + 2, `f_${s.do.slice(1).replace(/[^A-Za-z0-9_]/g, '_')}();`);
                } else {
                    this.body(s.do || [], ind + 2, { ...ctx, due });
                }
                tail.forEach((t) => this.emit(ind + 2, t));
                this.emit(ind + 1, `}, ${s.delay})${s.unref ? '.unref()' : ''};`);
            } else {
                // Not a slot timer: ends on its own after s.times runs (gen.mjs smallInterval).
                this.withCallback(ind + 1, `const interval${n} = setInterval(`, s.do,
                    `, ${s.delay})${s.unref ? '.unref()' : ''}`, ctx, { tail, due, runs: s.times || 1 });
            }
            if (assign) {
                this.emit(ind + 1, `${assign}interval${n};`);
            }
            this.emit(ind, '}');
            break;
        }
        case 'clearTimeout':
        case 'clearInterval':
        case 'clearImmediate':
            this.emit(ind, `${s.op}(${handleVar(s.id)});`);
            if (this.slots.length > 0) {
                this.emit(ind, `unsched(${JSON.stringify(handleVar(s.id))});`);
            }
            break;
        case 'ref':
        case 'unref':
        case 'refresh':
            this.emit(ind, `${handleVar(s.id)}.${s.op}();`);
            break;
        case 'fs.stat':
        case 'fs.access':
        case 'fs.readFile':
            this.withCallback(ind, `${s.op}(__filename, `, s.do, ')', ctx, { due: ctx.due });
            break;
        case 'crypto.randomBytes':
            this.withCallback(ind, 'crypto.randomBytes(8, ', s.do, ')', ctx, { due: ctx.due });
            break;
        case 'zlib.gzip':
            this.withCallback(ind, "zlib.gzip('loopsim', ", s.do, ')', ctx, { due: ctx.due });
            break;
        case 'repeat': {
            const v = s.var || 'i';
            this.emit(ind, `for (let ${v} = 1; ${v} <= ${s.times}; ${v}++) {`);
            this.body(typeof s.do === 'string' ? [] : s.do || [], ind + 1, { ...ctx, vars: [...ctx.vars, v] });
            this.emit(ind, '}');
            break;
        }
        case 'exit':
            this.emit(ind, s.code !== undefined ? `process.exit(${s.code});` : 'process.exit();');
            break;
        case 'on':
            // 'beforeExit' and 'exit' come after every slot: no deadline.
            this.withCallback(ind, `process.${s.once ? 'once' : 'on'}(${JSON.stringify(s.event)}, `, s.do, ')',
                ctx, { due: null });
            break;
        default:
            throw new Error(`scenarioToJs: op ${s.op} is not translated`);
        }
    }
}

// What a twin with slots starts with: the two checks described above before(), slot().
const PRELUDE = `
const start = performance.now();
// A callback that must run before the next slot checks the clock, and a slot that must begin
// after the callbacks of the slots before it checks that they ran; when the machine was too
// slow for that, this run proves nothing: status TOO_SLOW, run it again.
const pending = new Map(); // a deadline in ms: callbacks due by it that have not run yet
const handles = new Map(); // a handle: its deadline, for a clear
function tooSlow(why) {
    process.stderr.write(\`too slow: \${why}\\n\`);
    process.exit(TOO_SLOW);
}
function sched(ms, handle = null, runs = 1) {
    pending.set(ms, (pending.get(ms) || 0) + runs);
    if (handle !== null) {
        handles.set(handle, ms);
    }
}
function unsched(handle) {
    if (handles.has(handle)) {
        pending.set(handles.get(handle), pending.get(handles.get(handle)) - 1);
        handles.delete(handle);
    }
}
function before(ms) {
    pending.set(ms, pending.get(ms) - 1);
    if (performance.now() - start > ms) {
        tooSlow(\`a callback ran after \${ms} ms\`);
    }
}
function slot(ms) {
    for (const [due, count] of pending) {
        if (due < ms && count > 0) {
            tooSlow(\`a slot began while a callback due by \${due} ms had not run\`);
        }
    }
    if (performance.now() - start > ms) {
        tooSlow(\`a callback ran after \${ms} ms\`);
    }
}
`;

/** Is `scenario`'s main an ES module? Its twin is then a .mjs file. */
export function isModule(scenario) {
    return Boolean(scenario.config && scenario.config.entry === 'module');
}

/** Translates a scenario (as generated here) into the Node program it stands for. */
export function scenarioToJs(scenario) {
    const t = new Twin(slotTimes(scenario.main));
    t.emit(0, `// Twin of ${scenario.name}: written by tests/fuzz/twin.mjs.`);
    const text = JSON.stringify(scenario);
    const modules = ['fs'];
    if (text.includes('"crypto.')) {
        modules.push('crypto');
    }
    if (text.includes('"zlib.')) {
        modules.push('zlib');
    }
    if (isModule(scenario)) {
        for (const m of modules) {
            t.emit(0, `import ${m} from 'node:${m}';`);
        }
        t.emit(0, "import { fileURLToPath } from 'node:url';");
        t.emit(0, 'const __filename = fileURLToPath(import.meta.url);');
    } else {
        t.emit(0, "'use strict';");
        for (const m of modules) {
            t.emit(0, `const ${m} = require('${m}');`);
        }
    }
    const mainDue = t.deadline(0);
    if (t.slots.length > 0) {
        t.emit(0, PRELUDE.trim().replaceAll('TOO_SLOW', TOO_SLOW_STATUS));
    }
    t.emit(0, 'process.stdout; // the first use of process.stdout costs milliseconds: pay it now');
    const ids = new Set();
    collectIds(scenario.main, scenario.functions, ids);
    for (const body of Object.values(scenario.functions || {})) {
        collectIds(body, scenario.functions, ids);
    }
    for (const id of ids) {
        t.emit(0, `let ${handleVar(id)};`);
    }
    for (const [name, body] of Object.entries(scenario.functions || {})) {
        t.emit(0, `function f_${name.replace(/[^A-Za-z0-9_]/g, '_')}() {`);
        t.body(body, 1, { vars: [], due: null });
        t.emit(0, '}');
    }
    t.body(scenario.main, 0, { vars: [], due: mainDue }, true);
    return t.lines.join('\n') + '\n';
}

