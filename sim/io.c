/*
 * io.c - file descriptors and the phases that serve them: poll (libuv src/unix/linux.c
 * uv__io_poll), pending (uv__run_pending) and close (uv__run_closing_handles); and the handles
 * behind them: generic I/O events, dns.resolve, connect, servers and their sockets.
 *
 * An fd becomes ready at a virtual instant; epoll reports the ready ones in the order they
 * became ready (ties: the order they were scheduled), at most 1024 per wait. The pool's eventfd
 * is one of them, readable from the moment a job finished.
 */
#include "sim_internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- The heap of fds waiting to become ready, by (ready, seq) --------------------------- */

/* Is fd (or client) a ready before b? epoll reports ties in the order they were scheduled. */
bool sim__io_less(const void *ctx, uint32_t a, uint32_t b)
{
    const struct sim_loop *loop = ctx;
    const struct task *ta = &loop->tasks[a];
    const struct task *tb = &loop->tasks[b];
    if (ta->u.io.ready_ns != tb->u.io.ready_ns) {
        return ta->u.io.ready_ns < tb->u.io.ready_ns;
    }
    return ta->seq < tb->seq;
}

static void io_moved(void *ctx, uint32_t t, uint32_t pos)
{
    struct sim_loop *loop = ctx;
    loop->tasks[t].u.io.heap_pos = pos;
}

static const struct heap_order io_order = {sim__io_less, io_moved};

static void io_heap_push(struct sim_loop *loop, uint32_t t)
{
    struct io_state *io = &loop->io;
    if (!sim__grow(loop, (void **)&io->heap.items, &io->heap_cap, sizeof(uint32_t),
                   io->heap.len + 1)) {
        return;
    }
    T(loop, t)->place = PLACE_IO_HEAP;
    heap_push(&io->heap, &io_order, loop, t);
}

static void io_heap_remove(struct sim_loop *loop, uint32_t t)
{
    heap_remove_at(&loop->io.heap, &io_order, loop, T(loop, t)->u.io.heap_pos);
    T(loop, t)->place = PLACE_NONE;
}

static uint32_t io_heap_pop(struct sim_loop *loop)
{
    uint32_t t = loop->io.heap.items[0];
    io_heap_remove(loop, t);
    return t;
}

uint64_t sim__io_next_ready(const struct sim_loop *loop)
{
    const struct heap *h = &loop->io.heap;
    return h->len > 0 ? loop->tasks[h->items[0]].u.io.ready_ns : UINT64_MAX;
}

/* ---- Handles: servers and sockets ------------------------------------------------------- */

static struct server_part *server_of(struct sim_loop *loop, uint32_t t)
{
    return &loop->io.handles[T(loop, t)->u.handle].u.server;
}

static struct socket_part *socket_of(struct sim_loop *loop, uint32_t t)
{
    return &loop->io.handles[T(loop, t)->u.handle].u.sock;
}

/* Handle 0: handed out when memory runs out, like SPARE_TASK (the run stops at once). */
#define SPARE_HANDLE 0u

/* Gives task t (a server or a socket) its handle state, zeroed. */
static void handle_new(struct sim_loop *loop, uint32_t t)
{
    struct io_state *io = &loop->io;
    uint32_t h = SPARE_HANDLE;
    if (sim__grow(loop, (void **)&io->handles, &io->handle_cap, sizeof(struct handle),
                  io->handle_count + 1)) {
        h = io->handle_count++;
    }
    memset(&io->handles[h], 0, sizeof(struct handle));
    T(loop, t)->u.handle = h;
}

void sim__io_init(struct sim_loop *loop)
{
    struct io_state *io = &loop->io;
    io->close_due = NIL;
    io->failed_socket = NIL;
    queue_init(&io->pending);
    queue_init(&io->pending_run);
    queue_init(&io->closing);
    queue_init(&io->closing_run);
    queue_init(&io->poll.batch);
    queue_init(&io->poll.done_batch);
    if (sim__grow(loop, (void **)&io->handles, &io->handle_cap, sizeof(struct handle), 1)) {
        io->handle_count = 1; /* SPARE_HANDLE */
    }
}

/* ---- Starting handles ------------------------------------------------------------------- */

static void bind_and_announce(struct sim_loop *loop, uint32_t t, enum sim_reason reason,
                              int64_t a)
{
    const struct sim_stmt *s = &loop->prog->stmts[T(loop, t)->stmt];
    if (s->id != NULL) {
        sim__id_bind(loop, s->id, sim__task_env(T(loop, t)), t);
    }
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_SCHEDULE, reason, t);
    sim__emit_label_of(loop, pe, t);
    pe->ev.arg_a = a;
}

/* Does fd t's event go to the pending phase (uv__io_feed) rather than run in poll? */
static bool is_deferred(const struct sim_loop *loop, uint32_t t)
{
    const struct task *task = &loop->tasks[t];
    return task->kind == TASK_IO && loop->prog->stmts[task->stmt].deferred;
}

/* An fd that becomes ready `ms` after statement `stmt`; its callback acts on `socket`. */
static uint32_t fd_start(struct sim_loop *loop, uint32_t stmt, uint32_t env, uint32_t socket)
{
    const struct sim_stmt *s = &loop->prog->stmts[stmt];
    uint32_t t = sim__task_new(loop, TASK_IO, stmt, env, socket);
    struct task *task = T(loop, t);
    task->u.io.ready_ns = loop->hr + s->ms_ns;
    task->u.io.server = NIL;
    /* A connect's `unref` is its socket's; the attempt is a request (uv_connect_t), which
       keeps the loop alive until it settles (node v20: an unref'd socket still connects). */
    task->refed = !s->unref || s->op == SIM_OP_CONNECT;
    sim__set_active(loop, t, true);
    io_heap_push(loop, t);
    return t;
}

/* io and dns.resolve (c-ares: no worker): an fd that becomes ready `ms` from now. */
void sim__io_start(struct sim_loop *loop, uint32_t stmt, uint32_t env, uint32_t socket)
{
    uint32_t t = fd_start(loop, stmt, env, socket);
    bind_and_announce(loop, t, SIM_REASON_SCHED_IO, (int64_t)loop->prog->stmts[stmt].ms_ns);
}

