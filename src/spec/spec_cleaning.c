/* spec_cleaning.c - the `cleaning:` block of the spec: which exclusion
 * rules run and with which thresholds. Every rule is on by default; a rule
 * is switched off with `false` and tuned with a mapping:
 *   cleaning:
 *     speeders: {fraction: 0.333, min_seconds: 60}
 *     straightlining: {min_items: 4, min_sd: 0.3}
 *     duplicates: {keep: latest}        # or earliest
 *     max_invalid: 3
 *     min_answered: 0.5
 *     platform_flags: true
 *     attention: [{column: AC1, expect: 2}]
 *     max_excluded: 0.25                # quality gate (exit code 3) */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "spec_internal.h"
#include "spec_keys.h"

/* true/yes/on or false/no/off: 1 with *on set; 0 when not a boolean. */
static int as_switch(const yaml_node_t *node, int *on)
{
    if (!node || node->type != YAML_SCALAR_NODE)
        return 0;
    const char *t = (const char *)node->data.scalar.value;
    static const char *const yes[] = {"true", "yes", "on", NULL};
    static const char *const no[] = {"false", "no", "off", NULL};
    for (size_t i = 0; yes[i]; i++)
        if (strcasecmp(t, yes[i]) == 0)
            return *on = 1, 1;
    for (size_t i = 0; no[i]; i++)
        if (strcasecmp(t, no[i]) == 0)
            return *on = 0, 1;
    return 0;
}

/* A number in [lo, hi]; 0 after reporting when it is not. */
static int as_number(spec_ctx *c, const yaml_node_t *node, const char *key,
                     double lo, double hi, double *out)
{
    const char *t = spec_scalar_text(c, node, key);
    if (!t)
        return 0;
    char *end;
    double v = strtod(t, &end);
    if (*end || end == t || !isfinite(v) || v < lo || v > hi) {
        spec_error(c, node, "cleaning: '%s' must be a number from %g to %g, "
                            "or false to switch the rule off", key, lo, hi);
        return 0;
    }
    *out = v;
    return 1;
}

/* Walks a rule's settings mapping, calling `setting` for each key. */
typedef void (*setting_fn)(spec_ctx *c, const char *key,
                           const yaml_node_t *value);

static void each_setting(spec_ctx *c, const yaml_node_t *map,
                         const char *rule, const char *const *known,
                         setting_fn setting)
{
    if (map->type != YAML_MAPPING_NODE) {
        spec_error(c, map, "cleaning: '%s' must be true, false or a mapping "
                           "of its settings", rule);
        return;
    }
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
         p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = spec_node_at(c, p->key);
        const char *key = spec_scalar_text(c, k, rule);
        if (!key)
            continue;
        size_t i = 0;
        while (known[i] && strcmp(known[i], key) != 0)
            i++;
        if (known[i])
            setting(c, key, spec_node_at(c, p->value));
        else
            spec_warn_unknown_key(c->diag, c->file, spec_node_line(k), key,
                                  known);
    }
}

static void speeder_setting(spec_ctx *c, const char *key,
                            const yaml_node_t *v)
{
    sp_cleaning_config *cl = &c->spec->cleaning;
    if (strcmp(key, "fraction") == 0)
        as_number(c, v, key, 0, 1, &cl->speeder_fraction);
    else
        as_number(c, v, key, 0, 1e9, &cl->min_seconds);
}

static void straightlining_setting(spec_ctx *c, const char *key,
                                   const yaml_node_t *v)
{
    sp_cleaning_config *cl = &c->spec->cleaning;
    double n;
    if (strcmp(key, "min_items") == 0) {
        if (as_number(c, v, key, 2, 1000, &n))
            cl->grid_min_items = (int)n;
    } else {
        as_number(c, v, key, 0, 100, &cl->min_sd);
    }
}

static void duplicates_setting(spec_ctx *c, const char *key,
                               const yaml_node_t *v)
{
    (void)key;
    const char *t = spec_scalar_text(c, v, "keep");
    if (t && strcmp(t, "latest") == 0)
        c->spec->cleaning.keep_latest = 1;
    else if (t && strcmp(t, "earliest") == 0)
        c->spec->cleaning.keep_latest = 0;
    else if (t)
        spec_error(c, v, "cleaning: duplicates: keep must be latest or "
                         "earliest, not '%s'", t);
}

