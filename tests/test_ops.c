/*
 * test_ops.c - the op table (sim/ops.h): every row is consistent with the keys, families and
 * templates it names, and an op added as a row alone loads, runs as Node runs it and renders as
 * JavaScript (fs.rename, fs.readdir, fs.appendFile).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render_js.h"
#include "test_util.h"

/* ---- The rows ---------------------------------------------------------------------------- */

/* Every placeholder of a template is one the renderer knows (ops.h lists them). */
static void check_template(const char *op, const char *t, const char *known)
{
    for (; t != NULL && *t != '\0'; t++) {
        if (*t == '%') {
            t++;
            ck_assert_msg(*t != '\0' && strchr(known, *t) != NULL, "%s: unknown %%%c", op, *t);
        }
    }
}

START_TEST(every_row_is_whole)
{
    uint64_t all_keys = (1ULL << SIM_KEY_COUNT) - 1;
    for (int i = 0; i < SIM_OP_COUNT; i++) {
        const struct sim_op_info *op = &sim_op_table[i];
        ck_assert_ptr_nonnull(op->name);
        ck_assert_int_eq(sim_op_lookup(op->name), i);
        ck_assert_int_lt(op->family, SIM_FAMILY_COUNT);
        ck_assert_msg(op->doc != NULL && op->where != NULL, "%s: docs", op->name);
        ck_assert_msg((op->keys & ~all_keys) == 0, "%s: keys", op->name);
        ck_assert_msg((op->required & ~op->keys) == 0, "%s: needs a key it does not take",
                      op->name);
        ck_assert_msg((op->required & SIM_K(DO)) == 0, "%s: `do` is never needed", op->name);
        ck_assert_msg(op->names == 0 || (op->keys & SIM_K(ID)) != 0, "%s: names ids", op->name);
        ck_assert_msg((op->family == SIM_FAMILY_CHAIN) == (op->chain != SIM_CHAIN_ONE),
                      "%s: a chain is a request chain's", op->name);
        check_template(op->name, op->js, "bcCdimxhosul");
        check_template(op->name, op->note, "mtjD");
        ck_assert_msg(op->js == NULL || (op->keys & SIM_K(DO)) == 0 ||
                          strstr(op->js, "%c") != NULL || strstr(op->js, "%C") != NULL,
                      "%s: its JavaScript drops its callback", op->name);
        ck_assert_msg(op->js == NULL || strstr(op->js, "%c") == NULL || op->params != NULL,
                      "%s: a callback without parameters", op->name);
    }
}
END_TEST

START_TEST(every_key_is_typed)
{
    for (int k = 0; k < SIM_KEY_COUNT; k++) {
        const struct sim_key_info *key = &sim_key_table[k];
        ck_assert_ptr_nonnull(key->name);
        ck_assert_msg(key->type != SIM_TYPE_COUNT || key->min <= key->max, "%s", key->name);
        ck_assert_msg(key->type == SIM_TYPE_OP || key->type == SIM_TYPE_BODY || key->width > 0,
                      "%s: where its value goes", key->name);
    }
    for (int k = 0; k < SIM_CONFIG_COUNT; k++) {
        ck_assert_ptr_nonnull(sim_config_key_table[k].name);
    }
    /* A name two keys share (`times`) is never taken by one op twice. */
    for (int i = 0; i < SIM_OP_COUNT; i++) {
        for (int a = 0; a < SIM_KEY_COUNT; a++) {
            for (int b = a + 1; b < SIM_KEY_COUNT; b++) {
                bool both = (sim_op_table[i].keys >> a & 1) && (sim_op_table[i].keys >> b & 1);
                ck_assert(!both || strcmp(sim_key_table[a].name, sim_key_table[b].name) != 0);
            }
        }
    }
}
END_TEST

/* The config's defaults are the table's, and what the docs promise. */
START_TEST(config_defaults_come_from_the_table)
{
    struct sim_config c;
    sim_config_init(&c);
    ck_assert_uint_eq(c.threadpool_size, 4);
    ck_assert_int_eq(c.entry, SIM_ENTRY_COMMONJS);
    ck_assert_uint_eq(c.max_callbacks, 1000000);
    ck_assert_uint_eq(c.callback_ns, SIM_COST_CALLBACK_NS);
    ck_assert_uint_eq(c.first_log_ns, SIM_COST_FIRST_LOG_NS);
    ck_assert(!c.has_until);
}
END_TEST