/* An open socket handle, named after statement `stmt` (its listen, or its connect). */
static uint32_t socket_new(struct sim_loop *loop, uint32_t stmt, uint32_t env, uint32_t server,
                           bool refed)
{
    uint32_t sock = sim__task_new(loop, TASK_SOCKET, stmt, env, NIL);
    handle_new(loop, sock);
    struct socket_part *sk = socket_of(loop, sock);
    T(loop, sock)->refed = refed;
    sk->server = server;
    sk->attempt = NIL;
    sk->write_tick = NIL;
    queue_init(&sk->writes);
    queue_init(&sk->listeners);
    sk->open = true;
    sim__set_active(loop, sock, true);
    return sock;
}

/*
 * net.connect(): the socket is a handle from the start, so it keeps the loop alive until it is
 * closed (measured on node v20: a connected socket alone keeps the process running). Its
 * connection attempt is an fd that settles `ms` from now; the 'connect' (or 'error') listener
 * then runs with this socket as its own, and `id` names the socket.
 */
void sim__connect(struct sim_loop *loop, uint32_t stmt, uint32_t env)
{
    const struct sim_stmt *s = &loop->prog->stmts[stmt];
    uint32_t sock = socket_new(loop, stmt, env, NIL, !s->unref);
    uint32_t attempt = fd_start(loop, stmt, env, sock);
    socket_of(loop, sock)->attempt = attempt;
    bind_and_announce(loop, sock, SIM_REASON_SCHED_CONNECT, (int64_t)s->ms_ns);
}

/*
 * Sorts the NIL-terminated chain of `n` clients from `head` by (ready, seq), following only the
 * `next` links: a merge sort, O(n log n). Returns the new head.
 */
static uint32_t sort_clients(struct sim_loop *loop, uint32_t head, uint32_t n)
{
    if (n < 2) {
        return head;
    }
    uint32_t mid = head;
    for (uint32_t i = 1; i < n / 2; i++) {
        mid = T(loop, mid)->link.next;
    }
    uint32_t second = T(loop, mid)->link.next;
    T(loop, mid)->link.next = NIL;
    uint32_t a = sort_clients(loop, head, n / 2);
    uint32_t b = sort_clients(loop, second, n - n / 2);
    uint32_t first = NIL;
    uint32_t *end = &first;
    while (a != NIL && b != NIL) {
        uint32_t *least = sim__io_less(loop, b, a) ? &b : &a; /* ties keep a's, the older */
        *end = *least;
        end = &T(loop, *least)->link.next;
        *least = *end;
    }
    *end = a != NIL ? a : b;
    return first;
}

/* Restores the prev links and the tail of a queue whose next links were rearranged. */
static void relink(struct sim_loop *loop, struct queue *q)
{
    uint32_t prev = NIL;
    for (uint32_t t = q->head; t != NIL; t = T(loop, t)->link.next) {
        T(loop, t)->link.prev = prev;
        prev = t;
    }
    q->tail = prev;
}

/*
 * The server's next client, if any, waits in the fd heap from now on. A listen fd is one event
 * however many clients wait on it, and libuv >= 1.45 accepts one connection per event
 * (uv__server_io): the others stay ready for the next poll. So only a server's earliest client
 * is in the heap (or in the poll batch, or being accepted); the rest wait in its backlog, in
 * order, and a poll collects each client once rather than skipping the ones behind it.
 */
static void next_client(struct sim_loop *loop, uint32_t server)
{
    uint32_t c = sim__queue_pop(loop, &server_of(loop, server)->backlog);
    if (c != NIL) {
        loop->io.backlog--;
        io_heap_push(loop, c);
    }
}

/* net.createServer(cb).listen(): a ref'd handle, and its clients connecting at given times. */
void sim__listen(struct sim_loop *loop, uint32_t stmt, uint32_t env, uint32_t socket)
{
    const struct sim_stmt *s = &loop->prog->stmts[stmt];
    uint32_t server = sim__task_new(loop, TASK_SERVER, stmt, env, socket);
    handle_new(loop, server);
    T(loop, server)->refed = !s->unref;
    struct server_part *sv = server_of(loop, server);
    sv->listening = true;
    sv->close_stmt = NIL;
    sv->close_env = NIL;
    queue_init(&sv->listeners);
    queue_init(&sv->backlog);
    sim__set_active(loop, server, true);
    bind_and_announce(loop, server, SIM_REASON_SCHED_LISTEN, 0);
    struct queue clients;
    queue_init(&clients);
    for (uint32_t i = 0; i < s->connection_count; i++) {
        uint32_t c = sim__task_new(loop, TASK_CONNECTION, stmt, env, socket);
        if (loop->error) {
            break; /* c is the spare task */
        }
        T(loop, c)->u.io.ready_ns = loop->hr + s->connections_ns[i];
        T(loop, c)->u.io.server = server;
        sim__queue_push(loop, &clients, c, PLACE_BACKLOG);
    }
    clients.head = sort_clients(loop, clients.head, clients.count);
    relink(loop, &clients);
    sv = server_of(loop, server);
    sv->backlog = clients;
    loop->io.backlog += clients.count;
    next_client(loop, server);
}

/* ---- Listeners: what one emit calls ----------------------------------------------------- */

/*
 * A call an emit will make: statement `stmt`'s `do`, with the counters and the socket of the
 * place that added it (a JavaScript closure). `of`: the after-write tick it joins, or NIL.
 */
static void add_call(struct sim_loop *loop, struct queue *q, uint32_t stmt, uint32_t env,
                     uint32_t socket, uint32_t of)
{
    uint32_t c = sim__task_new(loop, TASK_CALL, stmt, env, socket);
    T(loop, c)->u.call_of = of;
    sim__queue_push(loop, q, c, PLACE_CALLS);
}