static void parse_attention_one(spec_ctx *c, const yaml_node_t *node)
{
    sp_cleaning_config *cl = &c->spec->cleaning;
    const yaml_node_t *column = NULL, *expect = NULL;
    if (node->type == YAML_MAPPING_NODE)
        for (yaml_node_pair_t *p = node->data.mapping.pairs.start;
             p < node->data.mapping.pairs.top; p++) {
            const char *key = spec_scalar_text(c, spec_node_at(c, p->key),
                                               "attention");
            if (key && strcmp(key, "column") == 0)
                column = spec_node_at(c, p->value);
            else if (key && strcmp(key, "expect") == 0)
                expect = spec_node_at(c, p->value);
        }
    if (!column || !expect) {
        spec_error(c, node, "cleaning: each attention check needs a column "
                            "and the code it expects, e.g. {column: AC1, "
                            "expect: 2}");
        return;
    }
    int code;
    size_t v = spec_add_variable(c, column, SP_ROLE_ATTENTION,
                                 "cleaning: attention");
    if (v == SP_NO_VARIABLE || !spec_scalar_int(c, expect, "expect", &code))
        return;
    sp_attention_check *grown =
        realloc(cl->attention, (cl->n_attention + 1) * sizeof *grown);
    if (!grown) {
        c->nomem = 1;
        return;
    }
    cl->attention = grown;
    cl->attention[cl->n_attention++] = (sp_attention_check){
        .variable = v, .expect = code, .line = spec_node_line(column)};
}

static void parse_attention(spec_ctx *c, const yaml_node_t *node)
{
    if (node->type != YAML_SEQUENCE_NODE) {
        parse_attention_one(c, node);
        return;
    }
    for (yaml_node_item_t *it = node->data.sequence.items.start;
         it < node->data.sequence.items.top; it++)
        parse_attention_one(c, spec_node_at(c, *it));
}

static const char *const cleaning_keys[] = {
    "speeders", "straightlining", "duplicates", "max_invalid",
    "min_answered", "platform_flags", "attention", "max_excluded", NULL};

void spec_parse_cleaning(spec_ctx *c, const yaml_node_t *node)
{
    sp_cleaning_config *cl = &c->spec->cleaning;
    cl->line = spec_node_line(node);
    if (node->type != YAML_MAPPING_NODE) {
        spec_error(c, node, "key 'cleaning' must be a mapping of rules, "
                            "e.g. {speeders: false, max_excluded: 0.25}");
        return;
    }
    for (yaml_node_pair_t *p = node->data.mapping.pairs.start;
         p < node->data.mapping.pairs.top; p++) {
        yaml_node_t *k = spec_node_at(c, p->key), *v = spec_node_at(c, p->value);
        const char *key = spec_scalar_text(c, k, "cleaning");
        if (!key)
            continue;
        int on;
        double n;
        if (strcmp(key, "speeders") == 0) {
            if (!as_switch(v, &cl->speeders))
                each_setting(c, v, key,
                             (const char *const[]){"fraction", "min_seconds",
                                                   NULL},
                             speeder_setting);
        } else if (strcmp(key, "straightlining") == 0) {
            if (!as_switch(v, &cl->straightlining))
                each_setting(c, v, key,
                             (const char *const[]){"min_items", "min_sd",
                                                   NULL},
                             straightlining_setting);
        } else if (strcmp(key, "duplicates") == 0) {
            if (!as_switch(v, &cl->duplicates))
                each_setting(c, v, key, (const char *const[]){"keep", NULL},
                             duplicates_setting);
        } else if (strcmp(key, "max_invalid") == 0) {
            if (as_switch(v, &on) && !on)
                cl->invalid = 0;
            else if (as_number(c, v, key, 0, 32767, &n))
                cl->max_invalid = (int)n;
        } else if (strcmp(key, "min_answered") == 0) {
            if (as_switch(v, &on) && !on)
                cl->answered = 0;
            else
                as_number(c, v, key, 0, 1, &cl->min_answered);
        } else if (strcmp(key, "max_excluded") == 0) {
            if (as_switch(v, &on) && !on)
                cl->max_excluded = NAN;
            else
                as_number(c, v, key, 0, 1, &cl->max_excluded);
        } else if (strcmp(key, "platform_flags") == 0) {
            if (!as_switch(v, &cl->platform_flags))
                spec_error(c, v, "cleaning: platform_flags must be true or "
                                 "false");
        } else if (strcmp(key, "attention") == 0) {
            parse_attention(c, v);
        } else {
            spec_warn_unknown_key(c->diag, c->file, spec_node_line(k), key,
                                  cleaning_keys);
        }
    }
}
