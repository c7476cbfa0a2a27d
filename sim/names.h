/*
 * names.h - the one table of every spelling the engine and its front ends share.
 *
 * Each list below is an X-macro: the enum, the name tables and every printer are generated from
 * it, so a phase, an event kind, a reason or an error code is spelled in exactly one place. An
 * op's name is a column of its row in the op table (ops.h).
 */
#ifndef SIM_NAMES_H
#define SIM_NAMES_H

#include "ops.h" /* the ops: their names are a column of the op table */

/*
 * The phases of one loop iteration, in libuv >= 1.45 order (src/unix/core.c:uv_run), plus the
 * places outside the loop where Node runs JavaScript.
 * X(enum suffix, short name, what a learner is told)
 */
#define SIM_PHASE_MAP(X)                                                                     \
    X(MAIN, "main", "the main script, before the loop starts")                              \
    X(TIMERS, "timers", "expired setTimeout/setInterval callbacks")                         \
    X(PENDING, "pending", "I/O callbacks that libuv deferred to the next iteration")        \
    X(IDLE, "idle", "idle and prepare handles (internal: Node's immediate idle handle)")   \
    X(POLL, "poll", "wait for I/O, then run I/O and worker-pool completion callbacks")     \
    X(CHECK, "check", "setImmediate callbacks")                                             \
    X(CLOSE, "close", "close callbacks (uv_close), most recently closed first")            \
    X(EXIT, "exit", "after the loop: beforeExit and exit listeners")

enum sim_phase {
#define X(e, name, what) SIM_PHASE_##e,
    SIM_PHASE_MAP(X)
#undef X
    SIM_PHASE_COUNT
};

/*
 * What an event is.
 * X(enum suffix, name in traces)
 */
#define SIM_EVENT_MAP(X)          \
    X(CALLBACK, "callback")       \
    X(LOG, "log")                 \
    X(BLOCK, "block")             \
    X(SCHEDULE, "schedule")       \
    X(PHASE, "phase")             \
    X(POLL_WAIT, "poll-wait")     \
    X(WORKER_START, "worker-start") \
    X(WORKER_DONE, "worker-done") \
    X(NOTE, "note")               \
    X(LOOP_EXIT, "loop-exit")     \
    X(STOP, "stop")

enum sim_event_kind {
#define X(e, name) SIM_EVENT_##e,
    SIM_EVENT_MAP(X)
#undef X
    SIM_EVENT_COUNT
};

/* The queues a front end can list, each in the order its items will run. */
#define SIM_QUEUE_MAP(X)                                                          \
    X(TIMERS, "timers", "Node timers, by list expiry then list age")               \
    X(PENDING, "pending", "callbacks libuv deferred to the pending phase")         \
    X(IMMEDIATES, "immediates", "setImmediate callbacks")                          \
    X(CLOSE, "close", "close callbacks, newest first")                             \
    X(TICKS, "nextTick", "process.nextTick callbacks")                             \
    X(MICROTASKS, "microtasks", "promise reactions and queueMicrotask callbacks")  \
    X(IO, "io", "fds and clients waiting to become ready, by time")                \
    X(WORK, "work queue", "worker-pool jobs waiting for a worker, FIFO")           \
    X(DONE, "completed", "finished jobs waiting for poll to deliver them")

enum sim_queue {
#define X(e, name, what) SIM_QUEUE_##e,
    SIM_QUEUE_MAP(X)
#undef X
    SIM_QUEUE_COUNT
};

/*
 * Why an event happened: the rule of Node or libuv behind it. The text is a template for
 * printers; %A, %B and %S stand for the event's arg_a, arg_b (in virtual milliseconds where the
 * name says _MS) and its detail string. The explanation, with the same placeholders, is the rule
 * as a narrator tells it (`loopsim explain`, ui/explain.c): for a callback or a note, why it
 * happened here and now, as a clause; for a schedule, what was queued and where it will run, as
 * a noun phrase.
 * X(enum suffix, short key, the queue its callback waited in (COUNT: none), template,
 *   explanation)
 */