/*
 * The calls task t's callback makes when it is an emit, moved into `out` oldest first: a
 * socket's close callback (HandleWrap::OnClose -> emit('close')) and a server's 'close' tick
 * (emitCloseNT) run every listener added so far, each once (EventEmitter.emit); an after-write
 * tick (Writable's afterWriteTick) calls its callback once more for every write that joined it.
 * *first may be changed to what announces the first call, *then is what announces the others.
 * False when t's callback is no emit.
 */
bool sim__calls_take(struct sim_loop *loop, uint32_t t, struct queue *out, enum sim_reason *first,
                     enum sim_reason *then)
{
    struct task *task = T(loop, t);
    *then = SIM_REASON_CLOSE_LISTENER;
    if (task->kind == TASK_CLOSE_CB && T(loop, task->u.closecb.handle)->kind == TASK_SOCKET) {
        struct socket_part *sk = socket_of(loop, task->u.closecb.handle);
        sk->close_emitted = true;
        sim__queue_splice(loop, out, &sk->listeners, PLACE_CALLS);
        return true;
    }
    if (task->kind != TASK_TICK) {
        return false;
    }
    if (task->u.tick_reason == SIM_REASON_SERVER_CLOSE_CB) {
        struct server_part *sv = server_of(loop, task->socket);
        if (sv->emitted && sv->listeners.count == 0) {
            *first = SIM_REASON_CLOSE_EMIT_AGAIN;
        }
        sv->emitted = true;
        sim__queue_splice(loop, out, &sv->listeners, PLACE_CALLS);
        return true;
    }
    if (task->u.tick_reason == SIM_REASON_SOCKET_WRITE_CB && task->socket != NIL) {
        struct socket_part *sk = socket_of(loop, task->socket);
        if (sk->write_tick == t) {
            sk->write_tick = NIL; /* state.afterWriteTickInfo = null, before any call */
        }
        while (sk->writes.head != NIL && T(loop, sk->writes.head)->u.call_of == t) {
            sim__queue_push(loop, out, sim__queue_pop(loop, &sk->writes), PLACE_CALLS);
        }
        *then = SIM_REASON_WRITE_CB_AGAIN;
        return true;
    }
    return false;
}

/* ---- Writes ----------------------------------------------------------------------------- */

/*
 * Do two writes pass the same callback function? No `do` is Writable's one `nop`; a named
 * function (`"@name"`) is one function object wherever it is used; an inline `do` is a new
 * closure every time its statement runs, so it is never the same as another.
 */
static bool same_callback(const struct sim_loop *loop, uint32_t a, uint32_t b)
{
    return a == b && (a == SIM_NO_BODY || loop->prog->bodies[a].name != NULL);
}

/*
 * socket.write(data, cb), lib/internal/streams/writable.js onwrite: a small write on an open
 * socket completes at once, and cb is called from an after-write nextTick. A write whose cb is
 * the same function as that of the tick still pending joins it (afterWriteTickInfo.count++), and
 * the tick calls cb once per write: write(a, w); nextTick(t); write(b, w) prints w, w, t (node
 * v20). On a destroyed socket each write's cb gets ERR_STREAM_DESTROYED by a nextTick of its own.
 */
void sim__socket_write(struct sim_loop *loop, uint32_t stmt, uint32_t env, uint32_t sock)
{
    uint32_t body = loop->prog->stmts[stmt].body;
    struct socket_part *sk = sock != NIL ? socket_of(loop, sock) : NULL;
    bool open = sk != NULL && sk->open;
    if (open && sk->write_tick != NIL && same_callback(loop, body, T(loop, sk->write_tick)->body)) {
        if (body != SIM_NO_BODY) {
            add_call(loop, &sk->writes, stmt, env, sock, sk->write_tick);
        }
        struct pending_event *pe =
            sim__emit(loop, SIM_EVENT_SCHEDULE, SIM_REASON_SCHED_WRITE_SHARED, NIL);
        pe->ev.stmt = stmt;
        sim__emit_label_run(loop, pe, stmt, env);
        return;
    }
    uint32_t queued = loop->ticks.queue.count;
    sim__tick_queue(loop, stmt, body, env, sock, SIM_REASON_SOCKET_WRITE_CB);
    if (open) {
        /* sim__tick_queue appends to the queue, unless the process is exiting. */
        sk = socket_of(loop, sock); /* the handles did not move, but say so plainly */
        sk->write_tick = loop->ticks.queue.count > queued ? loop->ticks.queue.tail : NIL;
    }
}

/* ---- Closing ---------------------------------------------------------------------------- */

/* uv_close(): the close callback goes on closing_handles, newest first. */
static void queue_close_cb(struct sim_loop *loop, uint32_t handle, uint32_t stmt, uint32_t body,
                           uint32_t env, bool internal)
{
    uint32_t socket = T(loop, handle)->kind == TASK_SOCKET ? handle : T(loop, handle)->socket;
    uint32_t c = sim__task_new(loop, TASK_CLOSE_CB, stmt, env, socket);
    T(loop, c)->body = body;
    T(loop, c)->u.closecb.handle = handle;
    T(loop, c)->u.closecb.internal = internal;
    sim__queue_push_front(loop, &loop->io.closing, c, PLACE_CLOSING);
}

/*
 * Server#_emitCloseIfDrained: once server.close() has nulled the handle and no connection is
 * open, 'close' by process.nextTick; every call that finds it drained queues a tick of its own.
 * The tick's socket is the server: emitCloseNT(server) runs the server's listeners. The tick is
 * queued in the next action (sim__close_due_step), after the event of the call that got here.
 */
static void emit_close_if_drained(struct sim_loop *loop, uint32_t server)
{
    struct server_part *sv = server_of(loop, server);
    if (!sv->closed || sv->connections > 0) {
        return;
    }
    if (loop->io.close_due != NIL) {
        sim__close_due_step(loop);
    }
    loop->io.close_due = server;
}