START_TEST(chains_name_their_jobs)
{
    char name[32];
    sim_op_step_name(SIM_OP_FS_READ_FILE, 1, 5, name, sizeof(name));
    ck_assert_str_eq(name, "open");
    sim_op_step_name(SIM_OP_FS_READ_FILE, 4, 5, name, sizeof(name));
    ck_assert_str_eq(name, "read 2/2");
    sim_op_step_name(SIM_OP_FS_READ_FILE, 5, 5, name, sizeof(name));
    ck_assert_str_eq(name, "close");
    sim_op_step_name(SIM_OP_FS_WRITE_FILE, 2, 3, name, sizeof(name));
    ck_assert_str_eq(name, "write");
    sim_op_step_name(SIM_OP_ZLIB_GZIP, 2, 3, name, sizeof(name));
    ck_assert_str_eq(name, "job 2/3");
}
END_TEST

/* Appends to buf the keys op needs, each with a valid value of its type; `id` is "h". */
static size_t put_required(char *buf, size_t size, const struct sim_op_info *op)
{
    size_t n = 0;
    for (int k = 0; k < SIM_KEY_COUNT; k++) {
        const struct sim_key_info *key = &sim_key_table[k];
        if ((op->required >> k & 1) == 0 && !(k == SIM_KEY_ID && (op->keys >> k & 1) != 0)) {
            continue;
        }
        char value[64];
        switch (key->type) {
        case SIM_TYPE_COUNT:
            snprintf(value, sizeof(value), "%.0f", key->min);
            break;
        case SIM_TYPE_WORD:
            snprintf(value, sizeof(value), "'%.*s'", (int)strcspn(key->choices, "|"), key->choices);
            break;
        case SIM_TYPE_DURATIONS:
            snprintf(value, sizeof(value), "[1]");
            break;
        case SIM_TYPE_STRING:
        case SIM_TYPE_LABEL:
        case SIM_TYPE_ID:
        case SIM_TYPE_VAR:
            snprintf(value, sizeof(value), "'h'");
            break;
        default:
            snprintf(value, sizeof(value), "1");
            break;
        }
        n += (size_t)snprintf(buf + n, size - n, ",'%s':%s", key->name, value);
    }
    return n;
}

/*
 * A scenario in which op runs once with only the keys it needs (generated from its row): after
 * a statement that carries the id it names, inside a connection body if it needs one.
 */
static void scenario_for(char *buf, size_t size, int i)
{
    const struct sim_op_info *op = &sim_op_table[i];
    char stmt[256];
    char carrier[256] = "";
    size_t n = (size_t)snprintf(stmt, sizeof(stmt), "{'op':'%s'", op->name);
    n += put_required(stmt + n, sizeof(stmt) - n, op);
    bool has_do = (op->keys & SIM_K(DO)) != 0;
    snprintf(stmt + n, sizeof(stmt) - n, "%s}", has_do ? ",'do':['ran']" : "");
    if (op->names != 0) {
        int c = 0; /* the first op it may name that carries an id */
        while ((op->names >> c & 1) == 0 || (sim_op_table[c].keys & SIM_K(ID)) == 0 ||
               sim_op_table[c].names != 0) {
            c++;
        }
        const struct sim_op_info *made = &sim_op_table[c];
        n = (size_t)snprintf(carrier, sizeof(carrier), "{'op':'%s'", made->name);
        n += put_required(carrier + n, sizeof(carrier) - n, made);
        snprintf(carrier + n, sizeof(carrier) - n, "},");
    }
    const char *open = op->in_connection ? "{'op':'listen','id':'s','connections':[1],'do':[" : "";
    snprintf(buf, size, "{'loopsim':1,'name':'%s','main':[%s%s%s%s]}", op->name, carrier, open,
             stmt, op->in_connection ? "]}" : "");
}