#define SIM_REASON_MAP(X)                                                                          \
    X(NONE, "none", COUNT, "",                                                                     \
      "")                                                                                          \
    X(MAIN_SCRIPT, "main-script", COUNT,                                                           \
      "CommonJS entry: the main script runs before the loop starts",                               \
      "a CommonJS program's main script runs first, synchronously, before the event loop "         \
      "starts")                                                                                    \
    X(MAIN_MODULE, "main-module", COUNT,                                                           \
      "ES module entry: the module is evaluated in a microtask of the first poll phase, "          \
      "after its source was read on the worker pool",                                              \
      "an ES module is evaluated in a microtask of the first poll phase, once its source has "     \
      "been read on the worker pool")                                                              \
    X(TIMER_DUE, "timer-due", TIMERS,                                                              \
      "timer list %A ms is due: its head started at %B ms and now is frozen for this pass",        \
      "its timer list of %A ms was due when the timers phase began (the list's head started "      \
      "at %B ms): that phase runs every timer due by then, the earliest first")                    \
    X(INTERVAL_DUE, "interval-due", TIMERS,                                                        \
      "interval due (list %A ms, started %B ms); it is re-armed from the start of this "           \
      "callback",                                                                                  \
      "its interval of %A ms was due when the timers phase began (it started at %B ms): the "      \
      "timers phase runs it like a timer, and Node then re-arms it for %A ms more")                \
    X(IMMEDIATE, "immediate", IMMEDIATES,                                                          \
      "setImmediate queue: the batch was taken at the start of this check phase",                  \
      "setImmediate callbacks run in the check phase, which comes right after poll; it was in "    \
      "the batch the phase took when it began (one queued during the phase waits for the next "    \
      "iteration)")                                                                                \
    X(TICK, "tick", TICKS,                                                                         \
      "process.nextTick queue: drained after every callback, before microtasks",                   \
      "process.nextTick callbacks run as soon as the callback before them returns, before any "    \
      "promise job and before the loop moves on")                                                  \
    X(MICROTASK, "microtask", MICROTASKS,                                                          \
      "microtask queue: drained after the nextTick queue is empty",                                \
      "promise jobs and queueMicrotask callbacks run once the nextTick queue is empty, before "    \
      "the loop moves on")                                                                         \
    X(MICROTASK_FIRST, "microtask-checkpoint", MICROTASKS,                                         \
      "microtask queue: the microtask checkpoint under way runs every microtask, new ones "        \
      "too, before the waiting nextTicks",                                                         \
      "a microtask checkpoint was under way, and V8 runs every microtask, new ones too, "          \
      "before Node looks at the nextTick queue again")                                             \
    X(WORK_DONE, "work-done", DONE,                                                                \
      "worker-pool job finished at %A_MS ms; uv__work_done delivers the whole batch in poll",      \
      "its worker-pool job finished at %A_MS ms, and libuv delivers finished jobs in the poll "    \
      "phase, every one that is done when poll looks")                                             \
    X(IO_READY, "io-ready", IO,                                                                    \
      "I/O event ready at %A_MS ms, reported by epoll in the poll phase",                          \
      "its I/O became ready at %A_MS ms, and epoll reports ready I/O in the poll phase")           \
    X(CONNECTION, "connection", IO,                                                                \
      "a client connected at %A_MS ms: one accept() and 'connection' per poll event",              \
      "a client connected at %A_MS ms, and the poll phase accepts one connection per event "       \
      "and calls the 'connection' listener")                                                       \
    X(CONNECT_DONE, "connect", IO,                                                                 \
      "the connection attempt settled at %A_MS ms (reported by epoll)",                            \
      "its connection attempt settled at %A_MS ms, and epoll reports that in the poll phase")      \
    X(PENDING, "pending", PENDING,                                                                 \
      "libuv deferred this I/O callback (uv__io_feed) to the pending phase; ready at %A_MS ms",    \
      "libuv deferred this I/O callback (ready at %A_MS ms) to the pending phase, the first "      \
      "of an iteration")                                                                           \
    X(CLOSE_CB, "close-cb", CLOSE,                                                                 \
      "uv_close() queued this close callback; the close phase runs them newest first",             \
      "uv_close() queued it, and close callbacks run in the close phase, after check, the "        \
      "most recently closed first")                                                                \
    X(SOCKET_WRITE_CB, "write-cb", TICKS,                                                          \
      "a small socket.write completes at once and Node calls its callback by process.nextTick",    \
      "a small socket.write completes at once, and Node calls its callback by "                    \
      "process.nextTick")                                                                          \
    X(SERVER_CLOSE_CB, "server-close-cb", TICKS,                                                   \
      "server.close: 'close' is emitted by process.nextTick once no connection is open",           \
      "once server.close() left no connection open, Node emitted 'close' by process.nextTick")     \
    X(CLOSE_EMIT_AGAIN, "close-emit-again", TICKS,                                                 \
      "'close' is emitted again (server.close ran again), but its once listeners have run: "       \
      "nothing runs",                                                                              \
      "'close' was emitted again (server.close() ran again), but its once listeners had run "      \
      "already, so nothing ran")                                                                   \
    X(CLOSE_LISTENER, "close-listener", COUNT,                                                     \
      "the same 'close' event: EventEmitter runs every listener, in the order they were added",    \
      "it listens to the same 'close' event as the callback before it, and EventEmitter calls "    \
      "every listener at once, in the order they were added")                                      \
    X(WRITE_CB_AGAIN, "write-cb-again", COUNT,                                                     \
      "the same callback as the write before: one after-write tick calls it once per write "       \
      "(Writable's afterWriteTickInfo)",                                                           \
      "it is the callback of the write before too, and one after-write tick calls it once per "    \
      "write")                                                                                     \
    X(BEFORE_EXIT, "before-exit", COUNT,                                                           \
      "the loop has nothing left to do: 'beforeExit' runs and may revive it",                      \
      "the loop had nothing left to do, so Node emitted 'beforeExit'; what its listeners "         \
      "queue starts the loop again")                                                               \
    X(EXIT_LISTENER, "exit", COUNT,                                                                \
      "the process is exiting: 'exit' listeners run; ticks are dropped",                           \
      "the process was exiting, so Node emitted 'exit': its listeners run at once, and "           \
      "nextTicks queued now never run")                                                            \
    X(SCHED_TIMER, "sched-timer", COUNT, "joins timer list %A ms, due at %B ms",                   \
      "a timer for the timers phase once it is due, at %B ms (list %A ms)")                        \
    X(SCHED_TIMER_TRUNC, "sched-timer-trunc", COUNT,                                               \
      "a fractional delay is truncated: joins timer list %A ms, due at %B ms",                     \
      "a timer for the timers phase once it is due, at %B ms (list %A ms: the fraction of the "    \
      "delay is dropped)")                                                                         \
    X(SCHED_CLAMP, "sched-clamp", COUNT,                                                           \
      "delay %S is outside 1..2^31-1, so Node uses 1 ms; due at %B ms",                            \
      "a timer of 1 ms (Node turns a delay of %S into 1 ms), for the timers phase once it is "     \
      "due, at %B ms")                                                                             \
    X(SCHED_IMMEDIATE, "sched-immediate", COUNT, "queued for the next check phase",                \
      "an immediate for the next check phase")                                                     \
    X(SCHED_TICK, "sched-tick", COUNT, "queued on the nextTick queue",                             \
      "a nextTick, to run as soon as the callback under way returns")                              \
    X(SCHED_MICROTASK, "sched-microtask", COUNT, "queued on the microtask queue",                  \
      "a microtask, to run once the nextTick queue is empty")                                      \
    X(SCHED_PROMISE_JOBS, "sched-promise-jobs", COUNT,                                             \
      "%A promise job(s) queued on the microtask queue, the first for %S",                         \
      "a promise job for the microtask queue (%A queued at once, the first for %S)")               \
    X(SCHED_JOB, "sched-job", COUNT, "one worker-pool request of %B_MS ms",                        \
      "a worker-pool job of %B_MS ms, whose callback runs in a poll phase after it ends")          \
    X(SCHED_JOBS, "sched-jobs", COUNT,                                                             \
      "a chain of %A worker-pool requests of %B_MS ms each, each queued when the last is done",    \
      "a chain of %A worker-pool jobs of %B_MS ms each, one after the other, whose callback "      \
      "runs in a poll phase after the last")                                                       \
    X(SCHED_IO, "sched-io", COUNT, "an I/O event %A_MS ms from now",                               \
      "an I/O event %A_MS ms later, for a poll phase")                                             \
    X(SCHED_LISTEN, "sched-listen", COUNT, "the server keeps the loop alive until it is closed",   \
      "a listening server, which keeps the loop alive until it is closed")                         \
    X(SCHED_CONNECT, "sched-connect", COUNT,                                                       \
      "a socket handle now, which keeps the loop alive until it is closed; the connection "        \
      "attempt settles %A_MS ms from now",                                                         \
      "a connection attempt that settles %A_MS ms later, in a poll phase")                         \
    X(SCHED_CONNECT_FAILED, "sched-connect-failed", COUNT,                                         \
      "the attempt failed (%S): Node destroys the socket (uv_close) before its 'error' "           \
      "listener runs",                                                                             \
      "a connection attempt that failed (%S): Node closes its socket first")                       \
    X(SCHED_WRITE_SHARED, "sched-write-shared", COUNT,                                             \
      "the same callback as the write before: it joins that write's after-write tick",             \
      "a write whose callback joins the previous write's after-write tick")                        \
    X(SCHED_CLOSE, "sched-close", COUNT, "uv_close(): its callback runs in the close phase",       \
      "a close, whose callback runs in the close phase")                                           \
    X(SCHED_SERVER_CLOSE, "sched-server-close", COUNT,                                             \
      "server.close(): the server stops listening, and its listen handle is uv_close()d (an "      \
      "internal close, in the close phase); a callback becomes a once('close') listener",          \
      "server.close(), whose 'close' comes once no connection is left")                            \
    X(SERVER_NOT_RUNNING, "server-not-running", COUNT,                                             \
      "the server is not listening: a callback is still added as a once('close') listener "        \
      "(it gets ERR_SERVER_NOT_RUNNING)",                                                          \
      "a 'close' listener on a server that is not listening (it gets ERR_SERVER_NOT_RUNNING)")     \
    X(SCHED_CLEAR, "sched-clear", COUNT, "cleared: it will not run",                               \
      "a clear: it will not run")                                                                  \
    X(SCHED_REF, "sched-ref", COUNT, "ref'd: it keeps the loop alive",                             \
      "a ref: it keeps the loop alive again")                                                      \
    X(SCHED_UNREF, "sched-unref", COUNT, "unref'd: it no longer keeps the loop alive",             \
      "an unref: it no longer keeps the loop alive")                                               \
    X(SCHED_REFRESH, "sched-refresh", COUNT,                                                       \
      "refreshed: re-appended to list %A ms, due at %B ms",                                        \
      "a refresh: its countdown starts again, so it is due at %B ms")                              \
    X(SCHED_LISTENER, "sched-listener", COUNT, "listener added",                                   \
      "a listener")                                                                                \
    X(NO_HANDLE, "no-handle", COUNT, "'%S' names no live handle: Node does nothing here",          \
      "nothing: '%S' names no live handle")                                                        \
    X(CLEAR_NOT_TIMEOUT, "clear-not-timeout", COUNT,                                               \
      "'%S' is an Immediate: clearTimeout and clearInterval clear only a Timeout (one with "       \
      "_onTimeout), so Node does nothing",                                                         \
      "nothing: '%S' is an Immediate, which clearTimeout and clearInterval do not clear")          \
    X(ALREADY_DESTROYED, "already-destroyed", COUNT,                                               \
      "the socket is already destroyed: destroy() does nothing, and a listener it adds hears "     \
      "the socket's one 'close'",                                                                  \
      "nothing: the socket was destroyed already")                                                 \
    X(CLOSE_EMITTED, "close-emitted", COUNT,                                                       \
      "the socket's 'close' was emitted already: destroy() does nothing, and a listener "          \
      "added now never runs",                                                                      \
      "nothing: the socket's 'close' was emitted already, so a listener added now never runs")     \
    X(FIRST_LOG, "first-log", COUNT,                                                               \
      "the process's first console.log also creates process.stdout, which takes milliseconds",     \
      "the first console.log also creates process.stdout, which takes milliseconds")               \
    X(PHASE_ENTER, "phase", COUNT, "",                                                             \
      "")                                                                                          \
    X(IDLE_HANDLE, "idle-handle", COUNT,                                                           \
      "Node's immediate idle handle is active (a ref'd setImmediate waits), so poll will not "     \
      "block",                                                                                     \
      "an immediate was waiting, so Node's idle handle kept poll from blocking: the loop went "    \
      "on to the check phase")                                                                     \
    X(POLL_TIMER, "poll-timer", COUNT, "poll sleeps until the next timer, due at %A ms",           \
      "nothing was ready, so poll slept until the next timer, due at %A ms")                       \
    X(POLL_WAKE_JOB, "poll-wake-job", COUNT,                                                       \
      "poll sleeps until a worker finishes %S at %B_MS ms and wakes the loop through its "         \
      "eventfd",                                                                                   \
      "nothing was ready, so poll slept until a worker finished %S at %B_MS ms")                   \
    X(POLL_WAKE_IO, "poll-wake-io", COUNT, "poll sleeps until %S becomes ready at %B_MS ms",       \
      "nothing was ready, so poll slept until %S became ready at %B_MS ms")                        \
    X(POLL_WAKE_CLIENT, "poll-wake-client", COUNT,                                                 \
      "poll sleeps until a client connects to %S at %B_MS ms",                                     \
      "nothing was ready, so poll slept until a client connected to %S at %B_MS ms")               \
    X(POLL_UNTIL, "poll-until", COUNT, "poll sleeps; the run stops at until_ms = %B_MS ms",        \
      "nothing was ready, so poll slept until the run's end at until_ms = %B_MS ms")               \
    X(WORKER_START, "worker-start", COUNT, "worker %A takes the job from the head of the queue",   \
      "worker %A took the job from the head of the pool's queue")                                  \
    X(WORKER_DONE, "worker-done", COUNT,                                                           \
      "worker %A finished; the loop is woken through its eventfd",                                 \
      "worker %A finished it and woke the loop")                                                   \
    X(WORKER_DONE_SHARED, "worker-done-shared", COUNT,                                             \
      "worker %A finished after %B_MS ms, later than alone: %S (cpus); the loop is woken "         \
      "through its eventfd",                                                                       \
      "worker %A finished it after %B_MS ms, later than alone, because %S")                        \
    X(WORKER_DONE_AHEAD, "worker-done-ahead", COUNT,                                               \
      "worker %A finished after %B_MS ms, ahead of its fair share: the scheduler gave it the "     \
      "cores first while %S (cpus, a cpu-ahead choice); the loop is woken through its eventfd",    \
      "worker %A finished it after %B_MS ms, ahead of its fair share of the cores, while %S "      \
      "(a cpu-ahead choice)")                                                                      \
    X(CORES_MAIN, "cores-main", COUNT,                                                             \
      "the main thread's %A_MS ms of work took %B_MS ms: %S (cpus)",                               \
      "the main thread's %A_MS ms of work took %B_MS ms, because %S")                              \
    X(NODE10_WAIT, "node10-wait", COUNT,                                                           \
      "Node 10: the queued nextTicks and microtasks wait for the end of the %S; Node 11 runs "     \
      "them after every timer and immediate (nodejs/node#22842)",                                  \
      "under Node 10, the queued nextTicks and microtasks waited for the end of the %S")           \
    X(PHASE_LIMIT, "phase-limit", COUNT,                                                           \
      "the per-phase limit of %A callbacks was reached; the rest wait for the next iteration",     \
      "the per-phase limit of %A callbacks was reached, so the rest of the queue waits for "       \
      "the next iteration")                                                                        \
    X(LOOP_DEAD, "loop-dead", COUNT, "nothing ref'd keeps the loop alive",                         \
      "nothing ref'd kept the loop alive, so the loop ended")                                      \
    X(PROCESS_EXIT, "process-exit", COUNT, "process.exit(%A): nothing else runs",                  \
      "process.exit(%A) ended the process at once: nothing else runs")                             \
    X(STOP_UNTIL, "stop-until", COUNT, "stopped at until_ms = %A_MS ms",                           \
      "the simulation stopped at until_ms = %A_MS ms, a bound of the run, not of Node")            \
    X(STOP_MAX_CALLBACKS, "stop-max-callbacks", COUNT,                                             \
      "stopped after max_callbacks = %A callbacks: a runaway scenario? (to run longer, raise "     \
      "config.max_callbacks or --max-callbacks)",                                                  \
      "the simulation stopped after max_callbacks = %A callbacks: the program may never end "      \
      "by itself")                                                                                 \
    X(STOP_MAX_JOBS, "stop-max-jobs", COUNT,                                                       \
      "stopped after %A worker-pool jobs, as many as the callbacks a run may make (%B): a "        \
      "runaway scenario? (to run longer, raise config.max_callbacks or --max-callbacks)",          \
      "the simulation stopped after %A worker-pool jobs, its bound for a run of %B callbacks")     \
    X(STOP_MAX_EVENTS, "stop-max-events", COUNT,                                                   \
      "stopped after %A events, 16 for each callback a run may make (%B): a runaway "              \
      "scenario? (to run longer, raise config.max_callbacks or --max-callbacks)",                  \
      "the simulation stopped after %A events, its bound for a run of %B callbacks")               \
    X(STOP_MAX_MEMORY, "stop-max-memory", COUNT,                                                   \
      "stopped: the loop holds %A bytes, over 1 KiB for each callback a run may make (%B): a "     \
      "runaway scenario? (to let it grow, raise config.max_callbacks or --max-callbacks)",         \
      "the simulation stopped with %A bytes in the loop, over its bound for a run of %B "          \
      "callbacks")                                                                                 \
    X(STOP_RUNAWAY_CALLBACK, "stop-runaway-callback", COUNT,                                       \
      "stopped: one callback ran %A instructions without returning (an endless loop that "         \
      "never reads the clock?)",                                                                   \
      "the simulation stopped a callback that ran %A instructions without returning")              \
    X(STOP_BUSY_CALLBACK, "stop-busy-callback", COUNT,                                             \
      "stopped: one callback waited on the clock for %A_MS ms of virtual time (a busy loop "       \
      "that never ends?)",                                                                         \
      "the simulation stopped a callback that waited on the clock for %A_MS ms")                   \
    X(UNCAUGHT, "uncaught-exception", COUNT,                                                       \
      "an exception nobody caught: Node prints it on stderr and the process exits with code 1, "   \
      "after its 'exit' listeners (%S)",                                                           \
      "nobody caught %S, so Node printed it and the process exits with code 1, after its "         \
      "'exit' listeners")                                                                          \
    X(UNCAUGHT_LISTENER, "uncaught-listener", COUNT,                                               \
      "nobody caught it, so Node calls the process's listeners of the event (%S)",                 \
      "nobody caught it, so Node called the process's listeners of the event (%S)")                \
    X(STOP_FOREVER, "stop-forever", COUNT,                                                         \
      "the loop is alive but nothing can ever wake it: a real process would wait forever (%S)",    \
      "the loop is still alive, but nothing can ever wake it: a real process would wait "          \
      "forever (%S)")

