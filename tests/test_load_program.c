/*
 * test_load_program.c - the scenario loader (sim/load/), continued from test_load.c: the config
 * and command-line overrides, the program it builds from every op, and its robustness (a million
 * statements, pattern ids, random mutations).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_load.h"
#include "test_util.h"

/* A scenario around a main body, single-quoted like every inline scenario (tu_json). */
#define SCENARIO(main) "{'loopsim':1,'name':'t','main':[" main "]}"
/* A scenario with a config and an empty main. */
#define WITH_CONFIG(cfg) "{'loopsim':1,'name':'a','config':{" cfg "},'main':[]}"

START_TEST(bad_config)
{
    refuse_at(WITH_CONFIG("'threadpool_size':0"), "0}", SIM_ESCHEMA, "config.threadpool_size",
              "expected a whole number from 1 to 1024, got 0");
    refuse_at(WITH_CONFIG("'threadpool_size':2000"), "2000", SIM_ESCHEMA, "config.threadpool_size",
              "expected a whole number from 1 to 1024, got 2000");
    refuse_at(WITH_CONFIG("'threadpool_size':'4'"), "'4'", SIM_ESCHEMA, "config.threadpool_size",
              "expected a number, got \"4\"");
    refuse_at(WITH_CONFIG("'entry':'cjs'"), "'cjs'", SIM_ESCHEMA, "config.entry",
              "expected \"commonjs\" or \"module\", got \"cjs\"");
    refuse_at(WITH_CONFIG("'node':'12'"), "'12'", SIM_ESCHEMA, "config.node",
              "unsupported node profile \"12\"; supported: \"20\" or \"10\"");
    refuse_at(WITH_CONFIG("'limits':{'poll':-1}"), "-1", SIM_ESCHEMA, "config.limits.poll",
              "expected a whole number from 0 to 4294967295, got -1");
    refuse_at(WITH_CONFIG("'limits':3"), "3", SIM_ESCHEMA, "config.limits",
              "expected an object, got 3");
    refuse_at(WITH_CONFIG("'until_ms':-1"), "-1", SIM_ESCHEMA, "config.until_ms",
              "expected a duration in ms (a number >= 0), got -1");
    refuse_at(WITH_CONFIG("'max_callbacks':0"), "0}", SIM_ESCHEMA, "config.max_callbacks",
              "expected a whole number from 1 to 9007199254740992, got 0");
    refuse_at(WITH_CONFIG("'loop_start_ms':1e13"), "1e13", SIM_ELIMIT, "config.loop_start_ms",
              "expected at most 1000000000000 ms (the loader's limit for durations, about 31 "
              "years), got 1e13");
    refuse_at("{'loopsim':1,'name':'a','config':[],'main':[]}", "[],", SIM_ESCHEMA, "config",
              "expected an object, got an array");
    refuse_at(WITH_CONFIG("'log_ms':-0.5"), "-0.5", SIM_ESCHEMA, "config.log_ms",
              "expected a duration in ms (a number >= 0), got -0.5");
    refuse_at(WITH_CONFIG("'first_log_ms':'2'"), "'2'", SIM_ESCHEMA, "config.first_log_ms",
              "expected a number, got \"2\"");
}
END_TEST

START_TEST(stated_callback_ms_is_the_whole_cost_of_javascript)
{
    /* callback_ms is what a callback costs beside its blocks: logs are free unless stated. */
    struct sim_program *prog = tu_load(WITH_CONFIG("'callback_ms':0.1"));
    ck_assert_uint_eq(prog->config.callback_ns, 100000);
    ck_assert_uint_eq(prog->config.log_ns + prog->config.first_log_ns, 0);
    ck_assert_uint_eq(prog->config.loop_start_ns, SIM_COST_LOOP_START_NS);
    sim_program_destroy(prog);
    prog = tu_load(WITH_CONFIG("'first_log_ms':4,'callback_ms':0,'log_ms':0.5"));
    ck_assert_uint_eq(prog->config.callback_ns, 0);
    ck_assert_uint_eq(prog->config.log_ns, 500000);
    ck_assert_uint_eq(prog->config.first_log_ns, 4000000);
    sim_program_destroy(prog);
    prog = tu_load(WITH_CONFIG("'log_ms':0"));
    ck_assert_uint_eq(prog->config.callback_ns, SIM_COST_CALLBACK_NS);
    ck_assert_uint_eq(prog->config.log_ns, 0);
    ck_assert_uint_eq(prog->config.first_log_ns, SIM_COST_FIRST_LOG_NS);
    sim_program_destroy(prog);
}
END_TEST

