#!/usr/bin/env node
// gen.mjs - the differential fuzzer's generator: random scenarios whose order real Node fixes,
// each with its JavaScript twin.
//
// usage: node tests/fuzz/gen.mjs --seed N --out DIR [--count K]
//
// Writes K pairs DIR/case-S.json (a scenario) and DIR/case-S.js (the same program for node;
// case-S.mjs when the scenario's main is an ES module, config.entry "module"), for
// S = N, N+1, ... N+K-1; case S depends on S alone, so `--seed S --count 1` rebuilds it.
// Some cases also set small config costs (callback_ms, loop_start_ms) or a pool size that
// change no order in them: the simulator must print the same for any such setting.
// Every log line of a case is unique (a path such as "m.2.1": main's 2nd statement's callback,
// its 1st statement), except inside setInterval bodies, which print the same lines on each run.
//
// The twin is not generated beside the scenario: twin.mjs translates it (scenarioToJs), so a
// scenario cut down by shrink.mjs gets its twin the same way.
//
// How the generator keeps Node's order fixed (see the semantics reference, sections 4-6 and 9).
// The only things whose timing is real are timers and worker-pool requests. Ticks, microtasks
// and immediates advance in a fixed order as long as nothing timed can land between them. So:
// * Timers with delays of 50, 100, 150, 200 ms ("slots") are set only in main's own tree (main
//   and its ticks and microtasks); each slot holds a FIFO group of setTimeouts of that delay
//   (two only at the top of main, in text order) or one run of one setInterval. Everything a
//   slot starts is over within a few ms, long before the next slot - and the twin checks that
//   (twin.mjs, before() and slot()): a run where the machine could not keep up proves nothing and
//   is repeated. In a group only the last member may schedule callbacks outside its own
//   tick/microtask tree: the clock can tick between two members' setTimeout calls, and then they
//   run in different timers phases with the check phase between them. A slot timer alone in its
//   slot may be unref'd.
// * Every macrotask callback (main, timer, immediate, I/O, beforeExit) gets a plan for what its
//   body (with the ticks and microtasks nested in it) may schedule:
//     micro - nothing but ticks and microtasks;
//     A     - immediates, any number, nested freely (an immediate chain is deterministic);
//     A1    - exactly one immediate, which is then "sole" again;
//     B     - exactly one pool request (fs.stat/access/readFile, crypto.randomBytes, zlib.gzip);
//     C     - one timer of a small delay (0 to 10 ms) anywhere in the tree, or two setTimeout(0)
//             at its top (the first with a micro body); plus, in a timer or an I/O callback
//             only (an ES module main is one: it runs in the poll phase), immediates with micro
//             bodies: immediate before timeout is fixed there (section 9);
//     Ci    - one setInterval of 0 to 5 ms with `times` 2 or 3 and a micro body.
//   Only a "sole" callback - one that runs when nothing else of its slot is pending - may take
//   A1, B, C or Ci; the children of A are not sole and take A or micro.
// * clearTimeout/clearImmediate/clearInterval run right after the handle is made, from a
//   nextTick or microtask (or at once), or from a tick of an earlier handle of the same batch
//   (an immediate of the same callback, a timer of the same group), so they always win;
//   intervals clear themselves after `times` runs; 'exit' listeners print (their microtasks run
//   at a natural exit, not after process.exit(); their ticks, immediates and timers never);
//   one beforeExit `once` listener may revive the loop, a lasting one only prints; at most one
//   process.exit(), as the last statement of some body.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededWriterMain } from '../lib/args.mjs';
import { SLOT_MS, isModule, scenarioToJs } from './twin.mjs';

const SLOTS = [1, 2, 3, 4].map((k) => k * SLOT_MS);
// How deep callbacks nest, chosen per case.
const DEPTHS = [3, 4, 4, 4, 5, 6];
// One worker-pool request each (zlib.gzip: a few, one after the other), callback in poll.
const POOL_OPS = ['fs.stat', 'fs.stat', 'fs.stat', 'fs.stat', 'fs.access', 'fs.readFile',
    'crypto.randomBytes', 'zlib.gzip'];