enum sim_reason {
#define X(e, key, queue, text, explain) SIM_REASON_##e,
    SIM_REASON_MAP(X)
#undef X
    SIM_REASON_COUNT
};

/*
 * The choice points of a run: the places where real Node's order depends on timing
 * (docs/races.md). Each has two alternatives; 0 is what the model does by default.
 * X(enum suffix, name, what alternative 0 means, what alternative 1 means, how to pin it)
 * %A_MS is the choice point's arg_a (nanoseconds) as milliseconds, %B_MS its arg_b.
 */
#define SIM_CHOICE_MAP(X)                                                                          \
    X(START, "start-up",                                                                           \
      "the loop read its clock less than 1 ms after the timer's (a quick start-up): the timer due "\
      "at %A_MS ms waits for the end of the first iteration",                                      \
      "1 ms of start-up passed before the loop's first clock reading (a busy machine, or the "     \
      "millisecond turning): the timer due at %A_MS ms runs before the first iteration",           \
      "to fix the order, run the pair from an I/O or a timer callback, where the immediate runs "  \
      "first, or block for 1 ms after the timer is set (in loopsim: config loop_start_ms 1), "     \
      "where the timer does")                                                                      \
    X(CLOCK, "clock",                                                                              \
      "less than 1 ms of loop time passed before this timers phase: the timer due at %A_MS ms "    \
      "waits for a later one",                                                                     \
      "the millisecond clock turned before this timers phase (callbacks took longer than "         \
      "modelled, or the millisecond ended): the timer due at %A_MS ms runs in it",                 \
      "to fix the order, give the timer a margin of several milliseconds, or queue what races it " \
      "from the timer's own callback")                                                             \
    X(POOL, "pool-order",                                                                          \
      "of two worker-pool jobs that end %B_MS ms apart, the one due at %A_MS ms ends first",       \
      "of two worker-pool jobs that end %B_MS ms apart, the later one ends first (real job "       \
      "lengths spread, and threads wake late)",                                                    \
      "to fix the order, start the second request in the callback of the first, or run the "       \
      "pool with one worker (UV_THREADPOOL_SIZE=1)")                                               \
    X(BATCH, "same-batch",                                                                         \
      "of two pool jobs or two I/O events %B_MS ms apart, the later one comes in a later poll "    \
      "than the one at %A_MS ms",                                                                  \
      "of two pool jobs or two I/O events %B_MS ms apart, the later one is there already when "    \
      "poll collects the one at %A_MS ms: both come in one batch, before what the first one's "    \
      "callback queues",                                                                           \
      "to fix the order, start the second in the callback of the first, or keep them well apart")  \
    X(SPLIT, "split-batch",                                                                        \
      "of two pool jobs or two I/O events at the same instant, %A_MS ms, both come in one batch",  \
      "of two pool jobs or two I/O events at the same instant, %A_MS ms, the second comes %B_MS "  \
      "ms later, in a later poll, after what the first one's callback queues",                     \
      "to fix the order, start the second in the callback of the first, or keep them well apart")  \
    X(IO, "io-order",                                                                              \
      "of two I/O events ready %B_MS ms apart, the one ready at %A_MS ms is seen first",           \
      "of two I/O events ready %B_MS ms apart, the later one is seen first (its peer was "         \
      "quicker)",                                                                                  \
      "to fix the order, make the second event depend on the first (start it, or answer it, "      \
      "from the first one's callback)")                                                            \
    X(LATE, "poll-late",                                                                           \
      "poll wakes on time for the timer due at %A_MS ms",                                          \
      "poll wakes %B_MS ms late for the timer due at %A_MS ms (epoll counts whole milliseconds, "  \
      "and a busy machine wakes threads late): what is ready by then comes with it",               \
      "to fix the order, keep timers and the events they race more than a few milliseconds "       \
      "apart, or queue one from the other's callback")                                             \
    X(AHEAD, "cpu-ahead",                                                                          \
      "the cores serve every runnable thread alike: the computing pool job that could end by "     \
      "%A_MS ms ends at %B_MS ms",                                                                 \
      "the scheduler gives a computing pool job the cores first (Linux is fair only over a "       \
      "scheduling period): it ends at %A_MS ms, as early as its own work and the cores allow, "    \
      "not at %B_MS ms, and the jobs beside it wait for what it took",                             \
      "to fix the order, run no more computing jobs at once than there are cores (chain them, or " \
      "a smaller UV_THREADPOOL_SIZE), or keep what they race well away from when they could end")