START_TEST(config_values)
{
    struct sim_program *prog = tu_load(WITH_CONFIG(
        "'threadpool_size':2,'entry':'module','node':'20','loop_start_ms':1.5,'callback_ms':0.25,"
        "'limits':{'timers':1,'pending':2,'poll':3,'check':4,'close':5},'until_ms':100,"
        "'max_callbacks':50"));
    const struct sim_config *c = &prog->config;
    ck_assert_uint_eq(c->threadpool_size, 2);
    ck_assert_int_eq(c->entry, SIM_ENTRY_MODULE);
    ck_assert_uint_eq(c->loop_start_ns, 1500000);
    ck_assert_uint_eq(c->callback_ns, 250000);
    ck_assert_uint_eq(c->limits[SIM_PHASE_TIMERS], 1);
    ck_assert_uint_eq(c->limits[SIM_PHASE_PENDING], 2);
    ck_assert_uint_eq(c->limits[SIM_PHASE_POLL], 3);
    ck_assert_uint_eq(c->limits[SIM_PHASE_CHECK], 4);
    ck_assert_uint_eq(c->limits[SIM_PHASE_CLOSE], 5);
    ck_assert(c->has_until);
    ck_assert_uint_eq(c->until_ns, 100000000);
    ck_assert_uint_eq(c->max_callbacks, 50);
    sim_program_destroy(prog);
    prog = tu_load(SCENARIO(""));
    c = &prog->config;
    ck_assert_uint_eq(c->threadpool_size, 4);
    ck_assert_int_eq(c->entry, SIM_ENTRY_COMMONJS);
    /* The default cost model (docs/cost-model.md). */
    ck_assert_uint_eq(c->loop_start_ns, SIM_COST_LOOP_START_NS);
    ck_assert_uint_eq(c->callback_ns, SIM_COST_CALLBACK_NS);
    ck_assert_uint_eq(c->log_ns, SIM_COST_LOG_NS);
    ck_assert_uint_eq(c->first_log_ns, SIM_COST_FIRST_LOG_NS);
    ck_assert_uint_eq(c->until_ns, 0);
    for (int ph = 0; ph < SIM_PHASE_COUNT; ph++) {
        ck_assert_uint_eq(c->limits[ph], 0);
    }
    ck_assert(!c->has_until);
    ck_assert_uint_eq(c->max_callbacks, 1000000);
    sim_program_destroy(prog);
}
END_TEST

/* Loads `sq` with overrides; returns the program (NULL with *d filled when refused). */
static struct sim_program *load_with(const char *sq, const struct sim_overrides *ov,
                                     struct sim_diag *d)
{
    const char *json = tu_json(sq);
    return load_bytes(json, strlen(json), ov, d);
}

START_TEST(overrides)
{
    struct sim_overrides ov;
    struct sim_diag d;
    sim_overrides_init(&ov);
    struct sim_program *prog = load_with(WITH_CONFIG("'threadpool_size':2"), &ov, &d);
    ck_assert_uint_eq(prog->config.threadpool_size, 2);
    sim_program_destroy(prog);

    ov.threadpool_size = 8;
    ov.limits[SIM_PHASE_CHECK] = 3;
    ov.entry = SIM_ENTRY_MODULE;
    ov.until_ms = 50;
    ov.max_callbacks = 7;
    prog = load_with(WITH_CONFIG("'threadpool_size':2,'limits':{'check':1,'poll':9}"), &ov, &d);
    ck_assert_ptr_nonnull(prog);
    ck_assert_uint_eq(prog->config.threadpool_size, 8);
    ck_assert_uint_eq(prog->config.limits[SIM_PHASE_CHECK], 3);
    ck_assert_uint_eq(prog->config.limits[SIM_PHASE_POLL], 9);
    ck_assert_int_eq(prog->config.entry, SIM_ENTRY_MODULE);
    ck_assert(prog->config.has_until);
    ck_assert_uint_eq(prog->config.until_ns, 50000000);
    ck_assert_uint_eq(prog->config.max_callbacks, 7);
    sim_program_destroy(prog);
}
END_TEST

