/*
 * test_load.c - the scenario loader (sim/load.c, sim/json.c): what it builds from a valid
 * scenario, and for every class of bad input, the located diagnostic it gives instead (code,
 * line:column, JSON path and sentence), never a crash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

/* A scenario around a main body, single-quoted like every inline scenario (tu_json). */
#define SCENARIO(main) "{'loopsim':1,'name':'t','main':[" main "]}"

/* Loads raw bytes; returns the program or NULL, with *d filled. */
static struct sim_program *load_bytes(const char *buf, size_t len, const struct sim_overrides *ov,
                                      struct sim_diag *d)
{
    return sim_program_load(buf, len, ov, d);
}

/* Expects raw bytes to be refused; returns the diagnostic. */
static struct sim_diag refused_bytes(const char *buf, size_t len)
{
    struct sim_diag d;
    struct sim_program *prog = load_bytes(buf, len, NULL, &d);
    ck_assert_msg(prog == NULL, "accepted: %.*s", (int)(len < 200 ? len : 200), buf);
    ck_assert_int_ne(d.code, 0);
    ck_assert_str_ne(d.message, "");
    return d;
}

/* Expects a single-quoted scenario to be refused; returns the diagnostic. */
static struct sim_diag refused(const char *sq)
{
    const char *json = tu_json(sq);
    return refused_bytes(json, strlen(json));
}

static void check_diag(struct sim_diag d, int code, uint32_t line, uint32_t col, const char *path,
                       const char *message)
{
    ck_assert_msg(d.code == code, "code %d, not %d (%s)", d.code, code, d.message);
    ck_assert_str_eq(d.message, message);
    ck_assert_str_eq(d.path, path);
    ck_assert_uint_eq(d.line, line);
    ck_assert_uint_eq(d.col, col);
}

/*
 * Expects a one-line scenario to be refused with `code`, `path` and `message`, at the column
 * where `at` first occurs in it (both single-quoted), or at the '^' inside `at` if it has one.
 */
static void refuse_at(const char *sq, const char *at, int code, const char *path,
                      const char *message)
{
    char needle[256];
    snprintf(needle, sizeof(needle), "%s", tu_json(at));
    char *mark = strchr(needle, '^');
    size_t shift = mark != NULL ? (size_t)(mark - needle) : 0;
    if (mark != NULL) {
        memmove(mark, mark + 1, strlen(mark));
    }
    const char *json = tu_json(sq);
    const char *where = strstr(json, needle);
    ck_assert_msg(where != NULL, "'%s' is not in the scenario", needle);
    uint32_t col = (uint32_t)(where - json + shift) + 1;
    check_diag(refused(sq), code, 1, col, path, message);
}

/* Expects refusal with `code` and a message that contains `part`. */
static void refuse_like(const char *sq, int code, const char *part)
{
    struct sim_diag d = refused(sq);
    ck_assert_msg(d.code == code, "code %d, not %d (%s)", d.code, code, d.message);
    ck_assert_msg(strstr(d.message, part) != NULL, "'%s' does not say '%s'", d.message, part);
}

/* ---- The bytes ------------------------------------------------------------------------- */

START_TEST(empty_and_blank_files)
{
    check_diag(refused_bytes("", 0), SIM_ESYNTAX, 1, 1, "", "empty file");
    check_diag(refused_bytes(" \n\t ", 4), SIM_ESYNTAX, 2, 3, "", "empty file: only white space");
    check_diag(refused_bytes("\xEF\xBB\xBF", 3), SIM_ESYNTAX, 1, 1, "", "empty file");
    struct sim_diag d;
    ck_assert_ptr_null(sim_program_load(NULL, 0, NULL, &d));
    ck_assert_int_eq(d.code, SIM_ESYNTAX);
}
END_TEST

START_TEST(nul_byte)
{
    static const char buf[] = "{\"loopsim\":1,\n \"name\":\"a\0b\"}";
    check_diag(refused_bytes(buf, sizeof(buf) - 1), SIM_ESYNTAX, 2, 11, "",
               "not a text file: NUL byte");
}
END_TEST