enum sim_choice_kind {
#define X(e, name, first, second, pin) SIM_CHOICE_##e,
    SIM_CHOICE_MAP(X)
#undef X
    SIM_CHOICE_COUNT
};

/*
 * Error codes: actions return 0 or one of these, negated.
 * X(enum suffix, value, message)
 */
#define SIM_ERRNO_MAP(X)                                        \
    X(NOMEM, 1, "out of memory")                                \
    X(INVAL, 2, "invalid argument")                             \
    X(SYNTAX, 3, "invalid JSON")                                \
    X(SCHEMA, 4, "invalid scenario")                            \
    X(LIMIT, 5, "a documented limit was exceeded")              \
    X(STATE, 6, "the loop is in the wrong state for this call")

enum sim_errno {
#define X(e, v, msg) SIM_E##e = v,
    SIM_ERRNO_MAP(X)
#undef X
};

/* The name of a phase, an op, an event kind or a reason; never NULL. */
const char *sim_phase_name(enum sim_phase phase);
const char *sim_phase_what(enum sim_phase phase);
const char *sim_op_name(enum sim_op op);
const char *sim_event_name(enum sim_event_kind kind);
const char *sim_reason_key(enum sim_reason reason);
const char *sim_reason_text(enum sim_reason reason);
const char *sim_reason_explain(enum sim_reason reason);
const char *sim_choice_name(enum sim_choice_kind kind);

/* What alternative `alt` (0 or 1) of a choice point of `kind` means, with %A and %B; "" else. */
const char *sim_choice_text(enum sim_choice_kind kind, unsigned alt);

/* How to pin the order that a choice point of `kind` leaves open, in Node. */
const char *sim_choice_pin(enum sim_choice_kind kind);

/* The queue a callback run by `reason` waited in, where inspection lists it; SIM_QUEUE_COUNT
 * for none (the main script, listeners run by an emit). */
enum sim_queue sim_reason_queue(enum sim_reason reason);
const char *sim_strerror(int code);

/* Looks an op up by its JSON name; returns SIM_OP_COUNT when there is none. */
enum sim_op sim_op_lookup(const char *name);

#endif
