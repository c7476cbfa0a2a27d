/*
 * net.c - require('net'), an extension of the contract (docs/js-input.md, "net"): servers and
 * sockets of the program itself, made on the engine's servers, sockets and fds (sim/net.c), so
 * that every ordering rule of a JSON scenario's listen, connect, socket.write, socket.destroy
 * and server.close applies to JavaScript as it is.
 *
 * A Server and a Socket are EventEmitters (events.c) that stand for an engine task (node.c's
 * handle objects): the engine's callbacks emit on them. 'listening' and a server's 'close'
 * come by process.nextTick, 'connection' and 'connect' from poll, a refused connect's 'error'
 * from poll and a missing pipe's from the pending phase, 'close' from the close phase, and the
 * other end's 'end' from the poll after a socket of this program closes its connection.
 *
 * Only the program's own servers exist: a connect reaches the one listening on its port (or
 * path), whatever the address; any other port refuses (ECONNREFUSED) and any other path is
 * missing (ENOENT), as on a machine where nothing else listens. Bytes are not simulated: a
 * write completes at once and its data reaches no 'data' listener, so those are refused.
 */
#include "natives.h"
#include "vm_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define PORTS_KEY "\x01ports"        /* on Server.prototype: "tcp:N" or "pipe:PATH" -> Server */
#define NEXT_PORT_KEY "\x01next port" /* on Server.prototype: the next ephemeral port */
#define ADDRESS_KEY "\x01" "address"    /* a Server's address() once it is bound */
#define BOUND_KEY "\x01" "bound"        /* the key of PORTS_KEY it holds */
#define UNREF_KEY "\x01unref"        /* a Server's unref() before its listen */
#define LINE_KEY "\x01line"          /* the line that made the Server or the Socket */
#define PEER_KEY "\x01peer"          /* a Socket's other end, a Socket of this program */
#define WROTE_KEY "\x01wrote"        /* a Socket wrote bytes, which its peer never reads */
#define PENDING_KEY "\x01pending"    /* a Socket whose connect waits for its nextTick */
#define ENDING_KEY "\x01" "ending"   /* a Socket's end() was called (its shutdown is under way) */
#define FIN_KEY "\x01" "fin"         /* a Socket sent its FIN (its shutdown is done) */
#define ENDED_KEY "\x01" "ended"     /* a Socket read the other end's FIN */

/* Linux's first ephemeral port (net.ipv4.ip_local_port_range): real node picks any. */
#define FIRST_EPHEMERAL_PORT 32768

/* What a call owes the next action, since one action makes one event (vm.net_due). */
enum vm_net_due {
    NET_DUE_NONE,
    NET_DUE_LISTENING,       /* the server's event was made: now 'listening''s nextTick */
    NET_DUE_PEER_EOF,        /* the socket's close was made: now its peer's EOF fd */
    NET_DUE_PEER_EOF_UNREAD, /* the same, behind bytes the peer has not read */
    NET_DUE_SHUTDOWN,        /* end(data)'s write was made: now its shutdown */
    NET_DUE_DESTROY,         /* both sides ended: now the socket's destroy */
};

static struct vm_value hidden(struct sim_loop *loop, struct vm_value o, const char *key)
{
    struct vm_prop *p = o.tag == VM_OBJECT ? sim__vm_own(loop, o.ref, sim__vm_cstring(loop, key))
                                           : NULL;
    return p != NULL ? p->value : vm_undefined();
}

static uint32_t statement(const struct sim_loop *loop, enum js_api api)
{
    return loop->prog->js->api_stmts[api];
}

/* The call [label, bound NET_EMIT, event, args...]: emit(event, args...) on `ee`. */
static uint32_t emit_record(struct sim_loop *loop, struct vm_value ee, const char *event,
                            const struct vm_value *args, uint32_t argc)
{
    char label[64];
    double line = hidden(loop, ee, LINE_KEY).num;
    snprintf(label, sizeof(label), "'%s' (line %.0f)", event, isnan(line) ? 0 : line);
    struct vm_value vals[4] = {sim__vm_cstring(loop, event)};
    for (uint32_t i = 0; i < argc && i < 3; i++) {
        vals[i + 1] = args[i];
    }
    return sim__vm_record(loop, sim__vm_cstring(loop, label),
                          sim__vm_bound(loop, VM_NATIVE_NET_EMIT, ee), vals, argc + 1);
}

/* "WHAT (line N)": the name of a Server's or a Socket's task and of its calls. */
static struct vm_value name_of(struct sim_loop *loop, struct vm_value o, const char *what)
{
    char label[64];
    double line = hidden(loop, o, LINE_KEY).num;
    snprintf(label, sizeof(label), "%s (line %.0f)", what, isnan(line) ? 0 : line);
    return sim__vm_cstring(loop, label);
}

/* A process.nextTick of call `rec`. */
static void tick_of(struct sim_loop *loop, uint32_t rec)
{
    uint32_t stmt = sim__vm_stmt_call(loop, statement(loop, JS_API_NEXT_TICK), rec);
    sim__tick_queue(loop, stmt, loop->prog->main_body, SIM_NONE, SIM_NONE, SIM_REASON_TICK);
    loop->vm.next_call = VM_NONE; /* not taken when the process exits */
}

/* emit(event, ...) on the emitter the native was bound to: what the engine's callbacks call. */
NATIVE(net_emit)
{
    (void)this_value;
    struct vm_value ee = sim__vm_obj(loop, loop->vm.native_self)->inner;
    return sim__vm_ee_emit(loop, ee, args, argc, result);
}

static struct vm_value handle_new(struct sim_loop *loop, uint32_t proto)
{
    uint32_t h = sim__vm_object_new(loop, VM_OBJ_HANDLE, proto);
    if (!loop->error) {
        sim__vm_obj(loop, h)->inner = vm_undefined(); /* no task yet */
        sim__vm_put_hidden(loop, h, LINE_KEY, vm_number(sim__vm_call_line(loop)));
    }
    return vm_object(h);
}

struct vm_value sim__vm_net_socket(struct sim_loop *loop, uint32_t sock)
{
    uint32_t h = sim__vm_handle_object(loop, sock);
    if (h != VM_NONE) {
        return vm_object(h);
    }
    struct vm_value s = handle_new(loop, loop->vm.socket_proto);
    sim__vm_handle_bind(loop, s.ref, sock);
    return s;
}