/* The 'close' tick a server owes since the last action; false when none is owed. */
bool sim__close_due_step(struct sim_loop *loop)
{
    uint32_t server = loop->io.close_due;
    if (server == NIL) {
        return false;
    }
    loop->io.close_due = NIL;
    const struct server_part *sv = server_of(loop, server);
    sim__tick_queue(loop, sv->close_stmt, SIM_NO_BODY, sv->close_env, server,
                    SIM_REASON_SERVER_CLOSE_CB);
    return true;
}

static bool in_queue(const struct sim_loop *loop, const struct queue *q, uint32_t t)
{
    for (uint32_t u = q->head; u != NIL; u = loop->tasks[u].link.next) {
        if (u == t) {
            return true;
        }
    }
    return false;
}

/*
 * A socket closed while it connects: uv_close cancels the attempt, and net.js afterConnect
 * ignores a destroyed socket, so no 'connect' or 'error' listener runs.
 */
static void cancel_attempt(struct sim_loop *loop, uint32_t sock)
{
    struct io_state *io = &loop->io;
    uint32_t a = socket_of(loop, sock)->attempt;
    if (a == NIL) {
        return;
    }
    socket_of(loop, sock)->attempt = NIL;
    switch (T(loop, a)->place) {
    case PLACE_IO_HEAP:
        io_heap_remove(loop, a);
        break;
    case PLACE_POLL_BATCH:
        sim__queue_remove(loop, &io->poll.batch, a);
        break;
    case PLACE_PENDING:
        sim__queue_remove(
            loop, in_queue(loop, &io->pending, a) ? &io->pending : &io->pending_run, a);
        break;
    default:
        break;
    }
    sim__task_free(loop, a);
}

/* Socket#_destroy: the handle closes; a server's socket gives back its connection. */
static void socket_close(struct sim_loop *loop, uint32_t sock)
{
    struct socket_part *sk = socket_of(loop, sock);
    sk->open = false;
    sim__set_active(loop, sock, false);
    cancel_attempt(loop, sock);
    uint32_t server = socket_of(loop, sock)->server;
    if (server != NIL) {
        server_of(loop, server)->connections--;
        emit_close_if_drained(loop, server);
    }
}

/* Writes "socket of NAME" (NAME: its listen's or its connect's) into buf. */
static void socket_name(const struct sim_loop *loop, uint32_t sock, char *buf, size_t size)
{
    static const char prefix[] = "socket of ";
    memcpy(buf, prefix, sizeof(prefix));
    sim__task_name(loop, sock, buf + sizeof(prefix) - 1, size - sizeof(prefix) + 1);
}

/* An event about statement `stmt` (named as it is, {VAR}s from env) and socket `sock`. */
static void emit_about_socket(struct sim_loop *loop, enum sim_event_kind kind,
                              enum sim_reason reason, uint32_t stmt, uint32_t env, uint32_t sock)
{
    char name[96];
    socket_name(loop, sock, name, sizeof(name));
    struct pending_event *pe = sim__emit(loop, kind, reason, NIL);
    pe->ev.stmt = stmt;
    sim__emit_label_run(loop, pe, stmt, env);
    sim__emit_text(loop, pe, name);
}

/*
 * socket.destroy(), and the `close` op on a socket: `do` is a 'close' listener, added whatever
 * state the socket is in, as socket.on('close', cb) is; the first destroy closes the handle, and
 * the close phase emits 'close' to every listener added by then (measured on node v20: a second
 * destroy does nothing, its listener hears the one 'close'; after 'close', none ever runs).
 * `scope` is the socket the caller's code sees, for the listener's closure.
 */
void sim__socket_destroy(struct sim_loop *loop, uint32_t sock, uint32_t stmt, uint32_t env,
                         uint32_t scope)
{
    if (sock == NIL) {
        return;
    }
    struct socket_part *sk = socket_of(loop, sock);
    if (sk->close_emitted) {
        emit_about_socket(loop, SIM_EVENT_NOTE, SIM_REASON_CLOSE_EMITTED, stmt, env, sock);
        return;
    }
    if (loop->prog->stmts[stmt].body != SIM_NO_BODY) {
        add_call(loop, &sk->listeners, stmt, env, scope, NIL);
        sk = socket_of(loop, sock);
    }
    if (!sk->open) {
        emit_about_socket(loop, SIM_EVENT_NOTE, SIM_REASON_ALREADY_DESTROYED, stmt, env, sock);
        return;
    }
    queue_close_cb(loop, sock, stmt, SIM_NO_BODY, env, false);
    emit_about_socket(loop, SIM_EVENT_SCHEDULE, SIM_REASON_SCHED_CLOSE, stmt, env, sock);
    socket_close(loop, sock);
}

/* net.js afterConnect with an error: self.destroy(ex) before the 'error' listener runs. */
static void connect_failed(struct sim_loop *loop, uint32_t sock)
{
    uint32_t stmt = T(loop, sock)->stmt;
    queue_close_cb(loop, sock, stmt, SIM_NO_BODY, sim__task_env(T(loop, sock)), false);
    struct pending_event *pe =
        sim__emit(loop, SIM_EVENT_SCHEDULE, SIM_REASON_SCHED_CONNECT_FAILED, sock);
    sim__emit_label_of(loop, pe, sock);
    pe->ev.text = loop->prog->stmts[stmt].text; /* the program outlives events */
    socket_close(loop, sock);
}

/*
 * Connections that have not arrived yet are refused once their server stops listening: its
 * backlog, and its first client if that waits in the fd heap (one in the poll batch is dropped
 * by poll when it gets there).
 */
static void drop_future_connections(struct sim_loop *loop, uint32_t server)
{
    struct queue *backlog = &server_of(loop, server)->backlog;
    loop->io.backlog -= backlog->count;
    uint32_t c;
    while ((c = sim__queue_pop(loop, backlog)) != NIL) {
        sim__task_free(loop, c);
    }
    for (uint32_t i = 0; i < loop->io.heap.len; i++) {
        uint32_t t = loop->io.heap.items[i];
        if (T(loop, t)->kind == TASK_CONNECTION && T(loop, t)->u.io.server == server) {
            io_heap_remove(loop, t);
            sim__task_free(loop, t);
            break; /* a server has at most one client in the heap */
        }
    }
}

