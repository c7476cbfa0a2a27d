// tests/chrome-check.mjs LOOPSIM SRCROOT BUILDDIR
//
// The `chrome` trace format (docs/format-chrome.md) against the rules of Perfetto's JSON
// importer, and against the truth of the same run. No Perfetto parser can be installed here, so
// this file carries the importer's rules (google/perfetto src/trace_processor:
// importers/json/json_trace_tokenizer.cc and json_trace_parser_impl.cc, sorter/trace_sorter.h,
// importers/common/slice_tracker.cc and flow_tracker.cc):
//
// - events are sorted by ts; on equal ts an 'E' comes first, then the 'X' events, longest
//   first, then the rest, each group in file order (TraceSorter's SlowOperatorLess);
// - per track (pid, tid), a complete slice pops the slices that ended at or before its ts; one
//   that ends after the slice still open under it overlaps it: Perfetto logs an error and moves
//   it to another track. A thread-scoped instant is a slice of 0 on its thread's track;
// - flow v2: bind_id is a number (a string is read as hex), and it needs flow_out or flow_in;
//   a flow_out binds the id to its slice (a second one is a duplicate id), a flow_in links the
//   slice that bound it to its own (close_flow = false: one flow_out may feed several);
//   a flow_in with no flow_out before it is an error (flow_end_without_start);
// - a counter's args are numbers; an instant's scope is g, p or t; metadata has its args;
//   ts and dur are numbers >= 0; pid and tid are numbers.
//
// Then, for every built-in scenario, truth from the jsonl trace of the same run: each callback
// is one 'X' at the callback's time with its label and seq, inside a phase visit; its flow_in
// comes from the callback whose seq is the jsonl `cause`; and the queue counters add up to the
// TUI's "N waiting" (loopsim screen) at sampled events. A negative test proves the checker can
// fail: it must reject an overlapping 'X' and an unpaired flow.
import { execFileSync } from 'node:child_process';

const [loopsim] = process.argv.slice(2);
if (!loopsim) {
    console.error('usage: chrome-check.mjs LOOPSIM SRCROOT BUILDDIR');
    process.exit(2);
}

const ns = (us) => Math.round(us * 1000);
const isNum = (v) => typeof v === 'number' && Number.isFinite(v);

// Sorting key of an event among those of its ts (TraceSorter's KeyForType).
function sortKey(ev) {
    if (ev.ph === 'E') {
        return -Infinity;
    }
    return ev.ph === 'X' ? -ns(ev.dur) : 0;
}

function checkShape(ev, i, errors) {
    const at = `event ${i} (${JSON.stringify(ev).slice(0, 120)})`;
    if (typeof ev !== 'object' || ev === null || typeof ev.ph !== 'string') {
        errors.push(`${at}: not an object with a "ph"`);
        return false;
    }
    for (const key of ['pid', 'tid']) {
        if (key in ev && !(isNum(ev[key]) && ev[key] >= 0 && Number.isInteger(ev[key]))) {
            errors.push(`${at}: ${key} is not a number >= 0`);
        }
    }
    if (ev.ph !== 'M' && !(isNum(ev.ts) && ev.ts >= 0)) {
        errors.push(`${at}: ts is not a number >= 0`);
    }
    if (ev.ph === 'X' && !(isNum(ev.dur) && ev.dur >= 0)) {
        errors.push(`${at}: an 'X' needs a dur >= 0`);
    }
    if ((ev.ph === 'i' || ev.ph === 'I') && 's' in ev && !['g', 'p', 't'].includes(ev.s)) {
        errors.push(`${at}: instant scope ${JSON.stringify(ev.s)} is not g, p or t`);
    }
    if (ev.ph === 'C') {
        if (typeof ev.args !== 'object' || ev.args === null) {
            errors.push(`${at}: a counter needs args`);
        } else {
            for (const [k, v] of Object.entries(ev.args)) {
                if (!isNum(v)) {
                    errors.push(`${at}: counter arg ${k} is not a number`);
                }
            }
        }
    }
    if (ev.ph === 'M') {
        const named = ev.name === 'process_name' || ev.name === 'thread_name';
        const sorted = ev.name === 'process_sort_index' || ev.name === 'thread_sort_index';
        if (!named && !sorted) {
            errors.push(`${at}: unknown metadata ${JSON.stringify(ev.name)}`);
        } else if (named && typeof ev.args?.name !== 'string') {
            errors.push(`${at}: ${ev.name} needs args.name, a string`);
        } else if (sorted && !Number.isInteger(ev.args?.sort_index)) {
            errors.push(`${at}: ${ev.name} needs args.sort_index, an integer`);
        }
    }
    if ('bind_id' in ev) {
        if (!(isNum(ev.bind_id) && Number.isInteger(ev.bind_id) && ev.bind_id >= 0)) {
            errors.push(`${at}: bind_id is not a number (a string would be read as hex)`);
        }
        if (!ev.flow_in && !ev.flow_out) {
            errors.push(`${at}: bind_id without flow_in or flow_out`);
        }
    }
    return true;
}