static struct vm_value ports(struct sim_loop *loop)
{
    struct vm_value proto = vm_object(loop->vm.server_proto);
    struct vm_value t = hidden(loop, proto, PORTS_KEY);
    if (t.tag != VM_OBJECT) {
        t = vm_object(sim__vm_object_new(loop, VM_OBJ_PLAIN, VM_NONE));
        sim__vm_put_hidden(loop, proto.ref, PORTS_KEY, t);
    }
    return t;
}

/* ---- Where a listen or a connect goes ---------------------------------------------------- */

struct place {
    bool pipe;
    double port;             /* TCP: 0 for any */
    struct vm_value path;    /* a pipe's path; TCP: the host, or undefined */
};

static bool is_port(struct sim_loop *loop, struct vm_value v, double *port)
{
    if (v.tag == VM_STRING) {
        uint32_t len;
        const char *s = sim__vm_str(loop, v, &len);
        if (len == 0 || len > 5 || strspn(s, "0123456789") != len) {
            return false;
        }
    } else if (v.tag != VM_NUMBER) {
        return false;
    }
    double n = sim__vm_to_number(loop, v);
    if (!(n >= 0 && n <= 65535 && n == floor(n))) {
        return false;
    }
    *port = n;
    return true;
}

/*
 * The place of listen(port[, host]) / connect(port[, host]), of (path), or of an options
 * object ({port, host} or {path}). False, with a TypeError thrown, when there is none.
 */
static bool place_of(struct sim_loop *loop, const struct vm_value *args, uint32_t argc,
                     struct place *p, bool listening)
{
    *p = (struct place){.path = vm_undefined()};
    struct vm_value a = sim__vm_arg(args, argc, 0);
    struct vm_value host = argc > 1 && args[1].tag == VM_STRING ? args[1] : vm_undefined();
    if (a.tag == VM_OBJECT && !sim__vm_is_callable(loop, a)) {
        struct vm_value path = sim__vm_get(loop, a, sim__vm_cstring(loop, "path"));
        host = sim__vm_get(loop, a, sim__vm_cstring(loop, "host"));
        a = path.tag == VM_STRING ? path : sim__vm_get(loop, a, sim__vm_cstring(loop, "port"));
    }
    if (listening && (a.tag == VM_UNDEFINED || sim__vm_is_callable(loop, a))) {
        return true; /* listen(): any port */
    }
    if (is_port(loop, a, &p->port)) {
        p->path = host.tag == VM_STRING ? host : vm_undefined();
        return true;
    }
    if (a.tag == VM_STRING) {
        p->pipe = true;
        p->path = a;
        return true;
    }
    struct vm_value s = sim__vm_inspect(loop, a);
    uint32_t len = 0;
    const char *b = s.tag == VM_STRING ? sim__vm_str(loop, s, &len) : "";
    sim__vm_throw_error(loop, VM_TYPE_ERROR,
                        "%s needs a port (0 to 65535) or a pipe's path. Received %.*s",
                        listening ? "server.listen" : "net.connect", (int)(len > 60 ? 60 : len),
                        b);
    return false;
}

static struct vm_value key_of(struct sim_loop *loop, const struct place *p)
{
    char buf[300];
    if (p->pipe) {
        uint32_t len;
        const char *s = sim__vm_str(loop, p->path, &len);
        snprintf(buf, sizeof(buf), "pipe:%.*s", (int)(len > 280 ? 280 : len), s);
    } else {
        snprintf(buf, sizeof(buf), "tcp:%.0f", p->port);
    }
    return sim__vm_cstring(loop, buf);
}

/* The last argument that is a function, from index `from`, or undefined. */
static struct vm_value last_callback(struct sim_loop *loop, const struct vm_value *args,
                                     uint32_t argc, uint32_t from)
{
    for (uint32_t i = argc; i > from; i--) {
        if (sim__vm_is_callable(loop, args[i - 1])) {
            return args[i - 1];
        }
    }
    return vm_undefined();
}

static void listen_to(struct sim_loop *loop, struct vm_value ee, const char *event,
                      struct vm_value fn, bool once)
{
    struct vm_value on[2] = {sim__vm_cstring(loop, event), fn};
    struct vm_value ignored;
    if (once) {
        sim__vm_ee_once(loop, ee, on, 2, &ignored);
    } else {
        sim__vm_ee_on(loop, ee, on, 2, &ignored);
    }
}

/* ---- Servers ------------------------------------------------------------------------------ */

/* net.createServer([options][, connectionListener]) */
NATIVE(net_create_server)
{
    (void)this_value;
    struct vm_value server = handle_new(loop, loop->vm.server_proto);
    struct vm_value fn = last_callback(loop, args, argc, 0);
    if (fn.tag != VM_UNDEFINED) {
        listen_to(loop, server, "connection", fn, false);
    }
    *result = server;
    return VM_NATIVE_OK;
}

static struct vm_value address_of(struct sim_loop *loop, const struct place *p)
{
    if (p->pipe) {
        return p->path;
    }
    bool v4 = p->path.tag == VM_STRING && strchr(sim__vm_str(loop, p->path, &(uint32_t){0}),
                                                  ':') == NULL;
    uint32_t a = sim__vm_object_new(loop, VM_OBJ_PLAIN, loop->vm.object_proto);
    sim__vm_put_c(loop, a, "address",
                  p->path.tag == VM_STRING ? p->path : sim__vm_cstring(loop, "::"));
    sim__vm_put_c(loop, a, "family", sim__vm_cstring(loop, v4 ? "IPv4" : "IPv6"));
    sim__vm_put_c(loop, a, "port", vm_number(p->port));
    return vm_object(a);
}

static struct vm_value sys_error(struct sim_loop *loop, const char *syscall, const char *code,
                                 int errno_value, const char *where)
{
    char msg[360];
    snprintf(msg, sizeof(msg), "%s %s %s", syscall, code, where);
    struct vm_value e = sim__vm_error_new(loop, VM_ERROR, sim__vm_cstring(loop, msg));
    if (!loop->error) {
        sim__vm_put_c(loop, e.ref, "errno", vm_number(errno_value));
        sim__vm_put_c(loop, e.ref, "code", sim__vm_cstring(loop, code));
        sim__vm_put_c(loop, e.ref, "syscall", sim__vm_cstring(loop, syscall));
    }
    return e;
}