/* Expects the overrides to be refused with `message`, with no place in the file. */
static void refuse_overrides(const struct sim_overrides *ov, const char *message)
{
    struct sim_diag d;
    ck_assert_ptr_null(load_with(SCENARIO(""), ov, &d));
    check_diag(d, SIM_EINVAL, 0, 0, "", message);
}

START_TEST(bad_overrides)
{
    struct sim_overrides ov;
    sim_overrides_init(&ov);
    ov.threadpool_size = 0;
    refuse_overrides(&ov, "--threadpool: expected 1 to 1024, got 0");
    sim_overrides_init(&ov);
    ov.limits[SIM_PHASE_POLL] = 1LL << 40;
    refuse_overrides(&ov, "--limit poll: expected 0 to 4294967295, got 1099511627776");
    sim_overrides_init(&ov);
    ov.limits[SIM_PHASE_IDLE] = 1;
    refuse_overrides(&ov, "--limit idle: that phase has no limit; expected timers, pending, "
                          "poll, check or close");
    sim_overrides_init(&ov);
    ov.entry = 7;
    refuse_overrides(&ov, "--entry: expected one of commonjs|module");
    sim_overrides_init(&ov);
    ov.until_ms = 1e13;
    refuse_overrides(&ov, "--until: expected 0 to 1000000000000 ms, got 1e+13");
    sim_overrides_init(&ov);
    ov.max_callbacks = 0;
    refuse_overrides(&ov, "--max-callbacks: expected 1 to 9007199254740992, got 0");
    /* The scenario's own errors come first. */
    struct sim_diag d;
    ck_assert_ptr_null(load_with("{'loopsim':1}", &ov, &d));
    ck_assert_str_eq(d.message, "missing key 'name'");
}
END_TEST

/* ---- What a valid scenario becomes ----------------------------------------------------- */

static const struct sim_stmt *stmt_of(const struct sim_program *prog, uint32_t body, uint32_t i)
{
    ck_assert_uint_lt(body, prog->body_count);
    ck_assert_uint_lt(i, prog->bodies[body].count);
    return &prog->stmts[prog->bodies[body].first + i];
}

/* The statement named `name` (its label, or "op#ordinal"), wherever it stands. */
static const struct sim_stmt *stmt_named(const struct sim_program *prog, const char *name)
{
    for (size_t i = 0; i < prog->stmt_count; i++) {
        if (strcmp(prog->names[i], name) == 0) {
            return &prog->stmts[i];
        }
    }
    ck_abort_msg("no statement is named %s", name);
    return NULL;
}

