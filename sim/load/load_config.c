/*
 * load_config.c - a scenario's `config`, its defaults, and the command line's overrides of it,
 * all read from the config key table of ops.h.
 */
#include "loader.h"

#include <math.h>
#include <string.h>

void sim_config_init(struct sim_config *config)
{
    memset(config, 0, sizeof(*config));
    for (uint32_t k = 0; k < SIM_CONFIG_COUNT; k++) {
        if (sim_config_key_table[k].has_default) {
            sim__write_default(&sim_config_key_table[k], config);
        }
    }
}

bool sim__load_config(struct loader *ld, uint32_t v, struct sim_config *cfg)
{
    const struct keyset ks = {"config", sim_config_key_table, SIM_CONFIG_COUNT,
                              (1u << SIM_CONFIG_COUNT) - 1};
    struct place p = at_path("config", NULL);
    struct slots sl;
    if (!sim__collect_object(ld, v, &ks, p, &sl)) {
        return false;
    }
    /*
     * The contract's callback_ms is what a callback costs beside its blocks: a scenario that
     * states it states the whole cost of its JavaScript, so its logs are free unless log_ms or
     * first_log_ms say otherwise (docs/scenario-format.md, "The cost model").
     */
    if (sl.val[SIM_CONFIG_CALLBACK_MS] != SIM_NONE) {
        cfg->log_ns = 0;
        cfg->first_log_ns = 0;
    }
    for (uint32_t k = 0; k < SIM_CONFIG_COUNT; k++) {
        const struct sim_key_info *key = &sim_config_key_table[k];
        if (sl.val[k] != SIM_NONE &&
            !sim__read_value(ld, key, sl.val[k], key_place(p, key->name), cfg)) {
            return false;
        }
    }
    return true;
}

/* ---- Command-line overrides ---------------------------------------------------------------- */