/*
 * The server takes its place (Server#_listen2: the handle is made and listens), and
 * 'listening' follows by process.nextTick (emitListeningNT). A place another server holds
 * gives EADDRINUSE, emitted as 'error' by process.nextTick.
 */
static void bind(struct sim_loop *loop, struct vm_value server, struct place p)
{
    struct vm_value table = ports(loop);
    if (!p.pipe && p.port == 0) {
        struct vm_value next = hidden(loop, vm_object(loop->vm.server_proto), NEXT_PORT_KEY);
        p.port = next.tag == VM_NUMBER ? next.num : FIRST_EPHEMERAL_PORT;
        sim__vm_put_hidden(loop, loop->vm.server_proto, NEXT_PORT_KEY, vm_number(p.port + 1));
    }
    struct vm_value key = key_of(loop, &p);
    if (sim__vm_own(loop, table.ref, key) != NULL) {
        char where[300];
        if (p.pipe) {
            uint32_t len;
            const char *s = sim__vm_str(loop, p.path, &len);
            snprintf(where, sizeof(where), "%.*s", (int)(len > 200 ? 200 : len), s);
        } else {
            snprintf(where, sizeof(where), ":::%.0f", p.port);
        }
        struct vm_value err = sys_error(loop, "listen", "EADDRINUSE: address already in use",
                                        -98, where);
        sim__vm_put_c(loop, err.ref, "code", sim__vm_cstring(loop, "EADDRINUSE"));
        tick_of(loop, emit_record(loop, server, "error", &err, 1));
        return;
    }
    loop->vm.next_call = sim__vm_record(loop, name_of(loop, server, "server"), vm_undefined(),
                                        NULL, 0); /* the task's name, no call */
    uint32_t t = sim__server_open(loop, statement(loop, JS_API_LISTEN));
    loop->tasks[t].body = SIM_NONE;
    sim__vm_handle_bind(loop, server.ref, t);
    if (hidden(loop, server, UNREF_KEY).tag == VM_BOOL) {
        sim__set_refed(loop, t, false); /* its unref() came first: no event of its own */
    }
    sim__vm_put(loop, table.ref, key, server);
    sim__vm_put_hidden(loop, server.ref, BOUND_KEY, key);
    sim__vm_put_hidden(loop, server.ref, ADDRESS_KEY, address_of(loop, &p));
    uint32_t handle = sim__vm_object_new(loop, VM_OBJ_HANDLE, loop->vm.listen_handle_proto);
    sim__vm_handle_bind(loop, handle, t);
    sim__vm_handle_bind(loop, server.ref, t); /* the task's object is the Server */
    sim__vm_put_c(loop, server.ref, "_handle", vm_object(handle));
    loop->vm.net_due = NET_DUE_LISTENING; /* after this action's event, the server's */
    loop->vm.net_due_of = server.ref;
}

/* The nextTick of listen(port, host): dns.lookup of an address answers by process.nextTick,
   and then the server binds (lib/net.js lookupAndListen). */
NATIVE(net_bind)
{
    (void)this_value;
    (void)args;
    (void)argc;
    struct vm_value st = sim__vm_obj(loop, loop->vm.native_self)->inner;
    const struct vm_value *e = sim__vm_elems(loop, st.ref);
    struct place p = {.pipe = false, .port = e[1].num, .path = e[2]};
    bind(loop, e[0], p);
    *result = vm_undefined();
    return VM_NATIVE_EVENT;
}

/* server.listen([port[, host]][, callback]), listen(path[, callback]), listen(options[, cb]) */
NATIVE(server_listen)
{
    *result = this_value;
    if (!vm_is_object(this_value, loop, VM_OBJ_HANDLE) ||
        sim__vm_obj(loop, this_value.ref)->proto != loop->vm.server_proto) {
        sim__vm_throw_error(loop, VM_TYPE_ERROR, "server.listen called on something else");
        return VM_NATIVE_THREW;
    }
    uint32_t t = sim__vm_task_of(loop, this_value);
    if (t != SIM_NONE && sim__server(loop, t)->listening) {
        sim__vm_throw_error(loop, VM_ERROR,
                            "Listen method has been called more than once without closing.");
        return VM_NATIVE_THREW;
    }
    struct place p;
    if (!place_of(loop, args, argc, &p, true)) {
        return VM_NATIVE_THREW;
    }
    struct vm_value cb = last_callback(loop, args, argc, 0);
    if (cb.tag != VM_UNDEFINED) {
        listen_to(loop, this_value, "listening", cb, true);
    }
    if (!p.pipe && p.path.tag == VM_STRING) {
        struct vm_value st[3] = {this_value, vm_number(p.port), p.path};
        uint32_t state = sim__vm_array_from(loop, VM_NONE, st, 3);
        uint32_t rec = sim__vm_record(loop, sim__vm_cstring(loop, "listen: its address"),
                                      sim__vm_bound(loop, VM_NATIVE_NET_BIND, vm_object(state)),
                                      NULL, 0);
        tick_of(loop, rec);
        return VM_NATIVE_EVENT;
    }
    bind(loop, this_value, p);
    return VM_NATIVE_EVENT;
}

NATIVE(server_address)
{
    struct vm_value a = hidden(loop, this_value, ADDRESS_KEY);
    uint32_t t = sim__vm_task_of(loop, this_value);
    *result = a.tag == VM_UNDEFINED || t == SIM_NONE || !sim__server(loop, t)->listening
                  ? vm_null()
                  : a;
    (void)args;
    (void)argc;
    return VM_NATIVE_OK;
}

