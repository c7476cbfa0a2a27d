/*
 * net.c - servers and sockets as Node's net module makes them, over libuv's handles: listen and
 * its clients, connect, socket.write's after-write ticks, socket.destroy, server.close, the
 * `close` op on any handle, and the 'close' listeners an emit calls.
 *
 * Servers and sockets are tasks that live as long as the run (an id keeps reaching them after
 * they close); their state is a struct handle apart from the task (loop->io.handles), since
 * there are few of them and a task must stay small. The fds they wait on (a connect's attempt,
 * a server's clients) are io.c's.
 */
#include "sim_internal.h"

#include <string.h>

/* ---- Handles: servers and sockets ------------------------------------------------------- */

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
    task_at(loop, t)->u.handle = h;
}

/* An open socket handle, named after statement `stmt` (its listen, or its connect). */
static uint32_t socket_new(struct sim_loop *loop, uint32_t stmt, uint32_t env, uint32_t server,
                           bool refed)
{
    uint32_t sock = sim__task_new(loop, TASK_SOCKET, stmt, env, SIM_NONE);
    handle_new(loop, sock);
    struct socket_part *sk = sim__socket(loop, sock);
    task_at(loop, sock)->refed = refed;
    sk->server = server;
    sk->attempt = SIM_NONE;
    sk->write_tick = SIM_NONE;
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
uint32_t sim__connect(struct sim_loop *loop, uint32_t stmt, uint32_t env)
{
    const struct sim_stmt *s = &loop->prog->stmts[stmt];
    uint32_t sock = socket_new(loop, stmt, env, SIM_NONE, !s->unref);
    uint32_t attempt = sim__fd_start(loop, stmt, env, sock);
    sim__socket(loop, sock)->attempt = attempt;
    sim__handle_announce(loop, sock, SIM_REASON_SCHED_CONNECT, (int64_t)s->ms_ns);
    return sock;
}

/*
 * Sorts the SIM_NONE-terminated chain of `n` clients from `head` by (ready, seq), following only
 * the `next` links: a merge sort, O(n log n). Returns the new head.
 */
static uint32_t sort_clients(struct sim_loop *loop, uint32_t head, uint32_t n)
{
    if (n < 2) {
        return head;
    }
    uint32_t mid = head;
    for (uint32_t i = 1; i < n / 2; i++) {
        mid = task_at(loop, mid)->link.next;
    }
    uint32_t second = task_at(loop, mid)->link.next;
    task_at(loop, mid)->link.next = SIM_NONE;
    uint32_t a = sort_clients(loop, head, n / 2);
    uint32_t b = sort_clients(loop, second, n - n / 2);
    uint32_t first = SIM_NONE;
    uint32_t *end = &first;
    while (a != SIM_NONE && b != SIM_NONE) {
        uint32_t *least = sim__io_less(loop, b, a) ? &b : &a; /* ties keep a's, the older */
        *end = *least;
        end = &task_at(loop, *least)->link.next;
        *least = *end;
    }
    *end = a != SIM_NONE ? a : b;
    return first;
}

/* Restores the prev links and the tail of a queue whose next links were rearranged. */
static void relink(struct sim_loop *loop, struct queue *q)
{
    uint32_t prev = SIM_NONE;
    for (uint32_t t = q->head; t != SIM_NONE; t = task_at(loop, t)->link.next) {
        task_at(loop, t)->link.prev = prev;
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
    struct server_part *sv = sim__server(loop, server);
    uint32_t c = sim__queue_pop(loop, &sv->backlog);
    sv->client_out = c != SIM_NONE;
    if (c != SIM_NONE) {
        loop->io.backlog--;
        sim__io_heap_push(loop, c);
    }
}

/* A listening server of statement `stmt`: a handle, ref'd unless `unref`, with no client yet. */
static uint32_t server_open(struct sim_loop *loop, uint32_t stmt, uint32_t env, uint32_t socket)
{
    const struct sim_stmt *s = &loop->prog->stmts[stmt];
    uint32_t server = sim__task_new(loop, TASK_SERVER, stmt, env, socket);
    handle_new(loop, server);
    task_at(loop, server)->refed = !s->unref;
    struct server_part *sv = sim__server(loop, server);
    sv->listening = true;
    sv->close_stmt = SIM_NONE;
    sv->close_env = SIM_NONE;
    queue_init(&sv->listeners);
    queue_init(&sv->backlog);
    sim__set_active(loop, server, true);
    sim__handle_announce(loop, server, SIM_REASON_SCHED_LISTEN, 0);
    return server;
}

/* net.createServer(cb).listen(): a ref'd handle, and its clients connecting at given times. */
void sim__listen(struct sim_loop *loop, uint32_t stmt, uint32_t env, uint32_t socket)
{
    const struct sim_stmt *s = &loop->prog->stmts[stmt];
    uint32_t server = server_open(loop, stmt, env, socket);
    struct queue clients;
    queue_init(&clients);
    for (uint32_t i = 0; i < s->connection_count; i++) {
        uint32_t c = sim__task_new(loop, TASK_CONNECTION, stmt, env, socket);
        if (loop->error) {
            break; /* c is the spare task */
        }
        task_at(loop, c)->u.io.ready_ns = loop->clock_ns + s->connections_ns[i];
        task_at(loop, c)->u.io.server = server;
        sim__queue_push(loop, &clients, c, PLACE_BACKLOG);
    }
    clients.head = sort_clients(loop, clients.head, clients.count);
    relink(loop, &clients);
    struct server_part *sv = sim__server(loop, server);
    sv->backlog = clients;
    loop->io.backlog += clients.count;
    next_client(loop, server);
}

/* A JavaScript server.listen(): a server whose clients come from net.connect calls. */
uint32_t sim__server_open(struct sim_loop *loop, uint32_t stmt)
{
    return server_open(loop, stmt, SIM_NONE, SIM_NONE);
}

/*
 * A client of this program reaches `server` at `ready_ns` (a JavaScript net.connect to its
 * port): it queues behind the server's other clients, which all came earlier. Returns it.
 */
uint32_t sim__server_client(struct sim_loop *loop, uint32_t server, uint64_t ready_ns)
{
    uint32_t c = sim__task_new(loop, TASK_CONNECTION, task_at(loop, server)->stmt, SIM_NONE,
                               SIM_NONE);
    if (loop->error) {
        return c;
    }
    task_at(loop, c)->u.io.ready_ns = ready_ns;
    task_at(loop, c)->u.io.server = server;
    struct server_part *sv = sim__server(loop, server);
    sim__queue_push(loop, &sv->backlog, c, PLACE_BACKLOG);
    loop->io.backlog++;
    if (!sv->client_out) {
        next_client(loop, server);
    }
    return c;
}

/* ---- Listeners: what one emit calls ----------------------------------------------------- */

/*
 * A call an emit will make: statement `stmt`'s `do`, with the counters and the socket of the
 * place that added it (a JavaScript closure). `of`: the after-write tick it joins, or SIM_NONE.
 */
static void add_call(struct sim_loop *loop, struct queue *q, uint32_t stmt, uint32_t env,
                     uint32_t socket, uint32_t of)
{
    uint32_t c = sim__task_new(loop, TASK_CALL, stmt, env, socket);
    task_at(loop, c)->u.call_of = of;
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
    struct task *task = task_at(loop, t);
    *then = SIM_REASON_CLOSE_LISTENER;
    if (task->kind == TASK_CLOSE_CB && task_at(loop, task->u.closecb.handle)->kind == TASK_SOCKET) {
        struct socket_part *sk = sim__socket(loop, task->u.closecb.handle);
        sk->close_emitted = true;
        sim__queue_splice(loop, out, &sk->listeners, PLACE_CALLS);
        return true;
    }
    if (task->kind != TASK_TICK) {
        return false;
    }
    if (task->u.tick_reason == SIM_REASON_SERVER_CLOSE_CB) {
        struct server_part *sv = sim__server(loop, task->socket);
        if (sv->emitted && sv->listeners.count == 0) {
            *first = SIM_REASON_CLOSE_EMIT_AGAIN;
        }
        sv->emitted = true;
        sim__queue_splice(loop, out, &sv->listeners, PLACE_CALLS);
        return true;
    }
    if (task->u.tick_reason == SIM_REASON_SOCKET_WRITE_CB && task->socket != SIM_NONE) {
        struct socket_part *sk = sim__socket(loop, task->socket);
        if (sk->write_tick == t) {
            sk->write_tick = SIM_NONE; /* state.afterWriteTickInfo = null, before any call */
        }
        while (sk->writes.head != SIM_NONE && task_at(loop, sk->writes.head)->u.call_of == t) {
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
static bool same_callback(const struct sim_loop *loop, uint32_t a, uint32_t tick)
{
    if (loop->prog->js != NULL) {
        return sim__vm_net_same_write_cb(loop, tick); /* the functions themselves */
    }
    uint32_t b = loop->tasks[tick].body;
    return a == b && (a == SIM_NONE || loop->prog->bodies[a].name != NULL);
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
    struct socket_part *sk = sock != SIM_NONE ? sim__socket(loop, sock) : NULL;
    bool open = sk != NULL && sk->open;
    if (open && sk->write_tick != SIM_NONE &&
        same_callback(loop, body, sk->write_tick)) {
        if (body != SIM_NONE) {
            add_call(loop, &sk->writes, stmt, env, sock, sk->write_tick);
        }
        struct pending_event *pe =
            sim__emit(loop, SIM_EVENT_SCHEDULE, SIM_REASON_SCHED_WRITE_SHARED, SIM_NONE);
        pe->ev.stmt = stmt;
        sim__emit_label_run(loop, pe, stmt, env);
        return;
    }
    uint32_t queued = loop->ticks.queue.count;
    sim__tick_queue(loop, stmt, body, env, sock, SIM_REASON_SOCKET_WRITE_CB);
    if (open) {
        /* sim__tick_queue appends to the queue, unless the process is exiting. */
        sk = sim__socket(loop, sock); /* the handles did not move, but say so plainly */
        sk->write_tick = loop->ticks.queue.count > queued ? loop->ticks.queue.tail : SIM_NONE;
    }
}

/* ---- Closing ---------------------------------------------------------------------------- */

/* uv_close(): the close callback goes on closing_handles, newest first. */
static void queue_close_cb(struct sim_loop *loop, uint32_t handle, uint32_t stmt, uint32_t body,
                           uint32_t env, bool internal)
{
    uint32_t socket =
        task_at(loop, handle)->kind == TASK_SOCKET ? handle : task_at(loop, handle)->socket;
    uint32_t c = sim__task_new(loop, TASK_CLOSE_CB, stmt, env, socket);
    task_at(loop, c)->body = body;
    task_at(loop, c)->u.closecb.handle = handle;
    task_at(loop, c)->u.closecb.internal = internal;
    sim__queue_push_front(loop, &loop->io.closing, c, PLACE_CLOSING);
    if (loop->prog->js != NULL && task_at(loop, handle)->kind == TASK_SOCKET) {
        sim__vm_net_closed(loop, c, handle); /* the Socket's 'close' */
    }
}

/*
 * Server#_emitCloseIfDrained: once server.close() has nulled the handle and no connection is
 * open, 'close' by process.nextTick; every call that finds it drained queues a tick of its own.
 * The tick's socket is the server: emitCloseNT(server) runs the server's listeners. The tick is
 * queued in the next action (sim__close_due_step), after the event of the call that got here.
 */
static void emit_close_if_drained(struct sim_loop *loop, uint32_t server)
{
    struct server_part *sv = sim__server(loop, server);
    if (!sv->closed || sv->connections > 0) {
        return;
    }
    if (loop->io.close_due != SIM_NONE) {
        sim__close_due_step(loop);
    }
    loop->io.close_due = server;
}

/* The 'close' tick a server owes since the last action; false when none is owed. */
bool sim__close_due_step(struct sim_loop *loop)
{
    uint32_t server = loop->io.close_due;
    if (server == SIM_NONE) {
        return false;
    }
    loop->io.close_due = SIM_NONE;
    const struct server_part *sv = sim__server(loop, server);
    if (loop->prog->js != NULL) {
        sim__vm_net_close_tick(loop, server); /* the tick emits the Server's 'close' */
    }
    sim__tick_queue(loop, sv->close_stmt, loop->prog->js != NULL ? loop->prog->main_body : SIM_NONE,
                    sv->close_env, server, SIM_REASON_SERVER_CLOSE_CB);
    loop->vm.next_call = VM_NONE; /* not taken when the process exits */
    return true;
}

static bool in_queue(const struct sim_loop *loop, const struct queue *q, uint32_t t)
{
    for (uint32_t u = q->head; u != SIM_NONE; u = loop->tasks[u].link.next) {
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
    uint32_t a = sim__socket(loop, sock)->attempt;
    if (a == SIM_NONE) {
        return;
    }
    sim__socket(loop, sock)->attempt = SIM_NONE;
    switch (task_at(loop, a)->place) {
    case PLACE_IO_HEAP:
        sim__io_heap_remove(loop, a);
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
    struct socket_part *sk = sim__socket(loop, sock);
    sk->open = false;
    sim__set_active(loop, sock, false);
    cancel_attempt(loop, sock);
    uint32_t server = sim__socket(loop, sock)->server;
    if (server != SIM_NONE) {
        sim__server(loop, server)->connections--;
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
    struct pending_event *pe = sim__emit(loop, kind, reason, SIM_NONE);
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
    if (sock == SIM_NONE) {
        return;
    }
    struct socket_part *sk = sim__socket(loop, sock);
    if (sk->close_emitted) {
        emit_about_socket(loop, SIM_EVENT_NOTE, SIM_REASON_CLOSE_EMITTED, stmt, env, sock);
        return;
    }
    if (loop->prog->stmts[stmt].body != SIM_NONE) {
        add_call(loop, &sk->listeners, stmt, env, scope, SIM_NONE);
        sk = sim__socket(loop, sock);
    }
    if (!sk->open) {
        emit_about_socket(loop, SIM_EVENT_NOTE, SIM_REASON_ALREADY_DESTROYED, stmt, env, sock);
        return;
    }
    queue_close_cb(loop, sock, stmt, SIM_NONE, env, false);
    emit_about_socket(loop, SIM_EVENT_SCHEDULE, SIM_REASON_SCHED_CLOSE, stmt, env, sock);
    socket_close(loop, sock);
}

/* net.js afterConnect with an error: self.destroy(ex) before the 'error' listener runs. */
static void connect_failed(struct sim_loop *loop, uint32_t sock)
{
    uint32_t stmt = task_at(loop, sock)->stmt;
    queue_close_cb(loop, sock, stmt, SIM_NONE, sim__task_env(task_at(loop, sock)), false);
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
    struct queue *backlog = &sim__server(loop, server)->backlog;
    loop->io.backlog -= backlog->count;
    uint32_t c;
    while ((c = sim__queue_pop(loop, backlog)) != SIM_NONE) {
        sim__task_free(loop, c);
    }
    for (uint32_t i = 0; i < loop->io.heap.len; i++) {
        uint32_t t = loop->io.heap.items[i];
        if (task_at(loop, t)->kind == TASK_CONNECTION && task_at(loop, t)->u.io.server == server) {
            sim__io_heap_remove(loop, t);
            sim__task_free(loop, t);
            sim__server(loop, server)->client_out = false;
            break; /* a server has at most one client in the heap */
        }
    }
}

static void server_stop(struct sim_loop *loop, uint32_t server)
{
    sim__server(loop, server)->listening = false;
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
    struct server_part *sv = sim__server(loop, server);
    if (loop->prog->stmts[stmt].body != SIM_NONE) {
        add_call(loop, &sv->listeners, stmt, env, scope, SIM_NONE);
        sv = sim__server(loop, server);
    }
    struct pending_event *pe = sim__emit(
        loop, SIM_EVENT_SCHEDULE,
        sv->listening ? SIM_REASON_SCHED_SERVER_CLOSE : SIM_REASON_SERVER_NOT_RUNNING, SIM_NONE);
    pe->ev.stmt = stmt;
    if (sv->listening) {
        /* The close queue's item is the listen handle's: named after it, as this event is. */
        sim__emit_label_of(loop, pe, server);
        server_stop(loop, server);
        queue_close_cb(loop, server, task_at(loop, server)->stmt, SIM_NONE,
                       sim__task_env(task_at(loop, server)), true);
    } else {
        sim__emit_label_run(loop, pe, stmt, env);
    }
    sv = sim__server(loop, server);
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
    struct task *task = task_at(loop, handle);
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
        closable = sim__server(loop, handle)->listening;
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
            sim__io_heap_remove(loop, handle);
            sim__set_active(loop, handle, false);
        }
        break;
    default:
        closable = false;
        break;
    }
    if (!closable) {
        struct pending_event *pe = sim__emit(loop, SIM_EVENT_NOTE, SIM_REASON_NO_HANDLE, SIM_NONE);
        pe->ev.stmt = stmt;
        sim__emit_text(loop, pe, loop->prog->stmts[stmt].id);
        return;
    }
    /* Named after this statement, as its close callback is; the text names the handle. */
    queue_close_cb(loop, handle, stmt, loop->prog->stmts[stmt].body, env, false);
    struct pending_event *pe =
        sim__emit(loop, SIM_EVENT_SCHEDULE, SIM_REASON_SCHED_CLOSE, SIM_NONE);
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

/*
 * A failed attempt's callback has begun: its first step destroys the socket, before the
 * 'error' listener's code runs. False when no callback began with a failed connect.
 */
bool sim__connect_failed_step(struct sim_loop *loop)
{
    uint32_t sock = loop->io.failed_socket;
    if (sock == SIM_NONE || loop->call.active) {
        return false;
    }
    loop->io.failed_socket = SIM_NONE;
    connect_failed(loop, sock);
    return true;
}

/* An accepted connection: a new socket, and the server's callback with it. */
static bool accept_connection(struct sim_loop *loop, uint32_t c)
{
    uint32_t server = task_at(loop, c)->u.io.server;
    /* ref'd whatever the server is (lib/net.js onconnection makes a plain Socket; measured on
       node v20: an unref'd server's connection keeps the process alive) */
    uint32_t sock = socket_new(loop, task_at(loop, server)->stmt,
                               sim__task_env(task_at(loop, server)), server, true);
    sim__server(loop, server)->connections++;
    task_at(loop, c)->socket = sock;
    sim__call(loop, c, SIM_REASON_CONNECTION, (int64_t)task_at(loop, c)->u.io.ready_ns, 0,
              AFTER_FREE_DRAIN, 0);
    return true;
}

/*
 * A client from the poll batch: accepted (true), or dropped if an earlier callback of the batch
 * closed its server.
 */
bool sim__client_take(struct sim_loop *loop, uint32_t c)
{
    uint32_t server = task_at(loop, c)->u.io.server;
    next_client(loop, server); /* the one behind it is ready for the next poll */
    if (!sim__server(loop, server)->listening) {
        sim__task_free(loop, c); /* the watcher is gone */
        return false;
    }
    return accept_connection(loop, c);
}