static void server_stop(struct sim_loop *loop, uint32_t server)
{
    server_of(loop, server)->listening = false;
    sim__set_active(loop, server, false);
    drop_future_connections(loop, server);
}

/*
 * server.close(cb), lib/net.js: cb becomes a once('close') listener, even when the server is
 * not listening any more (then it gets ERR_SERVER_NOT_RUNNING); a listening server stops, and
 * its listen handle is uv_close'd with no JavaScript callback; then _emitCloseIfDrained. So a
 * second server.close queues a second 'close' tick, and the first 'close' runs every listener
 * (measured on node v20: close(a); nextTick(t); close(b) prints a, b, t).
 */
void sim__server_close(struct sim_loop *loop, uint32_t server, uint32_t stmt, uint32_t env,
                       uint32_t scope)
{
    struct server_part *sv = server_of(loop, server);
    if (loop->prog->stmts[stmt].body != SIM_NO_BODY) {
        add_call(loop, &sv->listeners, stmt, env, scope, NIL);
        sv = server_of(loop, server);
    }
    struct pending_event *pe = sim__emit(
        loop, SIM_EVENT_SCHEDULE,
        sv->listening ? SIM_REASON_SCHED_SERVER_CLOSE : SIM_REASON_SERVER_NOT_RUNNING, NIL);
    pe->ev.stmt = stmt;
    if (sv->listening) {
        /* The close queue's item is the listen handle's: named after it, as this event is. */
        sim__emit_label_of(loop, pe, server);
        server_stop(loop, server);
        queue_close_cb(loop, server, T(loop, server)->stmt, SIM_NO_BODY,
                       sim__task_env(T(loop, server)), true);
    } else {
        sim__emit_label_run(loop, pe, stmt, env);
    }
    sv = server_of(loop, server);
    sv->closed = true;
    sim__env_unref(loop, sv->close_env);
    sv->close_stmt = stmt;
    sv->close_env = env;
    sim__env_ref(loop, env);
    emit_close_if_drained(loop, server);
}

/*
 * The `close` op: uv_close() on whatever handle the name is bound to. On a socket it is
 * socket.destroy() with `do` as a 'close' listener.
 */
void sim__handle_close(struct sim_loop *loop, uint32_t handle, uint32_t stmt, uint32_t env,
                       uint32_t scope)
{
    struct task *task = T(loop, handle);
    char name[96];
    sim__task_name(loop, handle, name, sizeof(name)); /* clearing a timer may free it */
    bool closable = true;
    switch (task->kind) {
    case TASK_TIMEOUT:
        sim__timer_clear(loop, handle);
        break;
    case TASK_IMMEDIATE:
        sim__immediate_clear(loop, handle);
        break;
    case TASK_SERVER:
        closable = server_of(loop, handle)->listening;
        if (closable) {
            server_stop(loop, handle);
        }
        break;
    case TASK_SOCKET:
        sim__socket_destroy(loop, handle, stmt, env, scope);
        return;
    case TASK_IO:
        closable = task->place == PLACE_IO_HEAP;
        if (closable) {
            io_heap_remove(loop, handle);
            sim__set_active(loop, handle, false);
        }
        break;
    default:
        closable = false;
        break;
    }
    if (!closable) {
        struct pending_event *pe = sim__emit(loop, SIM_EVENT_NOTE, SIM_REASON_NO_HANDLE, NIL);
        pe->ev.stmt = stmt;
        sim__emit_text(loop, pe, loop->prog->stmts[stmt].id);
        return;
    }
    /* Named after this statement, as its close callback is; the text names the handle. */
    queue_close_cb(loop, handle, stmt, loop->prog->stmts[stmt].body, env, false);
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_SCHEDULE, SIM_REASON_SCHED_CLOSE, NIL);
    pe->ev.stmt = stmt;
    sim__emit_label_run(loop, pe, stmt, env);
    sim__emit_text(loop, pe, name);
}

/* handle.ref() / handle.unref() on servers, sockets, fds and (an extension) requests. */
void sim__handle_set_ref(struct sim_loop *loop, uint32_t t, bool refed)
{
    sim__set_refed(loop, t, refed);
    struct pending_event *pe = sim__emit(
        loop, SIM_EVENT_SCHEDULE, refed ? SIM_REASON_SCHED_REF : SIM_REASON_SCHED_UNREF, t);
    sim__emit_label_of(loop, pe, t);
}

/* ---- Pending ---------------------------------------------------------------------------- */

/*
 * uv__io_feed: a deferred fd event does not run its callback in poll; libuv queues it for the
 * pending phase at the start of the next iteration (the contract's `deferred: true`).
 */
static void feed(struct sim_loop *loop, uint32_t t)
{
    sim__set_active(loop, t, false);
    T(loop, t)->u.io.fed = true;
    sim__queue_push(loop, &loop->io.pending, t, PLACE_PENDING);
}

/* Feeds every deferred fd event that is ready by now; the others go back to the heap. */
void sim__feed_deferred(struct sim_loop *loop)
{
    struct queue others;
    queue_init(&others);
    while (loop->io.heap.len > 0 && sim__io_next_ready(loop) <= loop->hr) {
        uint32_t t = io_heap_pop(loop);
        if (is_deferred(loop, t)) {
            feed(loop, t);
        } else {
            sim__queue_push(loop, &others, t, PLACE_NONE);
        }
    }
    uint32_t t;
    while ((t = sim__queue_pop(loop, &others)) != NIL) {
        io_heap_push(loop, t);
    }
}

static bool run_and_drain(struct sim_loop *loop, uint32_t t, enum sim_reason reason, int64_t a)
{
    sim__call(loop, t, reason, a, 0, AFTER_FREE_DRAIN, 0);
    return true;
}

/*
 * An fd's callback, from poll or pending. A connect attempt that settles leaves its socket; a
 * failed one destroys the socket as its callback begins (net.js afterConnect), so the
 * 'error' listener runs on a destroyed socket and 'close' follows in the close phase.
 */