/* close's callback on a server that was not running: cb(ERR_SERVER_NOT_RUNNING). */
NATIVE(net_not_running)
{
    (void)this_value;
    (void)args;
    (void)argc;
    struct vm_value cb = sim__vm_obj(loop, loop->vm.native_self)->inner;
    struct vm_value err =
        sim__vm_error_new(loop, VM_ERROR, sim__vm_cstring(loop, "Server is not running."));
    if (!loop->error) {
        sim__vm_put_c(loop, err.ref, "code", sim__vm_cstring(loop, "ERR_SERVER_NOT_RUNNING"));
    }
    return sim__vm_call_out(loop, cb, vm_undefined(), &err, 1, VM_CONT_DISCARD,
                            sim__vm_array_new(loop), false);
}

/* server.close([callback]): lib/net.js Server.prototype.close, on the engine's server.close. */
NATIVE(server_close)
{
    *result = this_value;
    uint32_t t = sim__vm_task_of(loop, this_value);
    bool running = t != SIM_NONE && sim__server(loop, t)->listening;
    struct vm_value cb = sim__vm_arg(args, argc, 0);
    if (sim__vm_is_callable(loop, cb)) {
        listen_to(loop, this_value,
                  "close", running ? cb : sim__vm_bound(loop, VM_NATIVE_NET_NOT_RUNNING, cb),
                  true);
    }
    struct vm_value key = hidden(loop, this_value, BOUND_KEY);
    if (this_value.tag == VM_OBJECT) {
        sim__vm_put_c(loop, this_value.ref, "_handle", vm_null()); /* this._handle = null */
    }
    if (running && key.tag == VM_STRING) {
        sim__vm_remove(loop, ports(loop).ref, key);
    }
    if (t == SIM_NONE) {
        /* never listened: no handle, no connection; _emitCloseIfDrained's tick at once */
        tick_of(loop, emit_record(loop, this_value, "close", NULL, 0));
        return VM_NATIVE_EVENT;
    }
    sim__server_close(loop, t, statement(loop, JS_API_SERVER_CLOSE), SIM_NONE, SIM_NONE);
    return VM_NATIVE_EVENT;
}

/*
 * server._handle.close([callback]): Node's own HandleWrap::Close, uv_close() on the listen
 * handle, whose callback runs in the close phase (the scenario format's `close` on a server).
 */
NATIVE(listen_handle_close)
{
    *result = vm_undefined();
    uint32_t t = sim__vm_task_of(loop, this_value);
    if (t == SIM_NONE || task_at(loop, t)->kind != TASK_SERVER) {
        sim__vm_throw_error(loop, VM_TYPE_ERROR, "close called on something else");
        return VM_NATIVE_THREW;
    }
    struct vm_value cb = sim__vm_arg(args, argc, 0);
    bool has_cb = sim__vm_is_callable(loop, cb);
    loop->vm.next_call = has_cb ? sim__vm_call_record(loop, "close", cb, NULL, 0) : VM_NONE;
    uint32_t stmt = statement(loop, has_cb ? JS_API_HANDLE_CLOSE_CB : JS_API_HANDLE_CLOSE);
    loop->stmt_runs[stmt]++;
    sim__handle_close(loop, t, stmt, SIM_NONE, SIM_NONE);
    loop->vm.next_call = VM_NONE; /* not taken when the handle was closed already */
    return VM_NATIVE_EVENT;
}

/* ref() and unref() of a Server or a Socket; a server not listening yet keeps its unref. */
static enum vm_native_result set_ref(struct sim_loop *loop, struct vm_value h, bool refed,
                                     struct vm_value *result)
{
    *result = h;
    uint32_t t = sim__vm_task_of(loop, h);
    if (t == SIM_NONE) {
        if (h.tag == VM_OBJECT) {
            sim__vm_put_hidden(loop, h.ref, UNREF_KEY, refed ? vm_undefined() : vm_bool(true));
        }
        return VM_NATIVE_OK;
    }
    sim__handle_set_ref(loop, t, refed);
    return VM_NATIVE_EVENT;
}

NATIVE(net_ref)
{
    (void)args;
    (void)argc;
    return set_ref(loop, this_value, true, result);
}

NATIVE(net_unref)
{
    (void)args;
    (void)argc;
    return set_ref(loop, this_value, false, result);
}

/* ---- Sockets ------------------------------------------------------------------------------ */

/* The accepted connection's callback (bound to the server): the two ends know each other. */
NATIVE(net_accept)
{
    (void)this_value;
    struct vm_value server = sim__vm_obj(loop, loop->vm.native_self)->inner;
    struct vm_value client = sim__vm_arg(args, argc, 0);
    struct vm_value accepted = sim__vm_arg(args, argc, 1);
    if (client.tag == VM_OBJECT && accepted.tag == VM_OBJECT) {
        sim__vm_put_hidden(loop, client.ref, PEER_KEY, accepted);
        sim__vm_put_hidden(loop, accepted.ref, PEER_KEY, client);
        sim__vm_put_hidden(loop, accepted.ref, LINE_KEY, hidden(loop, server, LINE_KEY));
    }
    struct vm_value emit[2] = {sim__vm_cstring(loop, "connection"), accepted};
    return sim__vm_ee_emit(loop, server, emit, 2, result);
}

/*
 * The connect itself: to the program's server on that place, else refused (a port) or not
 * there (a pipe).
 */