START_TEST(bad_utf8)
{
    static const char *const bad[] = {
        "{\"name\": \"caf\xC3\x28\"}",      /* a sequence cut short */
        "{\"name\": \"\xC0\xAF\"}",         /* overlong */
        "{\"name\": \"\xED\xA0\x80\"}",     /* an encoded surrogate */
        "{\"name\": \"\xF4\x90\x80\x80\"}", /* above U+10FFFF */
        "{\"name\": \"\x80\"}",             /* a lone continuation byte */
        "{\"name\": \"\xE2\x82",            /* cut by the end of the file */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct sim_diag d = refused_bytes(bad[i], strlen(bad[i]));
        ck_assert_int_eq(d.code, SIM_ESYNTAX);
        ck_assert_msg(strncmp(d.message, "invalid UTF-8 at byte 0x", 24) == 0, "%s", d.message);
        ck_assert_uint_eq(d.line, 1);
        ck_assert_uint_eq(d.col, i == 0 ? 14 : 11);
    }
    struct sim_diag d = refused_bytes("\xFF\xFE{\0}\0", 6);
    ck_assert_msg(strstr(d.message, "UTF-16") != NULL, "%s", d.message);
}
END_TEST

START_TEST(byte_order_mark_is_skipped)
{
    const char *json = tu_json("\xEF\xBB\xBF" SCENARIO("'hi'"));
    struct sim_diag d;
    struct sim_program *prog = load_bytes(json, strlen(json), NULL, &d);
    ck_assert_ptr_nonnull(prog);
    ck_assert_uint_eq(prog->stmts[0].col, 33);
    sim_program_destroy(prog);
    json = tu_json("\xEF\xBB\xBF{'loopsim':1,'name':2,'main':[]}");
    check_diag(refused_bytes(json, strlen(json)), SIM_ESCHEMA, 1, 21, "name",
               "expected a string, got 2");
}
END_TEST

START_TEST(columns_count_characters)
{
    /* "é" and "→" are one column each, whatever their bytes. */
    check_diag(refused("{'loopsim':1,'name':'é→','main':[],'x':1}"), SIM_ESCHEMA, 1, 36, "",
               "unknown key 'x'; a scenario takes loopsim, name, description, config, "
               "functions, main, expect, expect_any");
}
END_TEST

/* ---- JSON syntax ----------------------------------------------------------------------- */

START_TEST(strict_json)
{
    refuse_at(SCENARIO("1,2,]"), ",]", SIM_ESYNTAX, "", "trailing comma before ']'");
    refuse_at("{'loopsim':1,}", ",}", SIM_ESYNTAX, "", "trailing comma before '}'");
    refuse_at(SCENARIO("// hi\n"), "//", SIM_ESYNTAX, "", "comments are not allowed in JSON");
    refuse_at(SCENARIO("/* hi */"), "/*", SIM_ESYNTAX, "", "comments are not allowed in JSON");
    refuse_at(SCENARIO("NaN"), "NaN", SIM_ESYNTAX, "",
              "NaN is not allowed in JSON: numbers must be finite");
    refuse_at(SCENARIO("Infinity"), "Inf", SIM_ESYNTAX, "",
              "Infinity is not allowed in JSON: numbers must be finite");
    refuse_at(SCENARIO("-Infinity"), "-Inf", SIM_ESYNTAX, "",
              "-Infinity is not allowed in JSON: numbers must be finite");
    refuse_at(SCENARIO("01"), "01", SIM_ESYNTAX, "",
              "leading zeros are not allowed in JSON numbers");
    refuse_at(SCENARIO("+1"), "+1", SIM_ESYNTAX, "", "a JSON number starts with a digit or '-'");
    refuse_at(SCENARIO("1.e5"), "e5", SIM_ESYNTAX, "",
              "expected a digit after the decimal point, got 'e5'");
    refuse_at("{loopsim:1}", "loopsim", SIM_ESYNTAX, "",
              "expected a key in double quotes, got 'loopsim'");
    refuse_at(SCENARIO("'a' 'b'"), "'b'", SIM_ESYNTAX, "", "expected ',' or ']', got '\"'");
    refuse_at("{'loopsim' 1}", "1}", SIM_ESYNTAX, "", "expected ':' after the key, got '1'");
    refuse_at(SCENARIO("tru"), "tru", SIM_ESYNTAX, "", "expected a value, got 'tru'");
    refuse_at("{'loopsim':1} x", "x", SIM_ESYNTAX, "",
              "expected the end of the file after the JSON value, got 'x'");
}
END_TEST