START_TEST(every_op)
{
    struct sim_program *prog = tu_load(
        "{'loopsim':1,'name':'all','description':'d','main':["
        "'hello',{'op':'log','msg':'m'},{'op':'block','ms':2.5,'what':'busy'},{'op':'block','ms':1}"
        ","
        "{'op':'repeat','times':3,'var':'k','do':['r{k}']},"
        "{'op':'setTimeout','delay':-5,'label':'T','id':'t','unref':true,'do':['x']},"
        "{'op':'setInterval','delay':2.7,'times':4,'id':'iv'},"
        "{'op':'setImmediate','id':'im'},"
        "{'op':'clearTimeout','id':'t'},{'op':'clearInterval','id':'iv'},"
        "{'op':'clearImmediate','id':'im'},{'op':'ref','id':'t'},{'op':'unref','id':'t'},"
        "{'op':'refresh','id':'t'},{'op':'nextTick'},{'op':'promise'},{'op':'queueMicrotask'},"
        "{'op':'work','ms':1},{'op':'crypto.pbkdf2','ms':1},{'op':'crypto.scrypt','ms':1},"
        "{'op':'crypto.randomBytes','ms':1},{'op':'crypto.randomFill','ms':1},"
        "{'op':'zlib.gzip','ms':1},{'op':'zlib.gunzip','ms':1,'jobs':3},"
        "{'op':'zlib.deflate','ms':1},{'op':'zlib.inflate','ms':1},"
        "{'op':'fs.stat','ms':1},{'op':'fs.open','ms':1},{'op':'fs.read','ms':1},"
        "{'op':'fs.write','ms':1},{'op':'fs.close','ms':1},{'op':'fs.access','ms':1},"
        "{'op':'fs.unlink','ms':1},{'op':'fs.mkdir','ms':1},"
        "{'op':'fs.readFile','ms':0.000001,'size':1048576},{'op':'fs.writeFile','ms':1},"
        "{'op':'dns.lookup','ms':1},{'op':'dns.resolve','ms':1},"
        "{'op':'io','ms':3,'deferred':true},"
        "{'op':'listen','id':'srv','connections':[0,1.5],'do':[{'op':'socket.write','do':[]},"
        "{'op':'socket.destroy'}]},"
        "{'op':'server.close','id':'srv','do':['closed']},"
        "{'op':'connect','ms':2,'error':'ECONNREFUSED','deferred':true},{'op':'connect','ms':2},"
        "{'op':'close','id':'srv'},{'op':'exit','code':3},{'op':'exit'},"
        "{'op':'on','event':'beforeExit','once':true},{'op':'on','event':'exit'}"
        "],'expect':['a','b'],'expect_any':[['a'],[]]}");
    uint32_t m = prog->main_body;
    ck_assert_ptr_null(prog->bodies[m].name);
    ck_assert_str_eq(prog->name, "all");
    ck_assert_str_eq(prog->description, "d");
    for (uint32_t i = 0; i < prog->stmt_count; i++) {
        ck_assert_int_lt(prog->stmts[i].op, SIM_OP_COUNT);
        ck_assert_uint_eq(prog->stmts[i].line, 1);
    }
    const struct sim_stmt *s = stmt_named(prog, "log#1");
    ck_assert_int_eq(s->op, SIM_OP_LOG);
    ck_assert_str_eq(s->text, "hello");
    ck_assert_uint_eq(s->ordinal, 1);
    ck_assert_uint_eq(s->body, SIM_NONE);
    ck_assert_ptr_eq(s, stmt_of(prog, m, 0));
    ck_assert_str_eq(stmt_named(prog, "log#2")->text, "m");
    s = stmt_named(prog, "block#1");
    ck_assert_int_eq(s->op, SIM_OP_BLOCK);
    ck_assert_uint_eq(s->ms_ns, 2500000);
    ck_assert_str_eq(s->text, "busy");
    ck_assert_ptr_null(stmt_named(prog, "block#2")->text);
    s = stmt_named(prog, "repeat#1");
    ck_assert_uint_eq(s->times, 3);
    ck_assert_str_eq(s->text, "k");
    ck_assert_ptr_eq(stmt_of(prog, s->body, 0), stmt_named(prog, "log#3"));
    ck_assert_str_eq(stmt_named(prog, "log#3")->text, "r{k}");
    s = stmt_named(prog, "T");
    ck_assert_int_eq(s->op, SIM_OP_SET_TIMEOUT);
    ck_assert(s->delay == -5);
    ck_assert_str_eq(s->id, "t");
    ck_assert(s->unref);
    s = stmt_named(prog, "setInterval#1");
    ck_assert(s->delay == 2.7);
    ck_assert_uint_eq(s->times, 4);
    ck_assert(s->has_times);
    ck_assert_uint_eq(s->body, SIM_NONE);
    ck_assert_str_eq(stmt_named(prog, "clearTimeout#1")->id, "t");
    ck_assert_uint_eq(stmt_named(prog, "zlib.gzip#1")->jobs, 1);
    ck_assert_uint_eq(stmt_named(prog, "zlib.gunzip#1")->jobs, 3);
    ck_assert_uint_eq(stmt_named(prog, "work#1")->jobs, 0);
    s = stmt_named(prog, "fs.readFile#1");
    ck_assert_uint_eq(s->ms_ns, 1);
    ck_assert_uint_eq(s->size, 1048576);
    ck_assert(stmt_named(prog, "io#1")->deferred);
    s = stmt_named(prog, "listen#1");
    ck_assert_uint_eq(s->connection_count, 2);
    ck_assert_uint_eq(s->connections_ns[0], 0);
    ck_assert_uint_eq(s->connections_ns[1], 1500000);
    ck_assert_ptr_eq(stmt_of(prog, s->body, 0), stmt_named(prog, "socket.write#1"));
    ck_assert_uint_eq(prog->bodies[stmt_named(prog, "socket.write#1")->body].count, 0);
    ck_assert_uint_eq(stmt_named(prog, "socket.destroy#1")->body, SIM_NONE);
    s = stmt_named(prog, "connect#1");
    ck_assert_str_eq(s->text, "ECONNREFUSED");
    ck_assert(s->deferred);
    ck_assert_ptr_null(stmt_named(prog, "connect#2")->text);
    ck_assert_int_eq(stmt_named(prog, "exit#1")->code, 3);
    ck_assert_int_eq(stmt_named(prog, "exit#2")->code, 0);
    s = stmt_named(prog, "on#1");
    ck_assert_str_eq(s->text, "beforeExit");
    ck_assert(s->once);
    ck_assert_str_eq(stmt_named(prog, "on#2")->text, "exit");
    ck_assert(!stmt_named(prog, "on#2")->once);
    ck_assert(prog->has_expect);
    ck_assert_uint_eq(prog->expect_count, 2);
    ck_assert_str_eq(prog->expect[1], "b");
    ck_assert_uint_eq(prog->expect_any_count, 2);
    ck_assert_uint_eq(prog->expect_any[0].count, 1);
    ck_assert_str_eq(prog->expect_any[0].lines[0], "a");
    ck_assert_uint_eq(prog->expect_any[1].count, 0);
    sim_program_destroy(prog);
}
END_TEST