static void start_connect(struct sim_loop *loop, struct vm_value sock, const struct place *p)
{
    struct vm_prop *to = sim__vm_own(loop, ports(loop).ref, key_of(loop, p));
    struct vm_value server = to != NULL ? to->value : vm_undefined();
    uint32_t st = sim__vm_task_of(loop, server);
    enum js_api api = st != SIM_NONE ? JS_API_CONNECT
                      : p->pipe      ? JS_API_CONNECT_NOENT
                                     : JS_API_CONNECT_REFUSED;
    uint32_t stmt = statement(loop, api);
    if (st != SIM_NONE) {
        /* The server's listen socket is ready as the handshake ends, before the client's fd
           joins epoll: 'connection' comes first in the batch (measured on node v20). */
        loop->vm.next_call = sim__vm_record(
            loop, name_of(loop, server, "'connection' of server"),
            sim__vm_bound(loop, VM_NATIVE_NET_ACCEPT, server), &sock, 1);
        sim__server_client(loop, st, loop->clock_ns + loop->prog->stmts[stmt].ms_ns);
        loop->vm.next_call = VM_NONE;
    }
    struct vm_value name = name_of(loop, sock, "socket");
    loop->vm.next_call = sim__vm_record(loop, name, vm_undefined(), NULL, 0); /* its name */
    loop->stmt_runs[stmt]++;
    uint32_t t = sim__connect(loop, stmt, SIM_NONE);
    loop->vm.next_call = VM_NONE;
    if (loop->error) {
        return;
    }
    loop->tasks[t].body = SIM_NONE;
    sim__vm_handle_bind(loop, sock.ref, t);
    sim__vm_remove(loop, sock.ref, sim__vm_cstring(loop, PENDING_KEY));
    if (hidden(loop, sock, UNREF_KEY).tag == VM_BOOL) {
        sim__set_refed(loop, t, false); /* its unref() came first: no event of its own */
    }
    uint32_t rec;
    if (st != SIM_NONE) {
        rec = emit_record(loop, sock, "connect", NULL, 0);
    } else {
        char where[300];
        uint32_t len;
        const char *path = sim__vm_str(loop, p->path, &len);
        snprintf(where, sizeof(where), p->pipe ? "%.*s" : "%.*s:%.0f",
                 (int)(len > 200 ? 200 : len), path, p->port);
        struct vm_value err = p->pipe ? sys_error(loop, "connect", "ENOENT", -2, where)
                                      : sys_error(loop, "connect", "ECONNREFUSED", -111, where);
        if (!loop->error) {
            sim__vm_put_c(loop, err.ref, "address", p->path);
            if (!p->pipe) {
                sim__vm_put_c(loop, err.ref, "port", vm_number(p->port));
            }
        }
        rec = emit_record(loop, sock, "error", &err, 1);
    }
    if (loop->error) {
        return;
    }
    sim__vm_elems(loop, rec)[VM_RECORD_LABEL] = name; /* the attempt is the socket's */
    uint32_t attempt = sim__socket(loop, t)->attempt;
    sim__vm_task_set_call(loop, attempt, rec);
    if (api == JS_API_CONNECT_NOENT) {
        sim__feed_now(loop, attempt); /* uv_pipe_connect2: uv__io_feed at once */
    } else {
        sim__fd_joins_at_poll(loop, attempt); /* ready already: it joins at the next poll */
    }
}

/* The nextTick of a connect to an address (lib/net.js lookupAndConnect: an IP needs no lookup,
   and internalConnect runs by process.nextTick). */
NATIVE(net_connect_tick)
{
    (void)this_value;
    (void)args;
    (void)argc;
    struct vm_value st = sim__vm_obj(loop, loop->vm.native_self)->inner;
    const struct vm_value *e = sim__vm_elems(loop, st.ref);
    struct vm_value sock = e[0];
    struct place p = {.pipe = false, .port = e[1].num, .path = e[2]};
    *result = vm_undefined();
    start_connect(loop, sock, &p);
    return VM_NATIVE_EVENT;
}

/* The dns.lookup of a connect to localhost answered (err, address, family): the connect
   begins there, and 'lookup' is emitted (lib/net.js emitLookup). */
NATIVE(net_lookup_done)
{
    (void)this_value;
    struct vm_value st = sim__vm_obj(loop, loop->vm.native_self)->inner;
    const struct vm_value *e = sim__vm_elems(loop, st.ref);
    struct vm_value sock = e[0];
    struct vm_value host = e[2];
    struct place p = {.pipe = false, .port = e[1].num, .path = sim__vm_arg(args, argc, 1)};
    start_connect(loop, sock, &p);
    struct vm_value lookup[5] = {sim__vm_cstring(loop, "lookup"), sim__vm_arg(args, argc, 0),
                                 p.path, sim__vm_arg(args, argc, 2), host};
    return sim__vm_ee_emit(loop, sock, lookup, 5, result);
}

/* net.connect(port[, host][, listener]), (path[, listener]), (options[, listener]) */
NATIVE(net_connect)
{
    (void)this_value;
    struct place p;
    if (!place_of(loop, args, argc, &p, false)) {
        return VM_NATIVE_THREW;
    }
    if (!p.pipe && p.path.tag != VM_STRING) {
        p.path = sim__vm_cstring(loop, "localhost");
    }
    uint32_t hlen = 0;
    const char *host = p.pipe ? "" : sim__vm_str(loop, p.path, &hlen);
    bool name = !p.pipe && strspn(host, "0123456789.:abcdefABCDEF") != hlen;
    if (name && !(hlen == 9 && memcmp(host, "localhost", 9) == 0)) {
        sim__vm_throw_error(loop, VM_ERROR,
                            "loopsim: net.connect to the name '%.*s' is not simulated: the "
                            "simulated machine knows only localhost; name the address, such "
                            "as '127.0.0.1' (docs/js-input.md, net)",
                            (int)(hlen > 60 ? 60 : hlen), host);
        return VM_NATIVE_THREW;
    }
    struct vm_value sock = handle_new(loop, loop->vm.socket_proto);
    struct vm_value listener = last_callback(loop, args, argc, 1);
    if (listener.tag != VM_UNDEFINED) {
        listen_to(loop, sock, "connect", listener, true);
    }
    *result = sock;
    if (p.pipe) {
        start_connect(loop, sock, &p); /* a pipe connects inside the call */
        return VM_NATIVE_EVENT;
    }
    struct vm_value st[3] = {sock, vm_number(p.port), p.path};
    uint32_t state = sim__vm_array_from(loop, VM_NONE, st, 3);
    sim__vm_put_hidden(loop, sock.ref, PENDING_KEY, vm_bool(true));
    if (name) {
        /* lib/net.js lookupAndConnect: dns.lookup first, a slow-I/O pool job; the connect
           begins in its callback */
        struct vm_value lookup[2] = {
            p.path, sim__vm_bound(loop, VM_NATIVE_NET_LOOKUP_DONE, vm_object(state))};
        struct vm_value ignored;
        return sim__vmn_dns_lookup(loop, vm_undefined(), lookup, 2, &ignored);
    }
    tick_of(loop, sim__vm_record(loop, name_of(loop, sock, "net.connect"),
                                 sim__vm_bound(loop, VM_NATIVE_NET_CONNECT_TICK,
                                               vm_object(state)),
                                 NULL, 0));
    return VM_NATIVE_EVENT;
}