/* Every row loads with only the keys it needs, and its one statement runs; a new row too. */
START_TEST(every_op_loads_and_runs)
{
    for (int i = 0; i < SIM_OP_COUNT; i++) {
        char sq[1024];
        char name[64];
        scenario_for(sq, sizeof(sq), i);
        struct sim_program *prog = tu_load(sq);
        snprintf(name, sizeof(name), "%s#1", sim_op_table[i].name);
        bool found = false;
        for (size_t s = 0; s < prog->stmt_count; s++) {
            found |= strcmp(prog->names[s], name) == 0 && prog->stmts[s].op == (enum sim_op)i;
        }
        ck_assert_msg(found, "%s: no statement %s", sq, name);
        sim_program_destroy(prog);
        enum sim_outcome end = tu_outcome(sq, NULL);
        ck_assert_msg(end == SIM_OUTCOME_EXITED || end == SIM_OUTCOME_MAX_CALLBACKS ||
                          end == SIM_OUTCOME_FOREVER,
                      "%s: outcome %d", sq, (int)end);
    }
}
END_TEST

/* ---- Ops added as rows ------------------------------------------------------------------- */

static char trace_buf[1 << 16];

/* Every event of a run, one line each: "kind reason label worker", with `from` made `to`. */
static const char *trace_of(const char *sq, const char *from, const char *to)
{
    struct sim_program *prog = tu_load(sq);
    struct sim_loop *loop = sim_loop_create(prog);
    struct sim_event ev;
    size_t n = 0;
    trace_buf[0] = '\0';
    while (sim_loop_step(loop, &ev) == SIM_STEP_EVENT && n < sizeof(trace_buf) - 200) {
        char label[96];
        snprintf(label, sizeof(label), "%s", ev.label != NULL ? ev.label : "-");
        char *at = from != NULL ? strstr(label, from) : NULL;
        if (at != NULL) {
            char rest[96];
            snprintf(rest, sizeof(rest), "%s", at + strlen(from));
            snprintf(at, sizeof(label) - (size_t)(at - label), "%s%s", to, rest);
        }
        n += (size_t)snprintf(trace_buf + n, sizeof(trace_buf) - n, "%s %s %s %u %llu\n",
                              sim_event_name(ev.kind), sim_reason_key(ev.reason), label, ev.worker,
                              (unsigned long long)ev.time_ns);
    }
    sim_loop_destroy(loop);
    sim_program_destroy(prog);
    return trace_buf;
}

/* The JavaScript of a one-statement main, without its prelude. */
static const char *js_of(const char *sq, char *buf, size_t size)
{
    struct sim_program *prog = tu_load(sq);
    struct render_js r;
    ck_assert_int_eq(render_js(&r, prog, RENDER_JS_PRELUDE), 0);
    snprintf(buf, size, "%.*s", (int)r.text.len, r.text.data);
    render_js_finish(&r);
    sim_program_destroy(prog);
    return buf;
}

/* Op `op` runs exactly as `like` does, its name aside, in a program around `keys`. */
static void runs_like(const char *op, const char *like, const char *keys)
{
    char a[512];
    char b[512];
    snprintf(a, sizeof(a),
             "{'loopsim':1,'name':'t','main':[{'op':'%s',%s,'do':['done']},"
             "{'op':'setTimeout','delay':1,'do':['timer']}]}",
             op, keys);
    snprintf(b, sizeof(b),
             "{'loopsim':1,'name':'t','main':[{'op':'%s',%s,'do':['done']},"
             "{'op':'setTimeout','delay':1,'do':['timer']}]}",
             like, keys);
    char *expected = strdup(trace_of(b, like, op));
    ck_assert_str_eq(trace_of(a, NULL, NULL), expected);
    free(expected);
}

/* lib/fs.js rename: one uv_fs_rename on the pool, as fs.stat is one uv_fs_stat. */
START_TEST(fs_rename_is_one_request)
{
    runs_like("fs.rename", "fs.stat", "'ms':3");
    const char *trace =
        trace_of("{'loopsim':1,'name':'t','main':[{'op':'fs.rename','ms':3}]}", NULL, NULL);
    ck_assert_msg(strstr(trace, "schedule sched-job fs.rename#1 ") != NULL, "%s", trace);
    ck_assert_str_eq(tu_callbacks("{'loopsim':1,'name':'t','config':{" TU_IDEAL "},"
                                  "'main':[{'op':'fs.rename','ms':3,'label':'mv'}]}",
                                  true),
                     "main@main:0 mv@poll:3");
    char js[2048];
    js_of("{'loopsim':1,'name':'t','main':[{'op':'fs.rename','ms':3,'id':'r','do':['x']}]}", js,
          sizeof(js));
    ck_assert_msg(strstr(js, "const fs = require('fs');") != NULL, "%s", js);
    ck_assert_msg(strstr(js, "r = fs.rename('file.tmp', 'renamed.tmp', (err) => {  // 3 ms on "
                             "the worker pool\n") != NULL,
                  "%s", js);
}
END_TEST