static bool deliver_fd(struct sim_loop *loop, uint32_t t, enum sim_reason reason)
{
    const struct sim_stmt *s = &loop->prog->stmts[T(loop, t)->stmt];
    uint32_t sock = T(loop, t)->socket;
    bool failed = false;
    if (s->op == SIM_OP_CONNECT) {
        socket_of(loop, sock)->attempt = NIL;
        failed = s->text != NULL;
    }
    bool started =
        sim__call(loop, t, reason, (int64_t)T(loop, t)->u.io.ready_ns, 0, AFTER_FREE_DRAIN, 0);
    if (started && failed) {
        loop->io.failed_socket = sock; /* the callback's first step (sim__connect_failed_step) */
    }
    return true;
}

/*
 * A failed attempt's callback has begun: its first step destroys the socket, before the
 * 'error' listener's code runs. False when no callback began with a failed connect.
 */
bool sim__connect_failed_step(struct sim_loop *loop)
{
    uint32_t sock = loop->io.failed_socket;
    if (sock == NIL || loop->call.active) {
        return false;
    }
    loop->io.failed_socket = NIL;
    connect_failed(loop, sock);
    return true;
}

static bool limit_hit(struct sim_loop *loop, enum sim_phase phase, uint32_t ran)
{
    uint32_t limit = loop->cfg->limits[phase];
    if (limit == 0 || ran < limit) {
        return false;
    }
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_NOTE, SIM_REASON_PHASE_LIMIT, NIL);
    pe->ev.arg_a = limit;
    return true;
}

/*
 * uv__run_pending: runs what was fed before the phase began, each callback then its drain (in
 * its `after`). A resumable pass: BATCH_TAKE takes the snapshot, BATCH_RUN starts one callback.
 */
bool sim__pending_step(struct sim_loop *loop)
{
    struct io_state *io = &loop->io;
    struct batch_pass *pp = &io->pend;
    switch (pp->pc) {
    case BATCH_TAKE:
        sim__feed_deferred(loop);
        sim__queue_splice(loop, &io->pending_run, &io->pending, PLACE_PENDING);
        pp->pc = BATCH_RUN;
        /* fall through */
    case BATCH_RUN:
        if (io->pending_run.count == 0) {
            pp->pc = BATCH_DONE;
            return false;
        }
        if (limit_hit(loop, SIM_PHASE_PENDING, pp->ran)) {
            /* The rest waits for the next iteration, ahead of what is fed meanwhile. */
            sim__queue_splice(loop, &io->pending_run, &io->pending, PLACE_PENDING);
            sim__queue_splice(loop, &io->pending, &io->pending_run, PLACE_PENDING);
            pp->pc = BATCH_DONE;
            return false;
        }
        pp->ran++;
        return deliver_fd(loop, sim__queue_pop(loop, &io->pending_run), SIM_REASON_PENDING);
    default:
        return false;
    }
}

/* ---- Close ------------------------------------------------------------------------------ */

/* The listen handle's own close: no JavaScript runs, so it is a note, named after the handle. */
static bool close_internal(struct sim_loop *loop, uint32_t t)
{
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_NOTE, SIM_REASON_CLOSE_CB, t);
    sim__emit_label_of(loop, pe, t);
    sim__emit_text(loop, pe,
                   "the listen handle's internal close (HandleWrap::OnClose): "
                   "server.close() gave it no JavaScript callback");
    sim__task_free(loop, t);
    return true;
}

/*
 * uv__run_closing_handles: the list is taken whole at the start; handles closed by its
 * callbacks wait for the next iteration. A resumable pass, like pending.
 */
bool sim__close_step(struct sim_loop *loop)
{
    struct io_state *io = &loop->io;
    struct batch_pass *cp = &io->close;
    switch (cp->pc) {
    case BATCH_TAKE:
        sim__queue_splice(loop, &io->closing_run, &io->closing, PLACE_CLOSING_RUN);
        cp->pc = BATCH_RUN;
        /* fall through */
    case BATCH_RUN:
        if (io->closing_run.count == 0 || limit_hit(loop, SIM_PHASE_CLOSE, cp->ran)) {
            cp->pc = BATCH_DONE; /* closing_run keeps the rest: it runs first next time */
            return false;
        }
        if (sim__phase_announce(loop)) {
            return true; /* the phase event is a step of its own, before what the phase runs */
        }
        uint32_t t = sim__queue_pop(loop, &io->closing_run);
        if (T(loop, t)->u.closecb.internal) {
            return close_internal(loop, t);
        }
        cp->ran++;
        return run_and_drain(loop, t, SIM_REASON_CLOSE_CB, 0);
    default:
        return false;
    }
}

/* ---- Poll ------------------------------------------------------------------------------- */

/* libuv src/unix/core.c:uv__backend_timeout with Node's handles: -1 means no timeout. */
int64_t sim__backend_timeout(const struct sim_loop *loop)
{
    const struct io_state *io = &loop->io;
    bool idle_active = loop->immediates.idle_active;
    bool active = loop->alive.handles > 0 || loop->alive.reqs > 0 ||
                  (loop->timers.uv_active && loop->timers.uv_refed) || idle_active;
    bool idle = io->pending.count == 0 && io->pending_run.count == 0 && !idle_active &&
                io->closing.count == 0 && io->closing_run.count == 0;
    return active && idle ? sim__next_timeout(loop) : 0;
}

static void append(char *buf, size_t size, size_t *len, const char *s)
{
    while (*s != '\0' && *len + 1 < size) {
        buf[(*len)++] = *s++;
    }
    buf[*len] = '\0';
}