START_TEST(bodies_and_functions)
{
    struct sim_program *prog = tu_load(
        "{'loopsim':1,'name':'a','main':[{'op':'setTimeout','delay':1,'do':'@tick'},"
        "{'op':'nextTick','do':'@alias'},{'op':'setImmediate','do':['i',{'op':'promise',"
        "'do':['p']}]}],"
        "'functions':{'tick':['t1',{'op':'setTimeout','delay':2,'do':'@tick'}],'alias':'@tick',"
        "'empty':[]}}");
    uint32_t m = prog->main_body;
    const struct sim_stmt *t = stmt_of(prog, m, 0);
    ck_assert_uint_eq(t->body, stmt_of(prog, m, 1)->body);
    ck_assert_str_eq(prog->bodies[t->body].name, "tick");
    ck_assert_uint_eq(prog->bodies[t->body].count, 2);
    ck_assert_uint_eq(stmt_of(prog, t->body, 1)->body, t->body);
    /* Ordinals count in file order: main's setTimeout first, then the function's. */
    ck_assert_uint_eq(t->ordinal, 1);
    ck_assert_uint_eq(stmt_of(prog, t->body, 1)->ordinal, 2);
    ck_assert_uint_eq(stmt_of(prog, t->body, 0)->ordinal, 3);
    ck_assert_str_eq(prog->names[prog->bodies[t->body].first + 1], "setTimeout#2");
    const struct sim_stmt *imm = stmt_of(prog, m, 2);
    ck_assert_uint_eq(prog->bodies[imm->body].count, 2);
    ck_assert_ptr_null(prog->bodies[imm->body].name);
    const struct sim_stmt *p = stmt_of(prog, imm->body, 1);
    ck_assert_str_eq(stmt_of(prog, p->body, 0)->text, "p");
    /* Every statement lies in exactly one body. */
    size_t total = 0;
    for (size_t b = 0; b < prog->body_count; b++) {
        total += prog->bodies[b].count;
    }
    ck_assert_uint_eq(total, prog->stmt_count);
    sim_program_destroy(prog);
    prog = tu_load("{'loopsim':1,'name':'a','functions':{'f':['x']},'main':'@f'}");
    ck_assert_str_eq(prog->bodies[prog->main_body].name, "f");
    ck_assert(!prog->has_expect);
    ck_assert_ptr_null(prog->expect_any);
    sim_program_destroy(prog);
}
END_TEST