/* lib/fs.js readdir: one uv_fs_scandir on the pool; its callback takes the names (`files`). */
START_TEST(fs_readdir_is_one_request)
{
    runs_like("fs.readdir", "fs.stat", "'ms':2,'unref':true");
    char js[2048];
    js_of("{'loopsim':1,'name':'t','main':[{'op':'fs.readdir','ms':2,'do':['x']}]}", js,
          sizeof(js));
    ck_assert_msg(strstr(js, "fs.readdir(__dirname, (err, files) => {  // 2 ms on the worker "
                             "pool\n") != NULL,
                  "%s", js);
    /* An id named like the callback's parameter would be shadowed by it: it is renamed. */
    js_of("{'loopsim':1,'name':'t','main':[{'op':'setTimeout','delay':1,'id':'files'},"
          "{'op':'fs.readdir','ms':2,'do':[{'op':'clearTimeout','id':'files'}]}]}",
          js, sizeof(js));
    ck_assert_msg(strstr(js, "let files_;") != NULL && strstr(js, "clearTimeout(files_);"), "%s",
                  js);
}
END_TEST

/* lib/fs.js appendFile calls writeFile: open, write, close, each a request, named as they run. */
START_TEST(fs_append_file_is_write_files_chain)
{
    runs_like("fs.appendFile", "fs.writeFile", "'ms':1.5");
    const char *trace = trace_of("{'loopsim':1,'name':'t','config':{'threadpool_size':1},"
                                 "'main':[{'op':'fs.appendFile','ms':1,'label':'log'}]}",
                                 NULL, NULL);
    ck_assert_msg(strstr(trace, "schedule sched-jobs log ") != NULL, "%s", trace);
    ck_assert_msg(strstr(trace, "worker-start worker-start log (open) 1 ") != NULL, "%s", trace);
    trace = trace_of("{'loopsim':1,'name':'t','main':[{'op':'fs.appendFile','ms':1}]}", NULL, NULL);
    const char *steps[] = {"(open)", "(write)", "(close)"};
    const char *at = trace;
    for (int i = 0; i < 3; i++) {
        char want[64];
        snprintf(want, sizeof(want), "worker-start worker-start fs.appendFile#1 %s 1", steps[i]);
        at = strstr(at, want);
        ck_assert_msg(at != NULL, "no %s in order in:\n%s", want, trace);
    }
    char js[2048];
    js_of("{'loopsim':1,'name':'t','main':[{'op':'fs.appendFile','ms':1}]}", js, sizeof(js));
    ck_assert_msg(strstr(js, "fs.appendFile('file.tmp', 'data', (err) => {});  // 1 ms per "
                             "worker-pool request\n") != NULL,
                  "%s", js);
}
END_TEST

START_TEST(new_ops_are_checked_like_the_others)
{
    struct sim_diag d;
    const char *json = tu_json("{'loopsim':1,'name':'t','main':[{'op':'fs.rename'}]}");
    ck_assert_ptr_null(sim_program_load(json, strlen(json), NULL, &d));
    ck_assert_str_eq(d.message, "missing key 'ms'");
    json = tu_json("{'loopsim':1,'name':'t','main':[{'op':'fs.renam','ms':1}]}");
    ck_assert_ptr_null(sim_program_load(json, strlen(json), NULL, &d));
    ck_assert_str_eq(d.message, "unknown op 'fs.renam'; did you mean 'fs.rename'?");
}
END_TEST

Suite *ops_suite(void)
{
    Suite *s = suite_create("ops");
    TCase *table = tcase_create("table");
    tcase_add_test(table, every_row_is_whole);
    tcase_add_test(table, every_key_is_typed);
    tcase_add_test(table, config_defaults_come_from_the_table);
    tcase_add_test(table, chains_name_their_jobs);
    tcase_add_test(table, every_op_loads_and_runs);
    suite_add_tcase(s, table);
    TCase *added = tcase_create("added");
    tcase_add_test(added, fs_rename_is_one_request);
    tcase_add_test(added, fs_readdir_is_one_request);
    tcase_add_test(added, fs_append_file_is_write_files_chain);
    tcase_add_test(added, new_ops_are_checked_like_the_others);
    suite_add_tcase(s, added);
    return s;
}