/* Names what keeps the loop alive (ref'd servers, sockets...), for the "forever" stop. */
size_t sim__describe_alive(const struct sim_loop *loop, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (uint32_t t = 0; t < loop->task_count; t++) {
        const struct task *task = &loop->tasks[t];
        if (task->kind == TASK_FREE || !task->active || !task->refed) {
            continue;
        }
        char name[64];
        sim__task_name(loop, t, name, sizeof(name));
        append(buf, size, &len, len > 0 ? ", " : "");
        append(buf, size, &len, task->kind == TASK_SOCKET ? "an open socket of " : "");
        append(buf, size, &len, task->kind == TASK_SERVER ? "server " : "");
        append(buf, size, &len, name);
        append(buf, size, &len, task->kind == TASK_SERVER ? " is listening" : "");
    }
    const struct io_state *io = &loop->io;
    if (loop->timers.uv_active && loop->timers.uv_refed) {
        append(buf, size, &len, len > 0 ? ", " : "");
        append(buf, size, &len, "a ref'd timer");
    }
    if (loop->immediates.idle_active) {
        append(buf, size, &len, len > 0 ? ", " : "");
        append(buf, size, &len, "a ref'd immediate");
    }
    if (io->pending.count + io->pending_run.count > 0) {
        append(buf, size, &len, len > 0 ? ", " : "");
        append(buf, size, &len, "pending callbacks");
    }
    if (io->closing.count + io->closing_run.count > 0) {
        append(buf, size, &len, len > 0 ? ", " : "");
        append(buf, size, &len, "closing handles");
    }
    if (len == 0) {
        append(buf, size, &len, "nothing");
    }
    return len;
}

/*
 * The instant poll returns: the first ready fd or finished job, or the timeout. Node turns on
 * UV_METRICS_IDLE_TIME, so libuv 1.46 uv__io_poll first polls with timeout 0, refreshes
 * loop->time, and only then sleeps what is left of the timeout measured from `base`, the stale
 * time it was computed against: the deadline is absolute, base + timeout (measured on node v20:
 * a timer due while a callback blocked runs right after it, not a whole timeout later).
 */
static uint64_t wake_time(struct sim_loop *loop, int64_t timeout, uint32_t *by)
{
    int64_t base = loop->now_ms;
    sim__update_time(loop);
    uint64_t wake = UINT64_MAX;
    *by = NIL;
    if (timeout >= 0) {
        int64_t left = base + timeout - loop->now_ms;
        wake = left > 0 ? loop->hr + (uint64_t)left * NS_PER_MS : loop->hr;
    }
    const struct pool_state *pool = &loop->pool;
    uint64_t io = sim__io_next_ready(loop);
    uint64_t job = pool->completed.count > 0 ? pool->eventfd_ready : sim__pool_next_finish(loop);
    uint64_t first = io < job ? io : job;
    if (first < wake) {
        wake = first > loop->hr ? first : loop->hr;
        *by = io < job                    ? loop->io.heap.items[0]
              : pool->completed.count > 0 ? NIL
                                          : pool->running.items[0];
    }
    return wake;
}

/*
 * The poll-wait event, which says what ends the sleep: `by` (a running job or an fd), else the
 * timer, else until_ms.
 */
static void announce_wait(struct sim_loop *loop, int64_t timeout, uint64_t wake, uint32_t by)
{
    enum sim_reason reason = SIM_REASON_POLL_TIMER;
    if (loop->io.poll.pc == POLL_UNTIL) {
        reason = SIM_REASON_POLL_UNTIL;
    } else if (by != NIL) {
        enum task_kind kind = (enum task_kind)T(loop, by)->kind;
        reason = kind == TASK_REQUEST      ? SIM_REASON_POLL_WAKE_JOB
                 : kind == TASK_CONNECTION ? SIM_REASON_POLL_WAKE_CLIENT
                                           : SIM_REASON_POLL_WAKE_IO;
    }
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_POLL_WAIT, reason, NIL);
    pe->ev.arg_a = timeout >= 0 ? loop->timers.uv_due : -1;
    pe->ev.arg_b = (int64_t)wake;
    pe->ev.duration_ns = wake - loop->hr;
    if (by != NIL && reason != SIM_REASON_POLL_UNTIL) {
        char name[64];
        sim__task_name(loop, by, name, sizeof(name));
        sim__emit_text(loop, pe, name);
    }
}

static void stop_forever(struct sim_loop *loop)
{
    char what[512];
    sim__describe_alive(loop, what, sizeof(what));
    struct pending_event *pe =
        sim__emit(loop, SIM_EVENT_STOP, SIM_REASON_STOP_FOREVER, NIL);
    sim__emit_text(loop, pe, what);
    loop->outcome = SIM_OUTCOME_FOREVER;
    loop->stage = STAGE_DONE;
}

/*
 * epoll_pwait with `timeout`: the loop goes to sleep, and the clock moves to the wake-up in the
 * actions that follow (each job finishing on the way is one). Returns false when the run ends
 * instead (forever).
 */
static bool poll_wait(struct sim_loop *loop)
{
    struct poll_state *ps = &loop->io.poll;
    int64_t timeout = sim__backend_timeout(loop);
    uint32_t by;
    uint64_t wake = wake_time(loop, timeout, &by);
    if (wake == UINT64_MAX) {
        stop_forever(loop);
        return false;
    }
    const struct sim_config *cfg = loop->cfg;
    ps->pc = POLL_WAITING;
    if (cfg->has_until && wake > cfg->until_ns) {
        ps->pc = POLL_UNTIL;
        wake = cfg->until_ns > loop->hr ? cfg->until_ns : loop->hr;
    }
    if (wake > loop->hr) {
        announce_wait(loop, timeout, wake, by);
    } else if (ps->pc == POLL_UNTIL) {
        return true; /* until_ms is already behind: stop now */
    }
    sim__clock_advance(loop, wake); /* also when no time passes: jobs finishing right now */
    return true;
}

static void stop_until(struct sim_loop *loop)
{
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_STOP, SIM_REASON_STOP_UNTIL, NIL);
    pe->ev.arg_a = (int64_t)loop->cfg->until_ns;
    loop->outcome = SIM_OUTCOME_UNTIL;
    loop->stage = STAGE_DONE;
}

/* Is (ready_a, seq_a) before (ready_b, seq_b)? */
static bool before(uint64_t ra, uint64_t sa, uint64_t rb, uint64_t sb)
{
    return ra != rb ? ra < rb : sa < sb;
}