// Checks a parsed trace; returns {errors, slices, flows, dangling}: the slices in import order
// with their track depth, and each flow as [from slice, to slice].
export function checkTrace(trace) {
    const errors = [];
    const events = Array.isArray(trace) ? trace : trace?.traceEvents;
    if (!Array.isArray(events)) {
        return { errors: ['no traceEvents array'], slices: [], flows: [], dangling: [] };
    }
    const valid = [];
    events.forEach((ev, i) => {
        if (checkShape(ev, i, errors)) {
            valid.push({ ev, i });
        }
    });
    const timed = valid.filter(({ ev }) => ev.ph !== 'M');
    timed.sort((a, b) => ns(a.ev.ts) - ns(b.ev.ts) || sortKey(a.ev) - sortKey(b.ev) || a.i - b.i);
    const stacks = new Map();
    const bound = new Map();
    const used = new Set();
    const slices = [];
    const flows = [];
    for (const { ev, i } of timed) {
        const thread = ev.ph === 'X' || ((ev.ph === 'i' || ev.ph === 'I') && (ev.s ?? 't') === 't');
        if (!thread) {
            continue;
        }
        const track = `${ev.pid ?? 0}/${ev.tid ?? ev.pid ?? 0}`;
        const stack = stacks.get(track) ?? [];
        stacks.set(track, stack);
        const start = ns(ev.ts);
        const end = start + (ev.ph === 'X' ? ns(ev.dur) : 0);
        while (stack.length > 0 && stack[stack.length - 1].end <= start) {
            stack.pop();
        }
        const parent = stack[stack.length - 1];
        if (parent !== undefined && end > parent.end) {
            errors.push(`event ${i} ${JSON.stringify(ev.name)} on ${track} [${start}, ${end}] ns ` +
                        `overlaps ${JSON.stringify(parent.ev.name)} that ends at ${parent.end}`);
        }
        const slice = { ev, i, start, end, track, parent: parent?.slice, depth: stack.length };
        stack.push({ ev, end, slice });
        slices.push(slice);
        if (ev.ph !== 'X' || !('bind_id' in ev)) {
            continue;
        }
        if (ev.flow_out && !ev.flow_in) {
            if (bound.has(ev.bind_id)) {
                errors.push(`event ${i}: flow_out bind_id ${ev.bind_id} is bound already`);
            } else {
                bound.set(ev.bind_id, slice);
            }
        } else if (ev.flow_in) {
            const from = bound.get(ev.bind_id);
            if (from === undefined) {
                errors.push(`event ${i}: flow_in bind_id ${ev.bind_id} has no flow_out before it`);
            } else {
                flows.push([from, slice]);
                used.add(ev.bind_id);
                if (ev.flow_out) {
                    bound.set(ev.bind_id, slice); // a step
                }
            }
        }
    }
    const dangling = [...bound.keys()].filter((id) => !used.has(id));
    return { errors, slices, flows, dangling };
}