START_TEST(bad_strings)
{
    refuse_at(SCENARIO("'a\\x'"), "\\x", SIM_ESYNTAX, "",
              "invalid escape '\\x' (JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
    refuse_at(SCENARIO("'a\\u12'"), "\\u12", SIM_ESYNTAX, "", "expected four hex digits after \\u");
    refuse_at(SCENARIO("'a\\u0000'"), "\\u0000", SIM_ESYNTAX, "",
              "\\u0000 (NUL) is not allowed in a string");
    refuse_at(SCENARIO("'\\ud800'"), "\\ud800", SIM_ESYNTAX, "",
              "lone surrogate \\uD800: a high surrogate must be followed by a low one "
              "(\\uDC00 to \\uDFFF)");
    refuse_at(SCENARIO("'\\udc00'"), "\\udc00", SIM_ESYNTAX, "",
              "lone surrogate \\uDC00: a low surrogate must follow a high one");
    refuse_at(SCENARIO("'a\tb'"), "\t", SIM_ESYNTAX, "",
              "control character U+0009 inside a string must be escaped");
    refuse_at(SCENARIO("'ab"), "'ab", SIM_ESYNTAX, "",
              "unterminated string: no closing quote before the end of the file");
    struct sim_program *prog = tu_load(SCENARIO("'\\ud83d\\ude00 \\u00e9\\n'"));
    ck_assert_str_eq(prog->stmts[0].text, "\xF0\x9F\x98\x80 \xC3\xA9\n");
    sim_program_destroy(prog);
}
END_TEST

START_TEST(numbers_out_of_range)
{
    refuse_at(SCENARIO("{'op':'setTimeout','delay':1e400}"), "1e400", SIM_ELIMIT, "main[0].delay",
              "number out of range: 1e400");
    refuse_at(SCENARIO("{'op':'setTimeout','delay':-1e400}"), "-1e400", SIM_ELIMIT, "main[0].delay",
              "number out of range: -1e400");
    char sq[256];
    snprintf(sq, sizeof(sq), SCENARIO("{'op':'setTimeout','delay':1%070d}"), 0);
    refuse_like(sq, SIM_ELIMIT, "number longer than 63 characters");
    refuse_like(SCENARIO("{'op':'repeat','times':1e12}"), SIM_ELIMIT,
                "expected at most 10000000 (the loader's limit for repeat times), got 1e12");
    refuse_like(SCENARIO("{'op':'block','ms':1e13}"), SIM_ELIMIT,
                "the loader's limit for durations");
    refuse_like(SCENARIO("{'op':'zlib.gzip','ms':1,'jobs':1e9}"), SIM_ELIMIT, "zlib jobs");
}
END_TEST

START_TEST(deep_nesting)
{
    size_t n = 100000;
    char *buf = malloc(n);
    memset(buf, '[', n);
    check_diag(refused_bytes(buf, n), SIM_ELIMIT, 1, 65, "",
               "nesting deeper than 64 levels (the loader's limit)");
    memset(buf, '{', n);
    refused_bytes(buf, n);
    free(buf);
    /* Right at the limit, the JSON is fine (and the scenario is not). */
    char ok[200];
    snprintf(ok, sizeof(ok), "{\"loopsim\":1,\"name\":\"t\",\"main\":[],\"expect\":%.*s%.*s}", 63,
             "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", 63,
             "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]");
    ck_assert_int_eq(refused_bytes(ok, strlen(ok)).code, SIM_ESCHEMA);
}
END_TEST

/* Every prefix of a valid scenario is refused with a message, never a crash. */
START_TEST(truncated_files)
{
    const char *json = tu_json("{'loopsim': 1, 'name': 'cut \\u00e9', 'config': {'limits': "
                               "{'poll': 3}}, 'functions': {'f': ['x']}, 'main': [{'op': "
                               "'setTimeout', 'delay': 1.5e1, 'do': '@f'}, true], 'expect': []}");
    size_t len = strlen(json);
    for (size_t n = 0; n < len; n++) {
        struct sim_diag d = refused_bytes(json, n);
        ck_assert_int_eq(d.code, SIM_ESYNTAX);
        ck_assert_uint_eq(d.line, 1);
    }
}
END_TEST

START_TEST(duplicate_keys)
{
    refuse_at("{'loopsim':1,'name':'a','name':'b','main':[]}", "'name':'b'", SIM_ESCHEMA, "",
              "duplicate key 'name' (first at line 1, column 14)");
    refuse_at(SCENARIO("{'op':'setTimeout','delay':1,'delay':2}"), "'delay':2", SIM_ESCHEMA,
              "main[0]", "duplicate key 'delay' (first at line 1, column 52)");
    refuse_like("{'loopsim':1,'name':'a','functions':{'f':[],'f':[]},'main':[]}", SIM_ESCHEMA,
                "duplicate key 'f'");
}
END_TEST

/* ---- The schema ------------------------------------------------------------------------ */

START_TEST(the_example_error)
{
    const char *json = "{\n"
                       "  \"loopsim\": 1, \"name\": \"x\",\n"
                       "  \"main\": [\"a\", \"b\",\n"
                       "    {\"op\": \"setTimeout\", \"delay\": \"ten\"}]\n"
                       "}\n";
    check_diag(refused_bytes(json, strlen(json)), SIM_ESCHEMA, 4, 35, "main[2].delay",
               "expected a number, got \"ten\"");
}
END_TEST

START_TEST(unknown_names_get_suggestions)
{
    refuse_at(SCENARIO("{'op':'setTimout','delay':1}"), "'setTimout'", SIM_ESCHEMA, "main[0].op",
              "unknown op 'setTimout'; did you mean 'setTimeout'?");
    refuse_at(SCENARIO("{'op':'frobnicate'}"), "'frob", SIM_ESCHEMA, "main[0].op",
              "unknown op 'frobnicate'");
    refuse_at(SCENARIO("{'op':'setTimeout','dealy':1}"), "'dealy'", SIM_ESCHEMA, "main[0]",
              "unknown key 'dealy'; did you mean 'delay'?");
    refuse_at(SCENARIO("{'op':'setTimeout','delay':1,'ms':1}"), "'ms'", SIM_ESCHEMA, "main[0]",
              "unknown key 'ms'; setTimeout takes do, label, id, unref, delay");
    refuse_at(SCENARIO("'a',{'op':'log','msg':'x','do':[]}"), "'do'", SIM_ESCHEMA, "main[1]",
              "unknown key 'do'; log takes msg");
    refuse_at("{'loopsim':1,'name':'a','mian':[]}", "'mian'", SIM_ESCHEMA, "",
              "unknown key 'mian'; did you mean 'main'?");
    refuse_at("{'loopsim':1,'name':'a','config':{'threadpool':2},'main':[]}", "'threadpool'",
              SIM_ESCHEMA, "config", "unknown key 'threadpool'; did you mean 'threadpool_size'?");
    refuse_at("{'loopsim':1,'name':'a','config':{'limits':{'idle':2}},'main':[]}", "'idle'",
              SIM_ESCHEMA, "config.limits",
              "unknown key 'idle'; config.limits takes timers, pending, poll, check, close");
}
END_TEST

/* The message for op `typed`: "unknown op '<typed>'; did you mean '<meant>'<more>?" */
static void suggests(const char *typed, const char *meant_and_more)
{
    char sq[160];
    char message[320];
    snprintf(sq, sizeof(sq), SCENARIO("{'op':'%s'}"), typed);
    snprintf(message, sizeof(message), "unknown op '%s'; did you mean '%s?", typed, meant_and_more);
    struct sim_diag d = refused(sq);
    ck_assert_int_eq(d.code, SIM_ESCHEMA);
    ck_assert_str_eq(d.message, message);
}

START_TEST(javascript_names_suggest_the_op_they_mean)
{
    /* Before the alias table these got no suggestion, or one that looks alike but is wrong. */
    suggests("process.nextTick", "nextTick'");
    suggests("Promise.resolve", "promise'");
    suggests("promise.then", "promise'");
    suggests("console.log", "log' (or write the string itself as the statement)");
    suggests("net.createServer", "listen'");
    suggests("server.listen", "listen'");
    suggests("net.connect", "connect'");
    suggests("process.once", "on' with \"once\": true");
    const char *block = "block' (a sync call holds the loop: its time in \"ms\", its name in "
                        "\"what\")";
    suggests("fs.readFileSync", block);
    suggests("crypto.pbkdf2Sync", block);
    suggests("zlib.gzipSync", block);
    /* Not an alias: the edit distance still serves typos. */
    suggests("nextTik", "nextTick'");
    ck_assert_str_eq(refused(SCENARIO("{'op':'Sync'}")).message, "unknown op 'Sync'");
}
END_TEST

START_TEST(wrong_types)
{
    refuse_at(SCENARIO("{'op':'repeat','times':2.5}"), "2.5", SIM_ESCHEMA, "main[0].times",
              "expected a whole number, got 2.5");
    refuse_at(SCENARIO("{'op':'log','msg':3}"), "3}", SIM_ESCHEMA, "main[0].msg",
              "expected a string, got 3");
    refuse_at(SCENARIO("{'op':'io','ms':1,'deferred':'yes'}"), "'yes'", SIM_ESCHEMA,
              "main[0].deferred", "expected true or false, got \"yes\"");
    refuse_at(SCENARIO("{'op':'setImmediate','do':{}}"), "{}", SIM_ESCHEMA, "main[0].do",
              "expected a body (an array of statements, or \"@name\"), got an object");
    refuse_at(SCENARIO("{'op':'setImmediate','do':'hello'}"), "'hello'", SIM_ESCHEMA, "main[0].do",
              "expected a body (an array of statements, or \"@name\"), got "
              "\"hello\"");
    refuse_at(SCENARIO("'a',null"), "null", SIM_ESCHEMA, "main[1]",
              "expected a statement (a string, or an object with \"op\"), got null");
    refuse_at(SCENARIO("{'op':3}"), "3", SIM_ESCHEMA, "main[0].op",
              "expected an op name (a string), got 3");
    refuse_at(SCENARIO("{'op':'block','ms':-1}"), "-1", SIM_ESCHEMA, "main[0].ms",
              "expected a duration in ms (a number >= 0), got -1");
    refuse_at(SCENARIO("{'op':'listen','id':'s','connections':[1,'2']}"), "'2'", SIM_ESCHEMA,
              "main[0].connections[1]", "expected a number, got \"2\"");
    refuse_at(SCENARIO("{'op':'on','event':'exti'}"), "'exti'", SIM_ESCHEMA, "main[0].event",
              "expected \"beforeExit\" or \"exit\", got \"exti\"");
    refuse_at(SCENARIO("{'op':'repeat','times':1,'var':'{i}'}"), "'{i}'", SIM_ESCHEMA,
              "main[0].var",
              "expected a counter name (a non-empty string without braces), got \"{i}\"");
    refuse_at(SCENARIO("{'op':'setInterval','delay':1,'times':-1}"), "-1}", SIM_ESCHEMA,
              "main[0].times", "expected a whole number from 0 to 9007199254740992, got -1");
    /* `times: 0` is valid: the interval is cleared before its first run. */
    sim_program_destroy(tu_load(SCENARIO("{'op':'setInterval','delay':1,'times':0}")));
    refuse_at(SCENARIO("{'op':'exit','code':1.5}"), "1.5", SIM_ESCHEMA, "main[0].code",
              "expected a whole number, got 1.5");
    refuse_at("[]", "[]", SIM_ESCHEMA, "",
              "expected a scenario (an object with \"loopsim\": 1), got an array");
    refuse_at("{'loopsim':1,'name':'a','main':[],'expect':['a',2]}", "2]", SIM_ESCHEMA, "expect[1]",
              "expected a string, got 2");
    refuse_at("{'loopsim':1,'name':'a','main':[],'expect_any':[['a'],[true]]}", "true", SIM_ESCHEMA,
              "expect_any[1][0]", "expected a string, got true");
}
END_TEST

START_TEST(long_values_are_cut_in_messages)
{
    size_t n = 1 << 20;
    char *sq = malloc(n + 100);
    strcpy(sq, "{'loopsim':1,'name':'a','main':[{'op':'setTimeout','delay':'\\t\\\"");
    size_t len = strlen(sq);
    memset(sq + len, 'y', n);
    strcpy(sq + len + n, "'}]}");
    struct sim_diag d = refused(sq);
    ck_assert_str_eq(d.path, "main[0].delay");
    ck_assert_str_eq(d.message,
                     "expected a number, got \"\\t\\\"yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy...\"");
    strcpy(sq, "{'loopsim':1,'name':'a','main':[],'");
    len = strlen(sq);
    memset(sq + len, 'k', n);
    strcpy(sq + len + n, "':1}");
    d = refused(sq);
    ck_assert_str_eq(d.message, "unknown key 'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk...'; a "
                                "scenario takes loopsim, name, description, config, functions, "
                                "main, expect, expect_any");
    free(sq);
}
END_TEST

START_TEST(missing_keys)
{
    refuse_at(SCENARIO("{'op':'setTimeout'}"), "{'op':'setT", SIM_ESCHEMA, "main[0]",
              "missing key 'delay'");
    refuse_at(SCENARIO("{'op':'fs.stat','do':[]}"), "{'op':'fs", SIM_ESCHEMA, "main[0]",
              "missing key 'ms'");
    refuse_at(SCENARIO("{'op':'listen','id':'s'}"), "{'op':'li", SIM_ESCHEMA, "main[0]",
              "missing key 'connections'");
    refuse_at(SCENARIO("{'op':'close'}"), "{'op':'cl", SIM_ESCHEMA, "main[0]", "missing key 'id'");
    refuse_at(SCENARIO("{'op':'repeat'}"), "{'op':'re", SIM_ESCHEMA, "main[0]",
              "missing key 'times'");
    refuse_at(SCENARIO("{'op':'on'}"), "{'op':'on", SIM_ESCHEMA, "main[0]", "missing key 'event'");
    refuse_at(SCENARIO("{'do':[]}"), "{'do'", SIM_ESCHEMA, "main[0]", "missing key 'op'");
    check_diag(refused("{'name':'a','main':[]}"), SIM_ESCHEMA, 1, 1, "", "missing key 'loopsim'");
    check_diag(refused("{'loopsim':1,'main':[]}"), SIM_ESCHEMA, 1, 1, "", "missing key 'name'");
    check_diag(refused("{'loopsim':1,'name':'a'}"), SIM_ESCHEMA, 1, 1, "", "missing key 'main'");
}
END_TEST

START_TEST(format_version)
{
    refuse_at("{'name':'a','main':[],'loopsim':2,'new':1}", "2,", SIM_ESCHEMA, "loopsim",
              "unsupported format version 2; this loopsim reads version 1");
    refuse_at("{'loopsim':'1'}", "'1'", SIM_ESCHEMA, "loopsim",
              "unsupported format version \"1\"; this loopsim reads version 1");
}
END_TEST

/* ---- Functions, ids, sockets, expansion ------------------------------------------------ */

START_TEST(unknown_functions)
{
    refuse_at("{'loopsim':1,'name':'a','functions':{'tick':['t']},"
              "'main':[{'op':'setImmediate','do':'@tik'}]}",
              "'@tik'", SIM_ESCHEMA, "main[0].do",
              "unknown function '@tik'; did you mean '@tick'?");
    refuse_at(SCENARIO("{'op':'setImmediate','do':'@f'}"), "'@f'", SIM_ESCHEMA, "main[0].do",
              "unknown function '@f' (the scenario has no functions)");
    refuse_at("{'loopsim':1,'name':'a','functions':{'a':'@b','b':'@a'},'main':'@a'}", "'@b'",
              SIM_ESCHEMA, "functions.a",
              "the functions name each other in a circle: no body is reached");
    refuse_at("{'loopsim':1,'name':'a','functions':{'f':3},'main':[]}", "3", SIM_ESCHEMA,
              "functions.f", "expected a body (an array of statements, or \"@name\"), got 3");
    refuse_at("{'loopsim':1,'name':'a','functions':{'f':[{'op':'nextTick','do':[1]}]},"
              "'main':[]}",
              "1]", SIM_ESCHEMA, "functions.f[0].do[0]",
              "expected a statement (a string, or an object with \"op\"), got 1");
}
END_TEST

START_TEST(ids)
{
    refuse_at(SCENARIO("{'op':'setTimeout','delay':1,'id':'t1'},"
                       "{'op':'setImmediate','id':'t1'}"),
              "'setImmediate','id':^'t1'", SIM_ESCHEMA, "main[1].id",
              "id 't1' is already carried by the statement at line 1");
    refuse_at(SCENARIO("{'op':'setTimeout','delay':1,'id':'timer'},{'op':'clearTimeout',"
                       "'id':'timre'}"),
              "'timre'", SIM_ESCHEMA, "main[1].id",
              "no statement carries id 'timre'; did you mean 'timer'?");
    refuse_at(SCENARIO("{'op':'ref','id':'zzz'}"), "'zzz'", SIM_ESCHEMA, "main[0].id",
              "no statement carries id 'zzz'");
    refuse_at(SCENARIO("{'op':'listen','id':'t','connections':[]},"
                       "{'op':'clearImmediate','id':'t'}"),
              "'clearImmediate','id':^'t'", SIM_ESCHEMA, "main[1].id",
              "clearImmediate needs the id of a setTimeout, setInterval or setImmediate, but 't' "
              "is carried by the listen at line 1");
    /* clear* takes the other kind too, as Node does (the contract asks only that it exist). */
    sim_program_destroy(tu_load(SCENARIO("{'op':'setTimeout','delay':1,'id':'t'},"
                                         "{'op':'setImmediate','id':'i'},"
                                         "{'op':'clearImmediate','id':'t'},"
                                         "{'op':'clearTimeout','id':'i'},"
                                         "{'op':'clearInterval','id':'i'}")));
    refuse_like(SCENARIO("{'op':'setImmediate','id':'i'},{'op':'refresh','id':'i'}"), SIM_ESCHEMA,
                "refresh needs the id of a setTimeout or setInterval");
    refuse_like(SCENARIO("{'op':'io','ms':1,'id':'s'},{'op':'server.close','id':'s'}"), SIM_ESCHEMA,
                "server.close needs the id of a listen");
    /* Uses may come before their carrier; close, ref and unref take any handle. */
    sim_program_destroy(tu_load(SCENARIO("{'op':'clearTimeout','id':'t'},{'op':'close','id':'s'},"
                                         "{'op':'unref','id':'s'},"
                                         "{'op':'setTimeout','delay':1,'id':'t'},"
                                         "{'op':'io','ms':1,'id':'s'}")));
}
END_TEST

START_TEST(ids_with_placeholders)
{
    sim_program_destroy(tu_load(SCENARIO(
        "{'op':'repeat','times':3,'do':[{'op':'setTimeout','delay':1,'id':'t{i}'}]},"
        "{'op':'clearTimeout','id':'t2'},"
        "{'op':'setImmediate','id':'imm-7'},"
        "{'op':'repeat','times':9,'var':'k','do':[{'op':'clearImmediate','id':'imm-{k}'}]},"
        "{'op':'repeat','times':3,'var':'j','do':[{'op':'refresh','id':'t{j}'}]}")));
    refuse_like(SCENARIO("{'op':'repeat','times':3,'do':[{'op':'setTimeout','delay':1,"
                         "'id':'t{i}'}]},{'op':'clearTimeout','id':'x{i}'}"),
                SIM_ESCHEMA, "no statement carries id 'x{i}'");
    refuse_like(SCENARIO("{'op':'setTimeout','delay':1,'id':'t{i}x'},"
                         "{'op':'clearTimeout','id':'tx'}"),
                SIM_ESCHEMA, "no statement carries id 'tx'");
}
END_TEST

START_TEST(socket_ops_need_a_connection)
{
    refuse_at(SCENARIO("'a',{'op':'socket.write'}"), "{'op':'socket", SIM_ESCHEMA, "main[1]",
              "socket.write is only valid inside a connection body (a listen's or a connect's "
              "\"do\") or a callback scheduled from one");
    /* A connect's listener acts on the socket it made. */
    sim_program_destroy(tu_load(SCENARIO("{'op':'connect','ms':1,'do':[{'op':'socket.write',"
                                         "'do':[{'op':'socket.destroy'}]}]}")));
    refuse_like("{'loopsim':1,'name':'a','functions':{'f':[{'op':'socket.destroy'}]},"
                "'main':[{'op':'setTimeout','delay':1,'do':'@f'}]}",
                SIM_ESCHEMA, "socket.destroy is only valid inside a connection body");
    sim_program_destroy(
        tu_load("{'loopsim':1,'name':'a','functions':{'reply':[{'op':'socket.write','do':["
                "{'op':'setTimeout','delay':1,'do':[{'op':'socket.destroy'}]}]}]},"
                "'main':[{'op':'listen','id':'s','connections':[1],'do':['c',"
                "{'op':'nextTick','do':'@reply'}]}]}"));
}
END_TEST

START_TEST(expansion_limits)
{
    refuse_at(SCENARIO("{'op':'repeat','times':10000,'do':[{'op':'repeat','times':100000,"
                       "'do':['x']}]}"),
              "{'op':'repeat','times':10000", SIM_ELIMIT, "main[0]",
              "this body would run more than 100000000 statements at once (repeats "
              "multiplied), the loader's limit");
    /* Through functions, shared bodies count once per use; the limit is per body. */
    refuse_like("{'loopsim':1,'name':'a','functions':{'k':[{'op':'repeat','times':10000,"
                "'do':['x']}],'m':[{'op':'repeat','times':10000,'do':'@k'}]},'main':[]}",
                SIM_ELIMIT, "more than 100000000 statements");
    sim_program_destroy(tu_load(SCENARIO("{'op':'repeat','times':10000000,'do':['x']}")));
    refuse_at("{'loopsim':1,'name':'a','functions':{'f':['x',{'op':'repeat','times':2,"
              "'do':'@f'}]},'main':[]}",
              "{'op':'repeat'", SIM_ESCHEMA, "functions.f[1]",
              "this repeat runs its own body again inside itself through @f: the program would "
              "never end");
    /* A function calling itself from a callback is fine: that is not synchronous. */
    sim_program_destroy(tu_load("{'loopsim':1,'name':'a','functions':{'f':['x',"
                                "{'op':'setTimeout','delay':1,'do':'@f'}]},'main':'@f'}"));
}
END_TEST

START_TEST(repeat_nesting_through_functions)
{
    /* f0 repeats f1, which repeats f2...: 70 levels, past what the engine keeps. */
    char *sq = malloc(8192);
    strcpy(sq, "{'loopsim':1,'name':'a','functions':{");
    for (int i = 0; i < 70; i++) {
        sprintf(sq + strlen(sq), "%s'f%d':[{'op':'repeat','times':1,'do':'@f%d'}]", i ? "," : "", i,
                i + 1);
    }
    strcat(sq, ",'f70':['x']},'main':'@f0'}");
    refuse_like(sq, SIM_ELIMIT, "repeats nest more than 64 deep");
    free(sq);
}
END_TEST

/* ---- Config and overrides -------------------------------------------------------------- */

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
    refuse_at(WITH_CONFIG("'node':'10'"), "'10'", SIM_ESCHEMA, "config.node",
              "unsupported node profile \"10\"; supported: \"20\"");
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
    refuse_overrides(&ov, "--entry: expected commonjs or module");
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

Suite *load_suite(void)
{
    Suite *s = suite_create("load");
    TCase *bytes = tcase_create("bytes");
    tcase_add_test(bytes, empty_and_blank_files);
    tcase_add_test(bytes, nul_byte);
    tcase_add_test(bytes, bad_utf8);
    tcase_add_test(bytes, byte_order_mark_is_skipped);
    tcase_add_test(bytes, columns_count_characters);
    suite_add_tcase(s, bytes);

    TCase *json = tcase_create("json");
    tcase_add_test(json, strict_json);
    tcase_add_test(json, bad_strings);
    tcase_add_test(json, numbers_out_of_range);
    tcase_add_test(json, deep_nesting);
    tcase_add_test(json, truncated_files);
    tcase_add_test(json, duplicate_keys);
    suite_add_tcase(s, json);

    TCase *schema = tcase_create("schema");
    tcase_add_test(schema, the_example_error);
    tcase_add_test(schema, unknown_names_get_suggestions);
    tcase_add_test(schema, javascript_names_suggest_the_op_they_mean);
    tcase_add_test(schema, wrong_types);
    tcase_add_test(schema, long_values_are_cut_in_messages);
    tcase_add_test(schema, missing_keys);
    tcase_add_test(schema, format_version);
    tcase_add_test(schema, unknown_functions);
    tcase_add_test(schema, ids);
    tcase_add_test(schema, ids_with_placeholders);
    tcase_add_test(schema, socket_ops_need_a_connection);
    tcase_add_test(schema, expansion_limits);
    tcase_add_test(schema, repeat_nesting_through_functions);
    suite_add_tcase(s, schema);

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
    return s;
}
