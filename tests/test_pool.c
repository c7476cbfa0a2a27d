/*
 * test_pool.c - the worker pool (sim/pool.c): k workers and a FIFO, completions delivered in
 * poll with ticks after each, jobs running while the loop blocks, request chains, and slow I/O
 * limited to ceil(k/2) workers.
 */
#include "test_util.h"

START_TEST(fifth_job_on_four_workers_ends_one_job_later)
{
    ck_assert_str_eq(
        tu_callbacks("{'loopsim':1,'name':'t','config':{" TU_IDEAL "},'main':["
                     "{'op':'repeat','times':5,'do':["
                     "  {'op':'crypto.pbkdf2','ms':100,'label':'job{i}'}]}]}",
                     true),
        "main@main:0 job1@poll:100 job2@poll:100 job3@poll:100 job4@poll:100 job5@poll:200");
}
END_TEST

START_TEST(pool_of_one_is_serial)
{
    ck_assert_str_eq(
        tu_callbacks("{'loopsim':1,'name':'t','config':{'threadpool_size':1},'main':["
                     "{'op':'repeat','times':3,'do':["
                     "  {'op':'crypto.pbkdf2','ms':100,'label':'job{i}'}]}]}",
                     true),
        "main@main:0 job1@poll:100 job2@poll:200 job3@poll:300");
}
END_TEST

START_TEST(a_batch_drains_ticks_after_each_completion)
{
    /* exp. 18 */
    ck_assert_str_eq(tu_logs("{'loopsim':1,'name':'t','main':["
                             "{'op':'repeat','times':2,'do':["
                             "  {'op':'fs.stat','ms':5,'do':['stat {i}',"
                             "    {'op':'nextTick','do':['tick {i}']},"
                             "    {'op':'promise','do':['promise {i}']},"
                             "    {'op':'setImmediate','do':['immediate {i}']}]}]}]}"),
                     "stat 1|tick 1|promise 1|stat 2|tick 2|promise 2|immediate 1|immediate 2");
}
END_TEST

START_TEST(jobs_run_while_the_loop_blocks)
{
    ck_assert_str_eq(tu_callbacks("{'loopsim':1,'name':'t','config':{" TU_IDEAL "},'main':["
                                  "{'op':'fs.stat','ms':5,'label':'stat'},"
                                  "{'op':'block','ms':20}]}",
                                  true),
                     "main@main:0 stat@poll:20");
}
END_TEST

START_TEST(read_file_is_a_chain_of_requests)
{
    /* exp. 14: open, fstat, ceil(size / 512 KiB) reads (at least one), close. */
    ck_assert_str_eq(tu_callbacks("{'loopsim':1,'name':'t',"
                                  "'config':{" TU_IDEAL ",'threadpool_size':8},"
                                  "'main':[{'op':'fs.readFile','ms':1,'label':'empty'},"
                                  "{'op':'fs.readFile','ms':1,'size':524289,'label':'big'},"
                                  "{'op':'fs.writeFile','ms':1,'label':'write'},"
                                  "{'op':'zlib.gzip','ms':1,'jobs':2,'label':'gzip'},"
                                  "{'op':'fs.stat','ms':1,'label':'stat'}]}",
                                  true),
                     "main@main:0 stat@poll:1 gzip@poll:2 write@poll:3 empty@poll:4 "
                     "big@poll:5");
}
END_TEST

START_TEST(dns_lookup_uses_at_most_half_the_workers)
{
    ck_assert_str_eq(tu_callbacks("{'loopsim':1,'name':'t','config':{" TU_IDEAL "},'main':["
                                  "{'op':'dns.lookup','ms':10,'label':'a'},"
                                  "{'op':'dns.lookup','ms':10,'label':'b'},"
                                  "{'op':'dns.lookup','ms':10,'label':'c'},"
                                  "{'op':'fs.stat','ms':1,'label':'stat'}]}",
                                  true),
                     "main@main:0 stat@poll:1 a@poll:10 b@poll:10 c@poll:20");
}
END_TEST

START_TEST(dns_resolve_needs_no_worker)
{
    ck_assert_str_eq(tu_callbacks("{'loopsim':1,'name':'t','config':{'threadpool_size':1},"
                                  "'main':[{'op':'crypto.pbkdf2','ms':100,'label':'pbkdf2'},"
                                  "{'op':'dns.resolve','ms':5,'label':'resolve'},"
                                  "{'op':'dns.lookup','ms':1,'label':'lookup'}]}",
                                  true),
                     "main@main:0 resolve@poll:5 pbkdf2@poll:100 lookup@poll:101");
}
END_TEST

START_TEST(zero_length_chains_finish)
{
    ck_assert_str_eq(tu_logs("{'loopsim':1,'name':'t','main':["
                             "{'op':'fs.readFile','ms':0,'do':['read']},"
                             "{'op':'fs.writeFile','ms':0,'do':['written']},"
                             "{'op':'zlib.gzip','ms':0,'jobs':3,'do':['zipped']},"
                             "{'op':'dns.lookup','ms':0,'do':['looked up']}]}"),
                     "looked up|written|zipped|read");
}
END_TEST

START_TEST(simultaneous_completions_follow_submission_order)
{
    ck_assert_str_eq(tu_logs("{'loopsim':1,'name':'t','main':["
                             "{'op':'fs.stat','ms':10,'do':['long']},"
                             "{'op':'fs.stat','ms':5,'do':['short']},"
                             "{'op':'fs.stat','ms':10,'do':['long2']}]}"),
                     "short|long|long2");
}
END_TEST

Suite *pool_suite(void)
{
    Suite *s = suite_create("pool");
    TCase *tc = tcase_create("rules");
    tcase_add_test(tc, fifth_job_on_four_workers_ends_one_job_later);
    tcase_add_test(tc, pool_of_one_is_serial);
    tcase_add_test(tc, a_batch_drains_ticks_after_each_completion);
    tcase_add_test(tc, jobs_run_while_the_loop_blocks);
    tcase_add_test(tc, read_file_is_a_chain_of_requests);
    tcase_add_test(tc, dns_lookup_uses_at_most_half_the_workers);
    tcase_add_test(tc, dns_resolve_needs_no_worker);
    tcase_add_test(tc, simultaneous_completions_follow_submission_order);
    tcase_add_test(tc, zero_length_chains_finish);
    suite_add_tcase(s, tc);
    return s;
}