function run(args) {
    return execFileSync(loopsim, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
}

let failures = 0;
let counterChecks = 0;
function fail(what) {
    failures++;
    console.log(`FAIL  ${what}`);
}

// The checker itself can fail.
function negative() {
    const x = (ts, dur, extra = {}) => ({ ph: 'X', pid: 1, tid: 1, ts, dur, name: `x${ts}`, ...extra });
    const cases = [
        ['an overlapping X', [x(0, 10), x(5, 10)], /overlaps/],
        ['an unpaired flow_in', [x(0, 10, { bind_id: 7, flow_in: true })], /no flow_out/],
        ['a flow_in before its flow_out', [x(0, 1, { bind_id: 3, flow_in: true }),
                                           x(5, 1, { bind_id: 3, flow_out: true })], /no flow_out/],
        ['a string bind_id', [x(0, 1, { bind_id: '3', flow_out: true })], /not a number/],
        ['a text counter', [{ ph: 'C', pid: 1, ts: 0, name: 'q', args: { length: 'many' } }],
         /not a number/],
        ['an instant scope x', [{ ph: 'i', pid: 1, tid: 1, ts: 0, s: 'x', name: 'i' }], /scope/],
        ['a negative ts', [x(-1, 1)], /ts is not/],
    ];
    for (const [what, events, expected] of cases) {
        const { errors } = checkTrace({ traceEvents: events });
        if (!errors.some((e) => expected.test(e))) {
            fail(`the checker accepts ${what}: ${JSON.stringify(errors)}`);
        }
    }
    // And accepts what Perfetto accepts: a parent written after its child, equal ts and dur.
    const ok = checkTrace({ traceEvents: [x(0, 5, { bind_id: 1, flow_out: true }), x(0, 10),
                                          x(6, 4, { bind_id: 1, flow_in: true }), x(10, 0)] });
    if (ok.errors.length > 0 || ok.flows.length !== 1) {
        fail(`the checker rejects a good trace: ${JSON.stringify(ok.errors)}`);
    }
}

// The TUI's "N waiting" at event `seq`: every queue but the pool's FIFO.
function waitingAt(name, seq) {
    const screen = run(['screen', name, '--at', String(seq), '--size', '120x40']);
    const m = /─ queues ─+ (\d+) waiting ─/.exec(screen);
    return m ? Number(m[1]) : 0;
}

function checkScenario(name) {
    const text = run(['trace', name, '--format', 'chrome']);
    let trace;
    try {
        trace = JSON.parse(text);
    } catch (e) {
        fail(`${name}: not JSON: ${e.message}`);
        return;
    }
    const { errors, slices, flows } = checkTrace(trace);
    for (const e of errors.slice(0, 5)) {
        fail(`${name}: ${e}`);
    }
    const jsonl = run(['trace', name, '--format', 'jsonl']).trim().split('\n').map((l) => JSON.parse(l));
    const callbacks = jsonl.filter((e) => e.event === 'callback');
    const bySeq = new Map();
    for (const s of slices) {
        if (s.ev.cat === 'callback') {
            bySeq.set(s.ev.args.seq, s);
        }
    }
    const phases = slices.filter((s) => s.ev.cat === 'phase');
    const count = (xs) => xs.reduce((m, l) => m.set(l, (m.get(l) ?? 0) + 1), new Map());
    const want = count(callbacks.map((c) => c.label));
    const got = count([...bySeq.values()].map((s) => s.ev.name));
    for (const [label, n] of want) {
        if (got.get(label) !== n) {
            fail(`${name}: ${n} callbacks ${JSON.stringify(label)}, ${got.get(label) ?? 0} X`);
        }
    }
    if (bySeq.size !== callbacks.length) {
        fail(`${name}: ${callbacks.length} callbacks, ${bySeq.size} callback X`);
    }
    const flowInto = new Map(flows.map(([from, to]) => [to.ev.args?.seq, from]));
    for (const c of callbacks) {
        const s = bySeq.get(c.seq);
        if (s === undefined) {
            fail(`${name}: callback seq ${c.seq} has no X`);
            continue;
        }
        if (s.start !== c.time_ns || s.ev.name !== c.label || s.ev.args.reason !== c.reason ||
            s.ev.args.why !== c.why) {
            fail(`${name}: the X of seq ${c.seq} says ${s.start} ns ${s.ev.name}, the jsonl ` +
                 `${c.time_ns} ns ${c.label}`);
        }
        if (!phases.some((p) => p.start <= s.start && s.end <= p.end && p.track === s.track)) {
            fail(`${name}: callback seq ${c.seq} is in no phase visit`);
        }
        const from = flowInto.get(c.seq);
        if ((c.cause ?? 0) !== (from?.ev.args.seq ?? 0)) {
            fail(`${name}: callback seq ${c.seq} has cause ${c.cause}, its flow comes from ` +
                 `${from?.ev.args.seq}`);
        }
    }
    // Queue lengths: the counters' sum (the pool's FIFO aside) against the TUI, at the events
    // where the last counter before a log changed, up to three of them.
    const counters = trace.traceEvents.filter((e) => e.ph === 'C');
    const logs = jsonl.filter((e) => e.event === 'log').slice(0, 3);
    for (const log of logs) {
        const lengths = new Map();
        for (const c of counters) {
            if (ns(c.ts) <= log.time_ns) {
                lengths.set(c.name, c.args.length);
            }
        }
        const later = jsonl.find((e) => e.seq > log.seq && e.time_ns === log.time_ns);
        if (later !== undefined) {
            continue; // another event at the same time may change them before the log's time ends
        }
        const sum = [...lengths].filter(([q]) => q !== 'work queue').reduce((a, [, n]) => a + n, 0);
        const tui = waitingAt(name, log.seq);
        counterChecks++;
        if (sum !== tui) {
            fail(`${name}: at event ${log.seq} the counters add up to ${sum}, the TUI shows ${tui}`);
        }
    }
}

negative();
// The scenarios: `loopsim list` up to its blank line (the exercises follow it).
const names = run(['list']).split('\n\n')[0].trim().split('\n').map((l) => l.split(/\s+/)[0]);
for (const name of names) {
    checkScenario(name);
}
if (failures > 0) {
    console.log(`${failures} failure(s)`);
    process.exit(1);
}
console.log(`ok: ${names.length} scenarios: the importer's rules, the jsonl truth, and ` +
            `${counterChecks} queue counts against the TUI`);