static bool flagged(struct sim_loop *loop, struct vm_value sock, const char *key)
{
    return hidden(loop, sock, key).tag == VM_BOOL;
}

static void flag(struct sim_loop *loop, struct vm_value sock, const char *key)
{
    if (sock.tag == VM_OBJECT) {
        sim__vm_put_hidden(loop, sock.ref, key, vm_bool(true));
    }
}

static uint32_t socket_task(struct sim_loop *loop, struct vm_value s, const char *method)
{
    if (hidden(loop, s, PENDING_KEY).tag == VM_BOOL) {
        sim__vm_throw_error(loop, VM_ERROR,
                            "loopsim: socket.%s() before its connect begins is not simulated "
                            "(node connects to an address in a nextTick): call it from a "
                            "later callback, such as 'connect' (docs/js-input.md, net)",
                            method);
        return SIM_NONE;
    }
    uint32_t t = sim__vm_task_of(loop, s);
    if (t == SIM_NONE || task_at(loop, t)->kind != TASK_SOCKET) {
        sim__vm_throw_error(loop, VM_TYPE_ERROR, "socket.%s called on something else", method);
        return SIM_NONE;
    }
    return t;
}

/* socket.write(data[, encoding][, callback]): sim/net.c's write, its callback by nextTick. */
NATIVE(socket_write)
{
    uint32_t t = socket_task(loop, this_value, "write");
    if (t == SIM_NONE) {
        return VM_NATIVE_THREW;
    }
    const struct socket_part *sk = sim__socket(loop, t);
    if (sk->attempt != SIM_NONE) {
        sim__vm_throw_error(loop, VM_ERROR,
                            "loopsim: socket.write before 'connect' is not simulated (node "
                            "keeps the data until the socket connects): write from the "
                            "'connect' listener (docs/js-input.md, net)");
        return VM_NATIVE_THREW;
    }
    if (sk->open && flagged(loop, this_value, ENDING_KEY)) {
        sim__vm_throw_error(loop, VM_ERROR,
                            "loopsim: socket.write after end() is not simulated (node reports "
                            "ERR_STREAM_WRITE_AFTER_END) (docs/js-input.md, net)");
        return VM_NATIVE_THREW;
    }
    bool open = sk->open;
    struct vm_value data = sim__vm_arg(args, argc, 0);
    if (open && (data.tag == VM_STRING || data.tag == VM_OBJECT)) {
        uint32_t len = 0;
        if (data.tag == VM_STRING) {
            sim__vm_str(loop, data, &len);
        } else {
            len = sim__vm_buffer_length(loop, data);
        }
        if (len > 0) {
            sim__vm_put_hidden(loop, this_value.ref, WROTE_KEY, vm_bool(true));
        }
    }
    struct vm_value cb = last_callback(loop, args, argc, 1);
    uint32_t rec = VM_NONE;
    if (cb.tag != VM_UNDEFINED) {
        struct vm_value err = vm_null();
        if (!open) {
            err = sim__vm_error_new(loop, VM_ERROR,
                                    sim__vm_cstring(loop, "Cannot call write after a stream was "
                                                          "destroyed"));
            if (!loop->error) {
                sim__vm_put_c(loop, err.ref, "code",
                              sim__vm_cstring(loop, "ERR_STREAM_DESTROYED"));
            }
        }
        rec = sim__vm_call_record(loop, "write", cb, &err, 1);
    }
    loop->vm.next_call = rec;
    uint32_t stmt = statement(loop, rec != VM_NONE ? JS_API_SOCKET_WRITE_CB
                                                   : JS_API_SOCKET_WRITE);
    loop->stmt_runs[stmt]++;
    sim__socket_write(loop, stmt, SIM_NONE, t);
    loop->vm.next_call = VM_NONE;
    *result = vm_bool(open);
    return VM_NATIVE_EVENT;
}

/*
 * The other end of a connection whose socket closed reads EOF in the next poll: 'end' (lib/
 * net.js onStreamRead -> push(null); emitted by a nextTick that nothing comes before), and it
 * ends its own side (allowHalfOpen false), whose shutdown completes in the poll after that:
 * then it is destroyed, and 'close' follows in that iteration's close phase.
 */
static void peer_fd(struct sim_loop *loop, struct vm_value sock, enum vm_native_id native,
                    const char *label)
{
    uint32_t t = sim__vm_task_of(loop, sock);
    if (t == SIM_NONE || !sim__socket(loop, t)->open) {
        return;
    }
    uint32_t rec = sim__vm_record(loop, sim__vm_cstring(loop, label),
                                  sim__vm_bound(loop, native, sock), NULL, 0);
    uint32_t stmt = sim__vm_stmt_call(loop, statement(loop, JS_API_SOCKET_EOF), rec);
    uint32_t fd = sim__fd_start(loop, stmt, SIM_NONE, SIM_NONE);
    loop->vm.next_call = VM_NONE;
    if (!loop->error) {
        sim__set_refed(loop, fd, task_at(loop, t)->refed); /* an unref'd socket's read */
        sim__fd_local(loop, fd);
        sim__handle_announce(loop, fd, SIM_REASON_SCHED_IO, 0);
    }
}

/* The socket's FIN reaches its peer, if the program has it: the peer reads EOF next poll. */
static void send_fin(struct sim_loop *loop, struct vm_value sock, bool now)
{
    struct vm_value peer = hidden(loop, sock, PEER_KEY);
    if (flagged(loop, sock, FIN_KEY) || peer.tag != VM_OBJECT) {
        flag(loop, sock, FIN_KEY);
        return;
    }
    flag(loop, sock, FIN_KEY);
    enum vm_net_due due = flagged(loop, sock, WROTE_KEY) ? NET_DUE_PEER_EOF_UNREAD
                                                        : NET_DUE_PEER_EOF;
    if (now) {
        peer_fd(loop, peer,
                due == NET_DUE_PEER_EOF ? VM_NATIVE_NET_PEER_END : VM_NATIVE_NET_PEER_STOP,
                due == NET_DUE_PEER_EOF ? "EOF from the peer" : "EOF behind unread bytes");
        return;
    }
    loop->vm.net_due = due; /* after this action's event */
    loop->vm.net_due_of = peer.ref;
}