/* What one epoll_pwait returns: the fds ready now, oldest first, at most 1024. */
static void collect(struct sim_loop *loop)
{
    struct poll_state *ps = &loop->io.poll;
    struct pool_state *pool = &loop->pool;
    bool eventfd = pool->completed.count > 0;
    uint64_t eseq = eventfd ? T(loop, pool->completed.head)->seq : 0;
    ps->batch_size = 0;
    ps->waits++;
    while (ps->batch_size < POLL_EVENTS_PER_WAIT) {
        bool io = loop->io.heap.len > 0 && sim__io_next_ready(loop) <= loop->hr;
        uint32_t top = io ? loop->io.heap.items[0] : NIL;
        if (eventfd && (!io || before(pool->eventfd_ready, eseq, T(loop, top)->u.io.ready_ns,
                                      T(loop, top)->seq))) {
            sim__queue_push(loop, &ps->batch, pool->eventfd, PLACE_POLL_BATCH);
            eventfd = false;
        } else if (io) {
            io_heap_pop(loop);
            if (is_deferred(loop, top)) {
                feed(loop, top);
            } else {
                sim__queue_push(loop, &ps->batch, top, PLACE_POLL_BATCH);
            }
        } else {
            break;
        }
        ps->batch_size++;
    }
}

/* An accepted connection: a new socket, and the server's callback with it. */
static bool accept_connection(struct sim_loop *loop, uint32_t c)
{
    uint32_t server = T(loop, c)->u.io.server;
    uint32_t sock = socket_new(loop, T(loop, server)->stmt, sim__task_env(T(loop, server)),
                               server, T(loop, server)->refed);
    server_of(loop, server)->connections++;
    T(loop, c)->socket = sock;
    return run_and_drain(loop, c, SIM_REASON_CONNECTION, (int64_t)T(loop, c)->u.io.ready_ns);
}

/* Gives back what a limited poll phase did not get to: it stays ready for the next one. */
static void give_back(struct sim_loop *loop)
{
    struct poll_state *ps = &loop->io.poll;
    struct pool_state *pool = &loop->pool;
    uint32_t t;
    if (ps->done_batch.count > 0) {
        sim__queue_splice(loop, &ps->done_batch, &pool->completed, PLACE_COMPLETED);
        sim__queue_splice(loop, &pool->completed, &ps->done_batch, PLACE_COMPLETED);
        pool->eventfd_ready = sim__request_finish(loop, pool->completed.head);
    }
    while ((t = sim__queue_pop(loop, &ps->batch)) != NIL) {
        if (t != pool->eventfd) {
            io_heap_push(loop, t); /* a client goes back ahead of its server's backlog */
        }
    }
}

/* A client from the batch: accepted, or dropped if an earlier callback closed its server. */
static bool poll_client(struct sim_loop *loop, uint32_t c)
{
    uint32_t server = T(loop, c)->u.io.server;
    next_client(loop, server); /* the one behind it is ready for the next poll */
    if (!server_of(loop, server)->listening) {
        sim__task_free(loop, c); /* the watcher is gone */
        return false;
    }
    loop->io.poll.ran++;
    return accept_connection(loop, c);
}

/* One event of the batch, or one completion of a uv__work_done batch. */
static bool poll_one(struct sim_loop *loop)
{
    struct poll_state *ps = &loop->io.poll;
    for (;;) {
        if (ps->done_batch.count > 0) {
            uint32_t t = sim__queue_pop(loop, &ps->done_batch);
            if (sim__request_deliver(loop, t)) {
                ps->ran++;
                return true;
            }
            if (sim__deferred(loop)) {
                return true; /* the chain's next job starts on a worker: its own step */
            }
            continue;
        }
        uint32_t t = sim__queue_pop(loop, &ps->batch);
        if (t == NIL) {
            return false;
        }
        if (t == loop->pool.eventfd) {
            /* uv__async_io -> uv__work_done: everything finished by now, in finish order. */
            sim__queue_splice(loop, &ps->done_batch, &loop->pool.completed, PLACE_COMPLETED);
            continue;
        }
        if (T(loop, t)->kind == TASK_CONNECTION) {
            if (poll_client(loop, t)) {
                return true;
            }
            continue;
        }
        ps->ran++;
        sim__set_active(loop, t, false);
        const struct sim_stmt *s = &loop->prog->stmts[T(loop, t)->stmt];
        enum sim_reason why = s->op == SIM_OP_CONNECT ? SIM_REASON_CONNECT_DONE
                                                      : SIM_REASON_IO_READY;
        return deliver_fd(loop, t, why);
    }
}

/*
 * One step of the poll phase: the wait, then one callback at a time. Returns false once the
 * phase is over (or the run has ended).
 */
bool sim__poll_step(struct sim_loop *loop)
{
    struct poll_state *ps = &loop->io.poll;
    switch (ps->pc) {
    case POLL_START:
        return poll_wait(loop);
    case POLL_UNTIL:
        stop_until(loop);
        return false;
    case POLL_WAITING:
        /* Awake: the clock has arrived at the wake-up. */
        sim__update_time(loop);
        collect(loop);
        ps->pc = POLL_RUNNING;
        break;
    case POLL_RUNNING:
        break;
    }
    for (;;) {
        uint32_t limit = loop->cfg->limits[SIM_PHASE_POLL];
        if (limit > 0 && ps->ran >= limit &&
            (ps->done_batch.count > 0 || ps->batch.count > 0)) {
            limit_hit(loop, SIM_PHASE_POLL, ps->ran);
            give_back(loop);
            return false;
        }
        if (poll_one(loop)) {
            return true;
        }
        /* The events array came back full: poll again without blocking, up to 48 times. */
        if (ps->batch_size < POLL_EVENTS_PER_WAIT || ps->waits >= POLL_MAX_WAITS) {
            return false;
        }
        collect(loop);
        if (ps->batch.count == 0) {
            return false;
        }
    }
}
