/* spec_report.c - the spec's blocks for the managers' sheets:
 *   recovery: {overall_at_most: 2, nps_at_most: 6}   # who is called back
 *   kano:                                            # KANO questions
 *     - {feature: Same-day delivery, functional: K1F, dysfunctional: K1D}
 * Unknown keys warn with the closest known one; wrong values are errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "spec_internal.h"
#include "spec_keys.h"

static const char *const recovery_keys[] = {"overall_at_most", "nps_at_most",
                                            NULL};
static const char *const kano_keys[] = {"feature", "functional",
                                        "dysfunctional", NULL};

void spec_parse_recovery(spec_ctx *c, const yaml_node_t *node)
{
    sp_recovery_config *r = &c->spec->recovery;
    r->line = spec_node_line(node);
    if (node->type != YAML_MAPPING_NODE) {
        spec_error(c, node, "key 'recovery' must be a mapping, e.g. "
                            "{overall_at_most: 2, nps_at_most: 6}");
        return;
    }
    for (yaml_node_pair_t *p = node->data.mapping.pairs.start;
         p < node->data.mapping.pairs.top; p++) {
        yaml_node_t *k = spec_node_at(c, p->key), *v = spec_node_at(c, p->value);
        const char *key = spec_scalar_text(c, k, "recovery");
        if (!key)
            continue;
        int value;
        int overall = strcmp(key, "overall_at_most") == 0;
        if (!overall && strcmp(key, "nps_at_most") != 0) {
            spec_warn_unknown_key(c->diag, c->file, spec_node_line(k), key,
                                  recovery_keys);
            continue;
        }
        if (!spec_scalar_int(c, v, key, &value))
            continue;   /* reported */
        if (overall && (value < c->spec->scale_min ||
                        value >= c->spec->scale_max))
            spec_error(c, v, "recovery: overall_at_most %d is not a point "
                             "of the scale below its top [%d, %d]",
                       value, c->spec->scale_min, c->spec->scale_max);
        else if (!overall && (value < 0 || value > 9))
            spec_error(c, v, "recovery: nps_at_most %d is not 0 to 9 (6 "
                             "calls back the detractors)", value);
        else
            *(overall ? &r->overall_at_most : &r->nps_at_most) = value;
    }
}

/* One `{feature, functional, dysfunctional}` of the kano list. */
static void parse_kano_feature(spec_ctx *c, const yaml_node_t *node,
                               sp_kano_feature *f)
{
    f->line = spec_node_line(node);
    f->functional = f->dysfunctional = SP_NO_VARIABLE;
    const yaml_node_t *functional = NULL, *dysfunctional = NULL;
    for (yaml_node_pair_t *p = node->data.mapping.pairs.start;
         p < node->data.mapping.pairs.top; p++) {
        yaml_node_t *k = spec_node_at(c, p->key), *v = spec_node_at(c, p->value);
        const char *key = spec_scalar_text(c, k, "kano");
        if (!key)
            continue;
        if (strcmp(key, "feature") == 0)
            spec_scalar_copy(c, v, "kano: feature", &f->feature);
        else if (strcmp(key, "functional") == 0)
            functional = v;
        else if (strcmp(key, "dysfunctional") == 0)
            dysfunctional = v;
        else
            spec_warn_unknown_key(c->diag, c->file, spec_node_line(k), key,
                                  kano_keys);
    }
    if (!f->feature || !functional || !dysfunctional) {
        spec_error(c, node, "kano: each feature needs feature, functional "
                            "and dysfunctional, e.g. {feature: Same-day "
                            "delivery, functional: K1F, dysfunctional: K1D}");
        return;
    }
    char owner[300];
    snprintf(owner, sizeof owner, "kano '%s'", f->feature);
    f->functional = spec_add_variable(c, functional, SP_ROLE_KANO, owner);
    f->dysfunctional = spec_add_variable(c, dysfunctional, SP_ROLE_KANO,
                                         owner);
}

void spec_parse_kano(spec_ctx *c, const yaml_node_t *node)
{
    sp_spec *s = c->spec;
    if (node->type != YAML_SEQUENCE_NODE) {
        spec_error(c, node, "key 'kano' must be a list of {feature, "
                            "functional, dysfunctional}");
        return;
    }
    size_t n = (size_t)(node->data.sequence.items.top -
                        node->data.sequence.items.start);
    if (!n)
        return;
    if (!(s->kano = calloc(n, sizeof *s->kano))) {
        c->nomem = 1;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const yaml_node_t *item =
            spec_node_at(c, node->data.sequence.items.start[i]);
        sp_kano_feature *f = &s->kano[s->n_kano++];
        if (item->type != YAML_MAPPING_NODE) {
            f->functional = f->dysfunctional = SP_NO_VARIABLE;
            spec_error(c, item, "kano: each entry must be a mapping "
                                "{feature, functional, dysfunctional}");
            continue;
        }
        parse_kano_feature(c, item, f);
    }
}