static bool bad_option(struct loader *ld, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static bool bad_option(struct loader *ld, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sim__vfail_offset(ld, SIM_EINVAL, SIZE_MAX, AT_TOP, fmt, ap);
    va_end(ap);
    return false;
}

/* Does phase ph have a limit key (config.limits and --limit)? */
static bool has_limit(int ph)
{
    for (uint32_t k = 0; k < SIM_LIMIT_COUNT; k++) {
        if (sim_limit_key_table[k].phase == ph) {
            return true;
        }
    }
    return false;
}

/* "expected timers, pending, poll, check or close": the limit keys. */
static const char *limit_words(char *buf, size_t size)
{
    struct text t = {buf, size, 0};
    buf[0] = '\0';
    for (uint32_t k = 0; k < SIM_LIMIT_COUNT; k++) {
        const char *sep = k == 0 ? "" : k + 1 == SIM_LIMIT_COUNT ? " or " : ", ";
        sim__text_put(&t, "%s%s", sep, sim_limit_key_table[k].name);
    }
    return buf;
}

static bool override_limits(struct loader *ld, const struct sim_overrides *ov,
                            struct sim_config *cfg)
{
    char words[96];
    for (int ph = 0; ph < SIM_PHASE_COUNT; ph++) {
        int64_t n = ov->limits[ph];
        const char *name = sim_phase_name((enum sim_phase)ph);
        if (n >= 0 && !has_limit(ph)) {
            return bad_option(ld, "--limit %s: that phase has no limit; expected %s", name,
                              limit_words(words, sizeof(words)));
        }
        if (n > (int64_t)UINT32_MAX) {
            return bad_option(ld, "--limit %s: expected 0 to %u, got %lld", name, UINT32_MAX,
                              (long long)n);
        }
        if (n >= 0) {
            cfg->limits[ph] = (uint32_t)n;
        }
    }
    return true;
}

/* Refuses an override out of its key's range; the message names the option. */
static bool check_overrides(struct loader *ld, const struct sim_overrides *ov)
{
    const struct sim_key_info *pool = &sim_config_key_table[SIM_CONFIG_THREADPOOL_SIZE];
    const struct sim_key_info *max = &sim_config_key_table[SIM_CONFIG_MAX_CALLBACKS];
    if (ov->threadpool_size >= 0 &&
        (ov->threadpool_size < pool->min || ov->threadpool_size > pool->max)) {
        return bad_option(ld, "--threadpool: expected %.0f to %.0f, got %lld", pool->min, pool->max,
                          (long long)ov->threadpool_size);
    }
    const struct sim_key_info *cpus = &sim_config_key_table[SIM_CONFIG_CPUS];
    if (ov->cpus > (int64_t)cpus->max) {
        return bad_option(ld, "--cpus: expected 0 to %.0f, got %lld", cpus->max,
                          (long long)ov->cpus);
    }
    if (ov->entry > SIM_ENTRY_MODULE) {
        return bad_option(ld, "--entry: expected one of %s", sim_entry_choices());
    }
    if (!(ov->until_ms < 0) && !(ov->until_ms <= SIM_MAX_DURATION_MS)) {
        return bad_option(ld, "--until: expected 0 to %.0f ms, got %g", SIM_MAX_DURATION_MS,
                          ov->until_ms);
    }
    if (ov->node > SIM_NODE_10) {
        return bad_option(ld, "--node: expected one of %s", sim_node_choices());
    }
    if (ov->max_callbacks == 0 || ov->max_callbacks > (int64_t)max->max) {
        return bad_option(ld, "--max-callbacks: expected %.0f to %.0f, got %lld", max->min,
                          max->max, (long long)ov->max_callbacks);
    }
    return true;
}

bool sim__apply_overrides(struct loader *ld, const struct sim_overrides *ov, struct sim_config *cfg)
{
    if (ov == NULL) {
        return true;
    }
    if (!check_overrides(ld, ov) || !override_limits(ld, ov, cfg)) {
        return false;
    }
    cfg->threadpool_size =
        ov->threadpool_size >= 0 ? (uint32_t)ov->threadpool_size : cfg->threadpool_size;
    cfg->cpus = ov->cpus >= 0 ? (uint32_t)ov->cpus : cfg->cpus;
    cfg->entry = ov->entry >= 0 ? (enum sim_entry)ov->entry : cfg->entry;
    cfg->node = ov->node >= 0 ? (uint8_t)ov->node : cfg->node;
    if (ov->until_ms >= 0) {
        cfg->has_until = true;
        cfg->until_ns = (uint64_t)llround(ov->until_ms * 1e6);
    }
    cfg->max_callbacks = ov->max_callbacks > 0 ? (uint64_t)ov->max_callbacks : cfg->max_callbacks;
    cfg->gc_threshold = ov->gc_threshold > 0 ? (uint64_t)ov->gc_threshold : cfg->gc_threshold;
    cfg->vm_budget = ov->vm_budget > 0 ? (uint64_t)ov->vm_budget : cfg->vm_budget;
    return true;
}

void sim_overrides_init(struct sim_overrides *ov)
{
    ov->threadpool_size = -1;
    ov->cpus = -1;
    for (int ph = 0; ph < SIM_PHASE_COUNT; ph++) {
        ov->limits[ph] = -1;
    }
    ov->entry = -1;
    ov->node = -1;
    ov->until_ms = -1;
    ov->max_callbacks = -1;
    ov->gc_threshold = -1;
    ov->vm_budget = -1;
}

/* The `node` key's choices, "20|10": their order is enum sim_node's. */
const char *sim_node_choices(void)
{
    return sim_config_key_table[SIM_CONFIG_NODE].choices;
}

/* The index of `name` among "a|b|c" choices, or -1. */
static int choice_index(const char *c, const char *name)
{
    for (int i = 0; *c != '\0'; i++) {
        size_t n = strcspn(c, "|");
        if (strlen(name) == n && memcmp(c, name, n) == 0) {
            return i;
        }
        c += n + (c[n] == '|');
    }
    return -1;
}

int sim_node_find(const char *name)
{
    return choice_index(sim_node_choices(), name);
}

const char *sim_entry_choices(void)
{
    return sim_config_key_table[SIM_CONFIG_ENTRY].choices;
}

int sim_entry_find(const char *name)
{
    return choice_index(sim_entry_choices(), name);
}