static void destroy(struct sim_loop *loop, struct vm_value sock, uint32_t t)
{
    bool was_open = sim__socket(loop, t)->open;
    sim__socket_destroy(loop, t, statement(loop, JS_API_SOCKET_DESTROY), SIM_NONE, t);
    if (was_open) {
        send_fin(loop, sock, false); /* after the close's event */
    }
}

/*
 * socket.end() or the automatic one of allowHalfOpen false: uv_shutdown, whose request libuv
 * feeds to the pending queue at once when no write waits (stream.c uv_shutdown: uv__io_feed),
 * so from a poll callback it completes in the re-run right after poll (measured on node v20:
 * end()'s callback and 'finish' before that iteration's check).
 */
static void start_shutdown(struct sim_loop *loop, struct vm_value sock)
{
    uint32_t t = sim__vm_task_of(loop, sock);
    if (t == SIM_NONE || !sim__socket(loop, t)->open || flagged(loop, sock, ENDING_KEY)) {
        return;
    }
    flag(loop, sock, ENDING_KEY);
    uint32_t rec = sim__vm_record(loop, name_of(loop, sock, "shutdown of socket"),
                                  sim__vm_bound(loop, VM_NATIVE_NET_SHUTDOWN_DONE, sock), NULL,
                                  0);
    uint32_t stmt = sim__vm_stmt_call(loop, statement(loop, JS_API_SOCKET_EOF), rec);
    uint32_t fd = sim__fd_start(loop, stmt, SIM_NONE, SIM_NONE);
    loop->vm.next_call = VM_NONE;
    if (!loop->error) {
        sim__set_refed(loop, fd, true); /* a request: it keeps the loop alive */
        sim__fd_local(loop, fd);
        sim__handle_announce(loop, fd, SIM_REASON_SCHED_IO, 0);
        sim__feed_now(loop, fd);
    }
}

/* The shutdown is done: the FIN goes out; end()'s callback and 'finish'; and a socket whose
   other side ended too is destroyed (Writable's finish: autoDestroy). */
NATIVE(net_shutdown_done)
{
    (void)this_value;
    (void)args;
    (void)argc;
    struct vm_value sock = sim__vm_obj(loop, loop->vm.native_self)->inner;
    uint32_t t = sim__vm_task_of(loop, sock);
    *result = vm_undefined();
    if (t == SIM_NONE || !sim__socket(loop, t)->open) {
        return VM_NATIVE_OK;
    }
    send_fin(loop, sock, true);
    if (flagged(loop, sock, ENDED_KEY)) {
        loop->vm.net_due = NET_DUE_DESTROY;
        loop->vm.net_due_of = sock.ref;
    }
    struct vm_value finish = sim__vm_cstring(loop, "finish");
    return sim__vm_ee_emit(loop, sock, &finish, 1, result);
}

NATIVE(net_peer_end)
{
    (void)this_value;
    (void)args;
    (void)argc;
    struct vm_value sock = sim__vm_obj(loop, loop->vm.native_self)->inner;
    uint32_t t = sim__vm_task_of(loop, sock);
    if (t == SIM_NONE || !sim__socket(loop, t)->open) {
        *result = vm_undefined();
        return VM_NATIVE_OK;
    }
    flag(loop, sock, ENDED_KEY);
    if (flagged(loop, sock, FIN_KEY)) {
        destroy(loop, sock, t); /* both sides have ended */
    } else {
        start_shutdown(loop, sock); /* allowHalfOpen false: it ends its side too */
    }
    struct vm_value end = sim__vm_cstring(loop, "end");
    return sim__vm_ee_emit(loop, sock, &end, 1, result);
}

/*
 * EOF behind bytes nobody reads ('data' is not simulated): the stream never ends, so no 'end'
 * and no 'close', and its reading stops (uv_read_stop): the socket keeps the loop alive no more
 * (measured on node v20: write('a') then destroy(), and the other end's process exits
 * without its 'end' or 'close').
 */
NATIVE(net_peer_stop)
{
    (void)this_value;
    (void)args;
    (void)argc;
    struct vm_value sock = sim__vm_obj(loop, loop->vm.native_self)->inner;
    uint32_t t = sim__vm_task_of(loop, sock);
    if (t != SIM_NONE && sim__socket(loop, t)->open) {
        sim__set_active(loop, t, false);
    }
    *result = vm_undefined();
    return VM_NATIVE_OK;
}


/* socket.destroy(): sim/net.c's destroy; the socket's 'close' comes from the close phase. */
NATIVE(socket_destroy)
{
    *result = this_value;
    uint32_t t = socket_task(loop, this_value, "destroy");
    if (t == SIM_NONE) {
        return VM_NATIVE_THREW;
    }
    if (argc > 0 && args[0].tag != VM_UNDEFINED && args[0].tag != VM_NULL) {
        sim__vm_throw_error(loop, VM_ERROR,
                            "loopsim: socket.destroy(error) is not simulated; "
                            "socket.destroy() is (docs/js-input.md, net)");
        return VM_NATIVE_THREW;
    }
    destroy(loop, this_value, t);
    return VM_NATIVE_EVENT;
}

/*
 * socket.end([data][, encoding][, callback]): data is written first; then the shutdown, whose
 * completion calls `callback` and then the 'finish' listeners.
 */
NATIVE(socket_end)
{
    *result = this_value;
    uint32_t t = socket_task(loop, this_value, "end");
    if (t == SIM_NONE) {
        return VM_NATIVE_THREW;
    }
    struct vm_value cb = last_callback(loop, args, argc, 0);
    if (cb.tag != VM_UNDEFINED) {
        struct vm_value once[2] = {sim__vm_cstring(loop, "finish"), cb};
        struct vm_value ignored;
        sim__vm_ee_prepend_once(loop, this_value, once, 2, &ignored); /* kOnFinished first */
    }
    if (!sim__socket(loop, t)->open || flagged(loop, this_value, ENDING_KEY)) {
        return VM_NATIVE_OK;
    }
    struct vm_value data = sim__vm_arg(args, argc, 0);
    if (data.tag == VM_STRING || (data.tag == VM_OBJECT && !sim__vm_is_callable(loop, data))) {
        struct vm_value written;
        enum vm_native_result r = sim__vmn_socket_write(loop, this_value, &data, 1, &written);
        if (r == VM_NATIVE_THREW) {
            return r;
        }
        loop->vm.net_due = NET_DUE_SHUTDOWN; /* after the write's event */
        loop->vm.net_due_of = this_value.ref;
        return VM_NATIVE_EVENT;
    }
    start_shutdown(loop, this_value);
    return VM_NATIVE_EVENT;
}