// Delays of a lone timer in a sole callback: any small delay is fine when nothing else waits.
const SMALL_DELAYS = [0, 0, 0, 1, -1, 0.5, 1.5, 2, 5, 10];

// mulberry32: a small seeded PRNG, so a case depends on its seed alone.
function makeRng(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

class Generator {
    constructor(seed) {
        this.rand = makeRng(seed * 2654435761 + 12345);
        this.nextId = 1;
        this.wantExit = this.chance(0.3);
        this.exitPlaced = false;
        this.functions = {};
        // An ES module main is evaluated inside the poll phase (reference section 6.4): for the
        // plans it is an I/O callback, so its setTimeout(0) and setImmediate order is fixed.
        this.esm = this.chance(0.15);
        this.maxDepth = this.pick(DEPTHS);
    }

    chance(p) {
        return this.rand() < p;
    }

    int(lo, hi) {
        return lo + Math.floor(this.rand() * (hi - lo + 1));
    }

    pick(items) {
        return items[Math.floor(this.rand() * items.length)];
    }

    // Weighted choice: entries are [weight, value]; weight 0 entries never win.
    weighted(entries) {
        const total = entries.reduce((s, [w]) => s + w, 0);
        let r = this.rand() * total;
        for (const [w, v] of entries) {
            if ((r -= w) < 0) {
                return v;
            }
        }
        return entries[entries.length - 1][1];
    }

    // A plan for a macrotask callback's body; see the header.
    choosePlan(kind, sole) {
        if (!sole) {
            return kind === 'immediate' && this.chance(0.5) ? 'A' : 'micro';
        }
        const c = kind === 'timer' || kind === 'io' || kind === 'main' || this.chance(0.5);
        return this.weighted([
            [3, 'micro'], [4, 'A'], [3, 'A1'], [3, 'B'], [c ? 3 : 0, 'C'], [1, 'Ci'],
        ]);
    }

    // The body of a macrotask callback of `kind` ('main', 'timer', 'immediate', 'io',
    // 'beforeExit'); `sole` as in the header; `shallow`: ticks and microtasks only.
    macroBody(depth, kind, sole, shallow = false) {
        const plan = shallow ? 'micro' : this.choosePlan(kind, sole);
        const budget = {
            plan,
            // Plan C allows (shallow) immediates only where immediate-before-timeout is fixed.
            immediates: plan === 'A' || plan === 'A1' || (plan === 'C' && (kind === 'timer' || kind === 'io')),
            immLeft: plan === 'A1' ? 1 : Infinity,
            fsLeft: plan === 'B' ? 1 : 0,
            // Plan C: a lone timer anywhere in the tree, or a group of two at its top.
            timeoutLeft: plan === 'C' && this.chance(0.75) ? 1 : 0,
        };
        const group = plan === 'C' && budget.timeoutLeft === 0;
        const body = this.body(depth, budget, { repeatVars: [] });
        if (plan === 'A1' && budget.immLeft > 0) {
            this.insertTop(body, [this.immediate(depth, budget, true)]);
        }
        if (plan === 'B' && budget.fsLeft > 0) {
            this.insertTop(body, [this.fsOp(depth)]);
        }
        if (plan === 'C' && budget.timeoutLeft > 0) {
            this.insertTop(body, [this.loneTimeout(depth)]);
        }
        if (group) {
            this.insertTimeoutGroup(body, depth);
        }
        if (plan === 'Ci') {
            this.insertTop(body, [this.smallInterval(depth)]);
        }
        if (budget.immediates) {
            this.maybeClearSibling(body, 'setImmediate', 'clearImmediate');
        }
        return body;
    }

    // Inserts `stmts` at a random top-level position (before a trailing exit), keeping them
    // together and in order; returns the index after them.
    insertTop(body, stmts, from = 0) {
        let end = body.length;
        if (end > 0 && typeof body[end - 1] === 'object' && body[end - 1].op === 'exit') {
            end--;
        }
        const pos = this.int(Math.min(from, end), end);
        body.splice(pos, 0, ...stmts);
        return pos + stmts.length;
    }

    // Plan C: one or two setTimeout(0)s at the top level of the body (so text order is creation
    // order); only the last may schedule more than ticks and microtasks.
    insertTimeoutGroup(body, depth) {
        const n = this.chance(0.25) ? 2 : 1;
        let pos = 0;
        for (let k = 0; k < n; k++) {
            const last = k === n - 1;
            const s = {
                op: 'setTimeout',
                delay: this.pick([0, 0, 0, 1, -1, 0.5, 1.5]),
                do: this.macroBody(depth + 1, 'timer', last, !last),
            };
            pos = this.insertTop(body, [s, ...this.maybeClear(s, 'clearTimeout')], pos);
        }
        this.maybeClearSibling(body, 'setTimeout', 'clearTimeout');
    }

    // Plan C's lone timer: it may sit in a tick or microtask too, with any small delay.
    loneTimeout(depth) {
        return { op: 'setTimeout', delay: this.pick(SMALL_DELAYS), do: this.macroBody(depth + 1, 'timer', true) };
    }

    // Plan Ci: a short setInterval with `times`; the next run is always pending while one runs,
    // so its body is ticks and microtasks only.
    smallInterval(depth) {
        return {
            op: 'setInterval',
            delay: this.pick([0, 1, 1, 2, 5]),
            times: this.int(2, 3),
            do: this.macroBody(depth + 1, 'timer', false, true),
        };
    }

    // Two handles of one batch (immediates of one callback, timers of one group, both at the
    // top of `body`, so made in text order and run in that order): maybe the first one's
    // nextTick clears the second before its turn (Node's test-timers-next-tick).
    maybeClearSibling(body, op, clearOp) {
        const at = [];
        body.forEach((s, i) => {
            if (typeof s === 'object' && s.op === op && Array.isArray(s.do)) {
                at.push(i);
            }
        });
        if (at.length < 2 || !this.chance(0.3)) {
            return;
        }
        const a = this.int(0, at.length - 2);
        const b = this.int(a + 1, at.length - 1);
        const second = body[at[b]];
        if (second.id !== undefined) {
            return;
        }
        second.id = `h${this.nextId++}`;
        const how = this.pick(['nextTick', 'nextTick', 'promise', 'queueMicrotask']);
        this.insertTop(body[at[a]].do, [{ op: how, do: ['LOG', { op: clearOp, id: second.id }] }]);
    }

    // Maybe gives handle statement `s` an id and returns the statements that clear it, to go
    // right after it: from a nextTick or a microtask, or at once - before it could ever run.
    maybeClear(s, clearOp) {
        if (!this.chance(0.15)) {
            return [];
        }
        s.id = `h${this.nextId++}`;
        const clear = { op: clearOp, id: s.id };
        const how = this.weighted([[5, 'nextTick'], [2, 'promise'], [1, 'queueMicrotask'], [2, 'now']]);
        return [how === 'now' ? clear : { op: how, do: ['LOG', clear] }];
    }

    immediate(depth, budget, sole) {
        if (budget.immLeft !== Infinity) {
            budget.immLeft--;
        }
        return { op: 'setImmediate', do: this.macroBody(depth + 1, 'immediate', sole, budget.plan === 'C') };
    }

    fsOp(depth) {
        const s = { op: this.pick(POOL_OPS), ms: this.pick([1, 1, 2, 0.5]) };
        if (s.op === 'zlib.gzip' && this.chance(0.5)) {
            s.jobs = 2;
        }
        s.do = this.macroBody(depth + 1, 'io', true);
        return s;
    }

    // A body of statements for a callback that runs inside the macrotask owning `budget`.
    // scope.repeatVars: the repeat counters in scope; scope.noExit: no process.exit() here.
    body(depth, budget, scope) {
        const n = depth >= this.maxDepth ? this.int(1, 2) : this.int(1, depth === 0 ? 5 : depth > 3 ? 3 : 4);
        const out = [];
        for (let k = 1; k <= n; k++) {
            out.push(...this.statement(depth, budget, scope));
        }
        if (this.wantExit && !this.exitPlaced && !scope.noExit && scope.repeatVars.length === 0 &&
            this.chance(0.05)) {
            this.exitPlaced = true;
            out.push(this.chance(0.5) ? { op: 'exit' } : { op: 'exit', code: 0 });
        }
        return out;
    }

    // One statement, or a handle statement followed by what clears it.
    statement(depth, budget, scope) {
        const inRepeat = scope.repeatVars.length > 0;
        const canNest = depth < this.maxDepth;
        const canImm = canNest && budget.immediates && budget.immLeft > 0 &&
            !(inRepeat && budget.immLeft !== Infinity);
        const canFs = canNest && budget.fsLeft > 0 && !inRepeat;
        const canTimeout = canNest && budget.timeoutLeft > 0 && !inRepeat;
        // A function body calls no function: that could recurse forever.
        const nFunctions = scope.inFunction ? -1 : Object.keys(this.functions).length;
        const what = this.weighted([
            [8, 'log'],
            [canNest ? 4 : 0, 'nextTick'],
            [canNest ? 3 : 0, 'promise'],
            [canNest ? 2 : 0, 'queueMicrotask'],
            [canImm ? 4 : 0, 'setImmediate'],
            [canFs ? 2 : 0, 'fs'],
            [canTimeout ? 2 : 0, 'timeout'],
            [canNest && !inRepeat && depth < this.maxDepth - 1 ? 1 : 0, 'repeat'],
            [canNest && nFunctions >= 0 && nFunctions < 2 ? 0.3 : 0, 'function'],
            [canNest && nFunctions > 0 ? 0.5 : 0, 'call'],
        ]);
        switch (what) {
        case 'nextTick':
        case 'promise':
        case 'queueMicrotask':
            return [{ op: what, do: this.body(depth + 1, budget, scope) }];
        case 'setImmediate': {
            const s = this.immediate(depth, budget, budget.plan === 'A1');
            // An id in a repeat would stand for the last iteration's handle: not used here.
            return inRepeat ? [s] : [s, ...this.maybeClear(s, 'clearImmediate')];
        }
        case 'fs':
            budget.fsLeft--;
            return [this.fsOp(depth)];
        case 'timeout': {
            budget.timeoutLeft--;
            const s = this.loneTimeout(depth);
            return [s, ...this.maybeClear(s, 'clearTimeout')];
        }
        case 'repeat':
            return [this.repeat(depth, budget, scope)];
        case 'function': {
            // A named body of logs and microtasks, reused by 'call': its lines repeat.
            const name = `f${nFunctions + 1}`;
            const micro = { plan: 'micro', immediates: false, immLeft: 0, fsLeft: 0 };
            this.functions[name] = this.body(this.maxDepth - 1, micro, { repeatVars: [], noExit: true, inFunction: true });
            return [{ op: this.pick(['nextTick', 'promise', 'queueMicrotask']), do: `@${name}` }];
        }
        case 'call': {
            // A function's body is ticks and microtasks only: it may be an immediate's body too.
            const fn = `@${this.pick(Object.keys(this.functions))}`;
            if (canImm && this.chance(0.3)) {
                if (budget.immLeft !== Infinity) {
                    budget.immLeft--;
                }
                return [{ op: 'setImmediate', do: fn }];
            }
            return [{ op: this.pick(['nextTick', 'promise', 'queueMicrotask']), do: fn }];
        }
        default:
            return ['LOG'];
        }
    }

    repeat(depth, budget, scope) {
        const v = ['i', 'j', 'k'][scope.repeatVars.length] || 'i';
        const s = { op: 'repeat', times: this.int(1, 3) };
        if (v !== 'i' || this.chance(0.3)) {
            s.var = v;
        }
        s.do = this.body(depth + 1, budget, { ...scope, repeatVars: [...scope.repeatVars, v] });
        return s;
    }

    // The main script: slots of timers, 'exit' and 'beforeExit' listeners, and a main body.
    main() {
        const body = this.macroBody(0, this.esm ? 'io' : 'main', true);
        const free = new Set(SLOTS);
        const nTimers = this.weighted([[2, 0], [4, 1], [3, 2], [2, 3]]);
        let pos = 0;
        for (let t = 0; t < nTimers; t++) {
            const iv = this.chance(0.25) ? this.interval(free) : null;
            if (iv) {
                pos = this.insertTop(body, [iv], pos);
                continue;
            }
            if (free.size === 0) {
                break;
            }
            const delay = this.pick([...free]);
            free.delete(delay);
            const n = this.chance(0.3) ? 2 : 1;
            // A group whose first member is refreshed after the second is made: refresh()
            // re-appends it to its list, so it runs second. Both members are then micro.
            const refresh = n === 2 && this.chance(0.3);
            let first = null;
            for (let g = 0; g < n; g++) {
                const last = g === n - 1 && !refresh;
                const s = { op: 'setTimeout', delay, do: this.macroBody(1, 'timer', last, !last) };
                const made = [s];
                if (refresh && g === 0) {
                    first = s;
                    s.id = `h${this.nextId++}`;
                } else {
                    made.push(...this.maybeClear(s, 'clearTimeout'));
                }
                if (n === 1) {
                    made.push(...this.maybeUnref(s));
                }
                if (refresh && g === 1) {
                    const st = { op: 'refresh', id: first.id };
                    made.push(this.chance(0.5) ? st : { op: 'nextTick', do: ['LOG', st] });
                }
                if (n === 1 && this.chance(0.25)) {
                    // A slot of its own may be set from a tick or microtask of main.
                    const op = this.pick(['nextTick', 'promise', 'queueMicrotask']);
                    pos = this.insertTop(body, [{ op, do: ['LOG', ...made] }], pos);
                } else {
                    pos = this.insertTop(body, made, pos);
                }
            }
        }
        this.maybeClearSibling(body, 'setTimeout', 'clearTimeout');
        const listeners = [];
        const nExit = this.weighted([[4, 0], [3, 1], [1, 2]]);
        for (let e = 0; e < nExit; e++) {
            listeners.push(this.exitListener());
        }
        if (this.chance(0.25)) {
            listeners.push(this.beforeExitListener(true));
        }
        if (this.chance(0.15)) {
            listeners.push(this.beforeExitListener(false));
        }
        for (const s of listeners) {
            this.insertTop(body, [s]);
        }
        renumber(body, 'm', this.chance.bind(this));
        for (const [name, fbody] of Object.entries(this.functions)) {
            renumber(fbody, name, this.chance.bind(this));
        }
        return body;
    }

    // A setInterval of 50 or 100 ms with `times` runs, each in a slot of its own; null if
    // the slots it needs are taken.
    interval(free) {
        const delay = this.pick([SLOT_MS, SLOT_MS, 2 * SLOT_MS]);
        const times = this.int(1, 3);
        const need = [];
        for (let r = 1; r <= times; r++) {
            need.push(r * delay);
        }
        if (!need.every((d) => free.has(d))) {
            return null;
        }
        need.forEach((d) => free.delete(d));
        const s = { op: 'setInterval', delay, times, do: this.macroBody(1, 'timer', true) };
        if (this.chance(0.15)) {
            s.unref = true;
        }
        if (this.chance(0.15)) {
            // clearInterval from the first run's own tick: it runs once.
            s.id = `h${this.nextId++}`;
            this.insertTop(s.do, [{ op: 'nextTick', do: ['LOG', { op: 'clearInterval', id: s.id }] }]);
        }
        return s;
    }

    // A slot timer may start unref'd: it then runs iff a ref'd timer of a later slot (or
    // anything else) keeps the loop alive at its time - fixed, as slots are 50 ms apart. Not
    // in a group: when the clock ticks between two members' setTimeout calls, the ref'd one
    // runs alone, the loop empties and 'beforeExit' comes before the unref'd one or instead.
    // Returns the statements to go right after `s`: an unref op (at once or from a nextTick),
    // or a ref op that undoes `unref: true`.
    maybeUnref(s) {
        if (!this.chance(0.15)) {
            return [];
        }
        const form = this.pick(['key', 'key', 'op', 'ref']);
        if (form === 'key' || (form === 'ref' && s.op === 'setInterval')) {
            s.unref = true;
            return [];
        }
        s.id = s.id || `h${this.nextId++}`;
        if (form === 'ref') {
            s.unref = true;
            return [{ op: 'ref', id: s.id }];
        }
        const st = { op: 'unref', id: s.id };
        return [this.chance(0.5) ? st : { op: 'nextTick', do: ['LOG', st] }];
    }

    exitListener() {
        // Their microtasks run after all 'exit' listeners at a natural exit; nextTicks,
        // immediates and timers made here never run.
        const micro = { plan: 'micro', immediates: false, immLeft: 0, fsLeft: 0 };
        const body = this.body(2, micro, { repeatVars: [], noExit: true });
        if (this.chance(0.3)) {
            const op = this.pick(['nextTick', 'setImmediate', 'setTimeout']);
            body.push(op === 'setTimeout' ? { op, delay: 0, do: ['LOG'] } : { op, do: ['LOG'] });
        }
        const s = { op: 'on', event: 'exit', do: body };
        if (this.chance(0.3)) {
            s.once = true;
        }
        return s;
    }

    beforeExitListener(once) {
        // A `once` listener runs when the loop is empty: it is sole. A lasting one runs each
        // time the loop empties, so it must not revive the loop: ticks and microtasks only.
        const s = { op: 'on', event: 'beforeExit', do: this.macroBody(1, 'beforeExit', once, !once) };
        if (once) {
            s.once = true;
        }
        return s;
    }
}

// Replaces each 'LOG' placeholder by its path, by final positions: "m.3.2" is the 2nd
// statement of the body of main's 3rd statement; a repeat adds its counter, "m.3.{i}.2".
function renumber(body, path, chance) {
    body.forEach((s, i) => {
        const here = `${path}.${i + 1}`;
        if (s === 'LOG') {
            body[i] = chance(0.1) ? { op: 'log', msg: here } : here;
        } else if (typeof s === 'object' && Array.isArray(s.do)) {
            renumber(s.do, s.op === 'repeat' ? `${here}.{${s.var || 'i'}}` : here, chance);
        }
    });
}

/** Generates case `seed`: returns the scenario object. */
export function generateScenario(seed) {
    const g = new Generator(seed);
    const main = g.main();
    const scenario = { loopsim: 1, name: `fuzz case ${seed}`, description: 'Generated by tests/fuzz/gen.mjs.' };
    // Small costs and pool sizes change no order of these programs: the simulator must agree.
    const config = {};
    if (g.esm) {
        config.entry = 'module';
    }
    if (g.chance(0.2)) {
        config.callback_ms = g.pick([0.01, 0.02, 0.05]);
    }
    if (g.chance(0.2)) {
        config.loop_start_ms = g.pick([0.5, 1, 3]);
    }
    if (g.chance(0.15)) {
        config.threadpool_size = g.pick([1, 2, 4, 8]);
    }
    if (Object.keys(config).length > 0) {
        scenario.config = config;
    }
    if (Object.keys(g.functions).length > 0) {
        scenario.functions = g.functions;
    }
    scenario.main = main;
    return scenario;
}

/** Writes case `seed` into `dir` as case-SEED.json and case-SEED.js (.mjs for an ES module
 *  main); returns their paths. */
export function writeCase(dir, seed) {
    const scenario = generateScenario(seed);
    const json = join(dir, `case-${seed}.json`);
    const js = join(dir, `case-${seed}.${isModule(scenario) ? 'mjs' : 'js'}`);
    writeFileSync(json, JSON.stringify(scenario, null, 2) + '\n');
    writeFileSync(js, scenarioToJs(scenario));
    return { seed, json, js };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
    seededWriterMain(process.argv.slice(2), 'gen.mjs', 'case', writeCase);
}