START_TEST(positions_of_statements)
{
    const char *json = "{\"loopsim\": 1, \"name\": \"a\", \"main\": [\n"
                       "  \"one\",\n"
                       "\t{\"op\": \"nextTick\", \"do\": [\n"
                       "      \"caf\xC3\xA9\", \"two\"]}\n"
                       "]}";
    struct sim_diag d;
    struct sim_program *prog = load_bytes(json, strlen(json), NULL, &d);
    ck_assert_ptr_nonnull(prog);
    const struct sim_stmt *s = stmt_of(prog, prog->main_body, 1);
    ck_assert_uint_eq(stmt_of(prog, prog->main_body, 0)->line, 2);
    ck_assert_uint_eq(stmt_of(prog, prog->main_body, 0)->col, 3);
    ck_assert_uint_eq(s->line, 3);
    ck_assert_uint_eq(s->col, 2);
    ck_assert_uint_eq(stmt_of(prog, s->body, 1)->line, 4);
    ck_assert_uint_eq(stmt_of(prog, s->body, 1)->col, 15);
    sim_program_destroy(prog);
}
END_TEST

/* ---- Size and robustness --------------------------------------------------------------- */

/* A scenario whose main holds n copies of `item` (with its comma); the caller frees it. */
static char *many(const char *item, size_t n, size_t *len)
{
    static const char head[] = "{\"loopsim\":1,\"name\":\"big\",\"main\":[";
    size_t k = strlen(item);
    char *buf = malloc(sizeof(head) + n * k + 2);
    memcpy(buf, head, sizeof(head) - 1);
    *len = sizeof(head) - 1;
    for (size_t i = 0; i < n; i++, *len += k) {
        memcpy(buf + *len, item, k);
    }
    memcpy(buf + *len - 1, "]}", 2); /* over the last comma */
    *len += 1;
    return buf;
}

START_TEST(a_million_statements)
{
    size_t n = 1000000;
    size_t len;
    char *buf = many("\"x\",", n, &len);
    struct sim_diag d;
    struct sim_program *prog = load_bytes(buf, len, NULL, &d);
    ck_assert_ptr_nonnull(prog);
    ck_assert_uint_eq(prog->stmt_count, n);
    ck_assert_uint_eq(prog->stmts[n - 1].ordinal, n);
    sim_program_destroy(prog);
    free(buf);
    /* A million values where statements should be: refused at the first. */
    buf = many("1,", n, &len);
    check_diag(refused_bytes(buf, len), SIM_ESCHEMA, 1, 35, "main[0]",
               "expected a statement (a string, or an object with \"op\"), got 1");
    free(buf);
}
END_TEST

