/*
 * test_load.c - the scenario loader (sim/load/): for every class of bad input, bytes, JSON and
 * the format's schema, the located diagnostic it gives instead of a program (code, line:column,
 * JSON path and sentence), never a crash. What it builds, its config and its robustness are in
 * test_load_program.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_load.h"
#include "test_util.h"

/* A scenario around a main body, single-quoted like every inline scenario (tu_json). */
#define SCENARIO(main) "{'loopsim':1,'name':'t','main':[" main "]}"

/* Loads raw bytes; returns the program or NULL, with *d filled. */
struct sim_program *load_bytes(const char *buf, size_t len, const struct sim_overrides *ov,
                                      struct sim_diag *d)
{
    return sim_program_load(buf, len, ov, d);
}

/* Expects raw bytes to be refused; returns the diagnostic. */
struct sim_diag refused_bytes(const char *buf, size_t len)
{
    struct sim_diag d;
    struct sim_program *prog = load_bytes(buf, len, NULL, &d);
    ck_assert_msg(prog == NULL, "accepted: %.*s", (int)(len < 200 ? len : 200), buf);
    ck_assert_int_ne(d.code, 0);
    ck_assert_str_ne(d.message, "");
    return d;
}

/* Expects a single-quoted scenario to be refused; returns the diagnostic. */
struct sim_diag refused(const char *sq)
{
    const char *json = tu_json(sq);
    return refused_bytes(json, strlen(json));
}

void check_diag(struct sim_diag d, int code, uint32_t line, uint32_t col, const char *path,
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
void refuse_at(const char *sq, const char *at, int code, const char *path, const char *message)
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
void refuse_like(const char *sq, int code, const char *part)
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

    load_program_tcases(s); /* config, program, robustness: test_load_program.c */
    return s;
}