/* What a socket does that has no effect on the order of callbacks: it returns the socket. */
NATIVE(socket_same)
{
    (void)args;
    (void)argc;
    *result = this_value;
    return VM_NATIVE_OK;
}

/* The methods of a socket that loopsim does not simulate. */
NATIVE(socket_unsimulated)
{
    (void)this_value;
    (void)args;
    (void)argc;
    (void)result;
    const char *name = sim__vm_natives[sim__vm_obj(loop, loop->vm.native_self)->native].name;
    sim__vm_throw_error(loop, VM_ERROR,
                        "loopsim: socket.%s() is not simulated; socket.write() and "
                        "socket.destroy() are (docs/js-input.md, net)",
                        name);
    return VM_NATIVE_THREW;
}

/*
 * on, once, addListener, prependListener of a Server or a Socket: the events loopsim emits;
 * a listener of any other is refused, since it would never run ('data': bytes are not
 * simulated).
 */
static enum vm_native_result add_listener(struct sim_loop *loop, struct vm_value ee,
                                          const struct vm_value *args, uint32_t argc,
                                          struct vm_value *result, vm_native_fn add)
{
    bool server = ee.tag == VM_OBJECT && sim__vm_obj(loop, ee.ref)->proto == loop->vm.server_proto;
    static const char *const server_events[] = {"connection", "listening", "close", "error"};
    static const char *const socket_events[] = {"connect", "close", "error", "end", "finish",
                                                "lookup"};
    const char *const *events = server ? server_events : socket_events;
    struct vm_value name = sim__vm_to_string(loop, sim__vm_arg(args, argc, 0));
    uint32_t len;
    const char *n = sim__vm_str(loop, name, &len);
    for (int i = 0; i < (server ? 4 : 6); i++) {
        if (strlen(events[i]) == len && memcmp(events[i], n, len) == 0) {
            return add(loop, ee, args, argc, result);
        }
    }
    sim__vm_throw_error(loop, VM_ERROR,
                        "loopsim: a %s's '%.*s' event is not simulated; its events are %s "
                        "(docs/js-input.md, net)",
                        server ? "server" : "socket", (int)(len > 40 ? 40 : len), n,
                        server ? "'connection', 'listening', 'close' and 'error'"
                               : "'connect', 'close', 'error', 'end', 'finish' and 'lookup'");
    return VM_NATIVE_THREW;
}

NATIVE(net_on)
{
    return add_listener(loop, this_value, args, argc, result, sim__vm_ee_on);
}

NATIVE(net_once)
{
    return add_listener(loop, this_value, args, argc, result, sim__vm_ee_once);
}

NATIVE(net_prepend)
{
    return add_listener(loop, this_value, args, argc, result, sim__vm_ee_prepend);
}

/* ---- What the engine asks (sim/net.c) ----------------------------------------------------- */

/*
 * Close callback c of socket `sock`: HandleWrap::OnClose emits 'close' with hadError, true for
 * a socket whose connect failed (its attempt settled, with an error).
 */
void sim__vm_net_closed(struct sim_loop *loop, uint32_t c, uint32_t sock)
{
    const struct sim_stmt *s = &loop->prog->stmts[task_at(loop, sock)->stmt];
    bool had_error = s->op == SIM_OP_CONNECT && s->text != NULL &&
                     sim__socket(loop, sock)->attempt == SIM_NONE;
    struct vm_value flag = vm_bool(had_error);
    sim__vm_task_set_call(loop, c, emit_record(loop, sim__vm_net_socket(loop, sock), "close",
                                               &flag, 1));
}

/* The next tick the engine queues for `server` emits its 'close' (emitCloseNT). */
void sim__vm_net_close_tick(struct sim_loop *loop, uint32_t server)
{
    uint32_t h = sim__vm_handle_object(loop, server);
    if (h != VM_NONE) {
        loop->vm.next_call = emit_record(loop, vm_object(h), "close", NULL, 0);
    }
}

/* Does the write being made (vm.next_call) pass the function of after-write tick `tick`? No
   callback is Writable's one nop. */
bool sim__vm_net_same_write_cb(const struct sim_loop *loop, uint32_t tick)
{
    uint32_t now = loop->vm.next_call;
    uint32_t then = sim__vm_task_call(loop, tick);
    if (now == VM_NONE || then == VM_NONE) {
        return now == then;
    }
    return sim__vm_strict_equal(loop, sim__vm_record_fn(loop, now), sim__vm_record_fn(loop, then));
}

/* What the last action owed (vm.net_due): its event, in an action of its own. */
bool sim__vm_net_due_step(struct sim_loop *loop)
{
    struct vm_state *vm = &loop->vm;
    enum vm_net_due due = (enum vm_net_due)vm->net_due;
    if (due == NET_DUE_NONE) {
        return false;
    }
    vm->net_due = NET_DUE_NONE;
    struct vm_value o = vm_object(vm->net_due_of);
    uint64_t before = loop->events.seq;
    if (due == NET_DUE_LISTENING) {
        tick_of(loop, emit_record(loop, o, "listening", NULL, 0));
    } else if (due == NET_DUE_PEER_EOF) {
        peer_fd(loop, o, VM_NATIVE_NET_PEER_END, "EOF from the peer");
    } else if (due == NET_DUE_PEER_EOF_UNREAD) {
        peer_fd(loop, o, VM_NATIVE_NET_PEER_STOP, "EOF behind unread bytes");
    } else if (due == NET_DUE_SHUTDOWN) {
        start_shutdown(loop, o);
    } else {
        uint32_t t = sim__vm_task_of(loop, o);
        if (t != SIM_NONE && sim__socket(loop, t)->open) {
            destroy(loop, o, t);
        }
    }
    return loop->events.seq != before;
}