/* Ids with placeholders are matched pairwise, within a documented number of comparisons. */
START_TEST(too_many_pattern_ids)
{
    /* 5000 carriers x5y{i} and 5000 uses that match only the last: 25 million comparisons. */
    size_t n = 5000;
    size_t cap = n * 120 + 100;
    char *json = malloc(cap);
    ck_assert_ptr_nonnull(json);
    int len = snprintf(json, cap, "{\"loopsim\":1,\"name\":\"p\",\"main\":[");
    for (size_t k = 0; k < n; k++) {
        len += snprintf(json + len, cap - (size_t)len,
                        "{\"op\":\"setTimeout\",\"delay\":1,\"id\":\"x%zuy{i}\"},", k);
    }
    for (size_t k = 0; k < n; k++) {
        len += snprintf(json + len, cap - (size_t)len,
                        "{\"op\":\"clearTimeout\",\"id\":\"x%zuy{j}\"}%s", n - 1,
                        k + 1 < n ? "," : "]}");
    }
    struct sim_diag d = refused_bytes(json, (size_t)len);
    ck_assert_int_eq(d.code, SIM_ELIMIT);
    ck_assert_str_eq(d.message, "too many ids with {VAR} placeholders to match (more than "
                                "20000000 comparisons, the loader's limit)");
    free(json);
}
END_TEST

/* A tiny deterministic generator for the mutation test. */
static uint32_t next_random(uint32_t *state)
{
    *state = *state * 1664525u + 1013904223u;
    return *state >> 8;
}

/* Mutated scenarios: whatever the bytes, a program or a filled diagnostic, never a crash. */
START_TEST(mutations_never_crash)
{
    const char *json =
        tu_json("{'loopsim':1,'name':'m','config':{'threadpool_size':2,'limits':{'poll':4}},"
                "'functions':{'f':['x',{'op':'repeat','times':2,'do':[{'op':'setTimeout','delay':1,"
                "'id':'t{i}'}]}]},'main':[{'op':'listen','id':'s','connections':[1],'do':"
                "[{'op':'socket.write'}]},{'op':'clearTimeout','id':'t1'},'\\u00e9',"
                "{'op':'setImmediate','do':'@f'}],'expect':['x'],'expect_any':[['x']]}");
    size_t len = strlen(json);
    char *buf = malloc(len + 8);
    static const char alphabet[] = "{}[]\",:0123456789.-eE@{}\\u tfn\x80\xC3\xA9\xFF";
    uint32_t state = 12345;
    for (int round = 0; round < 20000; round++) {
        memcpy(buf, json, len);
        size_t n = len;
        for (int k = 0, edits = 1 + (int)(next_random(&state) % 3); k < edits; k++) {
            size_t at = next_random(&state) % n;
            char c = alphabet[next_random(&state) % (sizeof(alphabet) - 1)];
            switch (next_random(&state) % 3) {
            case 0:
                buf[at] = c;
                break;
            case 1:
                memmove(buf + at, buf + at + 1, n - at - 1);
                n--;
                break;
            default:
                if (n < len + 7) {
                    memmove(buf + at + 1, buf + at, n - at);
                    buf[at] = c;
                    n++;
                }
                break;
            }
        }
        struct sim_diag d;
        struct sim_program *prog = load_bytes(buf, n, NULL, &d);
        if (prog == NULL) {
            ck_assert_int_ne(d.code, 0);
            ck_assert_str_ne(d.message, "");
        }
        sim_program_destroy(prog);
    }
    free(buf);
}
END_TEST

/* Adds the config, program and robustness cases to the loader's suite. */
void load_program_tcases(Suite *s)
{
    TCase *config = tcase_create("config");
    tcase_add_test(config, bad_config);
    tcase_add_test(config, config_values);
    tcase_add_test(config, stated_callback_ms_is_the_whole_cost_of_javascript);
    tcase_add_test(config, overrides);
    tcase_add_test(config, bad_overrides);
    suite_add_tcase(s, config);

    TCase *program = tcase_create("program");
    tcase_add_test(program, every_op);
    tcase_add_test(program, bodies_and_functions);
    tcase_add_test(program, positions_of_statements);
    suite_add_tcase(s, program);

    TCase *robust = tcase_create("robustness");
    tcase_set_timeout(robust, 120);
    tcase_add_test(robust, a_million_statements);
    tcase_add_test(robust, mutations_never_crash);
    tcase_add_test(robust, too_many_pattern_ids);
    suite_add_tcase(s, robust);
}
