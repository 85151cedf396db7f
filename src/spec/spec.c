/* spec.c - loads survey.yaml with libyaml's document API and turns it into
 * an sp_spec. Every problem is reported with the spec's file name, the line
 * of the offending node and the key, and loading goes on to report all of
 * them before failing. */
#include "satpipe/spec.h"

#include <errno.h>
#include <math.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "../core/util.h"
#include "spec_internal.h"
#include "spec_keys.h"

#define SPEC_MAX_BYTES (1u << 20)


long spec_node_line(const yaml_node_t *node)
{
    return node ? (long)node->start_mark.line + 1 : 0;
}

void spec_error(spec_ctx *c, const yaml_node_t *node, const char *fmt,
                       ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = sp_vformat(fmt, ap);
    va_end(ap);
    sp_diag_add(c->diag, SP_ERROR, c->file, spec_node_line(node), 0, "%s",
                msg ? msg : fmt);
    free(msg);
    c->failed = 1;
}

/* The text of a scalar node, or NULL after reporting what `key` must be. */
const char *spec_scalar_text(spec_ctx *c, const yaml_node_t *node,
                               const char *key)
{
    if (!node || node->type != YAML_SCALAR_NODE) {
        spec_error(c, node, "key '%s' must be a single value", key);
        return NULL;
    }
    if (node->data.scalar.length == 0) {
        spec_error(c, node, "key '%s' is empty", key);
        return NULL;
    }
    return (const char *)node->data.scalar.value;
}

int spec_scalar_int(spec_ctx *c, const yaml_node_t *node, const char *key,
                      int *out)
{
    const char *text = spec_scalar_text(c, node, key);
    if (!text)
        return 0;
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || *end || end == text || v < SHRT_MIN + 1 || v > SHRT_MAX) {
        spec_error(c, node,
                   "key '%s': '%s' is not a whole number between %d and %d",
                   key, text, SHRT_MIN + 1, SHRT_MAX);
        return 0;
    }
    *out = (int)v;
    return 1;
}

yaml_node_t *spec_node_at(spec_ctx *c, int index)
{
    return yaml_document_get_node(c->doc, index);
}

/* Duplicates a scalar's text into *dst; 0 on failure (reported). */
int spec_scalar_copy(spec_ctx *c, const yaml_node_t *node, const char *key,
                       char **dst)
{
    const char *text = spec_scalar_text(c, node, key);
    if (!text)
        return 0;
    free(*dst);
    *dst = sp_strdup(text);
    if (!*dst) {
        c->nomem = 1;
        return 0;
    }
    return 1;
}

static const char *role_name(sp_role role)
{
    static const char *const names[] = {
        [SP_ROLE_ITEM] = "item", [SP_ROLE_OVERALL] = "overall",
        [SP_ROLE_NPS] = "nps", [SP_ROLE_ID] = "id",
        [SP_ROLE_DURATION] = "duration", [SP_ROLE_WEIGHT] = "weight",
        [SP_ROLE_WAVE] = "wave", [SP_ROLE_COMMENT] = "comment",
        [SP_ROLE_CONTACT] = "contact", [SP_ROLE_CONSENT] = "consent",
        [SP_ROLE_SEGMENT] = "segments", [SP_ROLE_ATTENTION] = "attention",
        [SP_ROLE_EXPECTATION] = "expectations", [SP_ROLE_KANO] = "kano",
    };
    return names[role];
}

static sp_value_kind role_kind(sp_role role)
{
    switch (role) {
    case SP_ROLE_ITEM:
    case SP_ROLE_OVERALL:
    case SP_ROLE_NPS:
    case SP_ROLE_ATTENTION:
    case SP_ROLE_EXPECTATION:
        return SP_VALUE_RATING;
    case SP_ROLE_DURATION:
        return SP_VALUE_DURATION;
    case SP_ROLE_WEIGHT:
        return SP_VALUE_NUMBER;
    default:
        return SP_VALUE_TEXT;
    }
}

/* Adds the column named by `node` in `role`; returns its index or
 * SP_NO_VARIABLE (reported). `owner` says where the spec names it, e.g.
 * "key 'overall'" or "dimension 'reliability'". */
size_t spec_add_variable(spec_ctx *c, const yaml_node_t *node, sp_role role,
                           const char *owner)
{
    if (!node || node->type != YAML_SCALAR_NODE ||
        node->data.scalar.length == 0) {
        spec_error(c, node, "%s: expected a column name", owner);
        return SP_NO_VARIABLE;
    }
    const char *name = (const char *)node->data.scalar.value;
    sp_spec *s = c->spec;
    for (size_t i = 0; i < s->n_variables; i++) {
        if (strcmp(s->variables[i].name, name) == 0) {
            spec_error(c, node,
                       "%s: column %s is already used (%s, line %ld); a "
                       "column can serve one purpose only",
                       owner, name, s->variables[i].context,
                       s->variables[i].line);
            return SP_NO_VARIABLE;
        }
    }
    if (sp_grow((void **)&s->variables, &c->var_cap, s->n_variables + 1,
                sizeof(sp_variable)) != SP_OK) {
        c->nomem = 1;
        return SP_NO_VARIABLE;
    }
    sp_variable *v = &s->variables[s->n_variables];
    *v = (sp_variable){.role = role, .kind = role_kind(role),
                       .line = spec_node_line(node)};
    v->name = sp_strdup(name);
    v->context = sp_format("%s: %s %s", owner,
                           role == SP_ROLE_ITEM ? "item" : "column", name);
    if (!v->name || !v->context) {
        free(v->name);
        free(v->context);
        c->nomem = 1;
        return SP_NO_VARIABLE;
    }
    return s->n_variables++;
}

static void parse_single_column(spec_ctx *c, const yaml_node_t *value,
                                sp_role role, size_t *slot)
{
    char owner[64];
    snprintf(owner, sizeof owner, "key '%s'", role_name(role));
    *slot = spec_add_variable(c, value, role, owner);
}

static void parse_scale(spec_ctx *c, const yaml_node_t *value)
{
    sp_spec *s = c->spec;
    if (value->type != YAML_SEQUENCE_NODE ||
        value->data.sequence.items.top - value->data.sequence.items.start !=
            2) {
        spec_error(c, value,
                   "key 'scale' must be [lowest, highest], e.g. [1, 5]");
        return;
    }
    yaml_node_item_t *it = value->data.sequence.items.start;
    int lo, hi;
    if (!spec_scalar_int(c, spec_node_at(c, it[0]), "scale", &lo) ||
        !spec_scalar_int(c, spec_node_at(c, it[1]), "scale", &hi))
        return;
    if (lo >= hi || hi - lo > 100) {
        spec_error(c, value,
                   "key 'scale': [%d, %d] is not a rating scale; give the "
                   "lowest then the highest answer, at most 101 points",
                   lo, hi);
        return;
    }
    s->scale_min = lo;
    s->scale_max = hi;
}

static void parse_missing(spec_ctx *c, const yaml_node_t *value)
{
    sp_spec *s = c->spec;
    if (value->type != YAML_SEQUENCE_NODE) {
        spec_error(c, value, "key 'missing' must be a list of codes, "
                             "e.g. [0, 99]");
        return;
    }
    size_t n = (size_t)(value->data.sequence.items.top -
                        value->data.sequence.items.start);
    free(s->missing);
    s->missing = calloc(n ? n : 1, sizeof(int));
    if (!s->missing) {
        c->nomem = 1;
        return;
    }
    s->n_missing = 0;
    for (size_t i = 0; i < n; i++) {
        int code;
        if (spec_scalar_int(c, spec_node_at(c, value->data.sequence.items.start[i]),
                       "missing", &code))
            s->missing[s->n_missing++] = code;
    }
}

static void parse_labels(spec_ctx *c, const yaml_node_t *value)
{
    sp_spec *s = c->spec;
    if (value->type != YAML_MAPPING_NODE) {
        spec_error(c, value, "key 'labels' must map answer labels to codes, "
                             "e.g. {Very satisfied: 5}");
        return;
    }
    size_t n = (size_t)(value->data.mapping.pairs.top -
                        value->data.mapping.pairs.start);
    s->labels = calloc(n ? n : 1, sizeof(sp_label));
    if (!s->labels) {
        c->nomem = 1;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        yaml_node_pair_t *p = &value->data.mapping.pairs.start[i];
        yaml_node_t *k = spec_node_at(c, p->key);
        const char *text = spec_scalar_text(c, k, "labels");
        int code;
        if (!text || !spec_scalar_int(c, spec_node_at(c, p->value), "labels", &code))
            continue;
        for (size_t j = 0; j < s->n_labels; j++)
            if (strcmp(s->labels[j].text, text) == 0)
                spec_error(c, k, "key 'labels': label '%s' is given twice",
                           text);
        char *copy = sp_strdup(text);
        if (!copy) {
            c->nomem = 1;
            return;
        }
        s->labels[s->n_labels++] = (sp_label){.text = copy, .code = code};
    }
}

static void parse_segments(spec_ctx *c, const yaml_node_t *value)
{
    sp_spec *s = c->spec;
    if (value->type != YAML_SEQUENCE_NODE) {
        spec_error(c, value, "key 'segments' must be a list of columns, "
                             "e.g. [region, channel]");
        return;
    }
    size_t n = (size_t)(value->data.sequence.items.top -
                        value->data.sequence.items.start);
    s->segments = calloc(n ? n : 1, sizeof(size_t));
    if (!s->segments) {
        c->nomem = 1;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        size_t v = spec_add_variable(
            c, spec_node_at(c, value->data.sequence.items.start[i]),
            SP_ROLE_SEGMENT, "key 'segments'");
        if (v != SP_NO_VARIABLE)
            s->segments[s->n_segments++] = v;
    }
}

/* Collects the nodes of a list of column names into *nodes (a new array
 * of borrowed pointers); returns the count, or 0 after reporting. */
size_t spec_column_list(spec_ctx *c, const yaml_node_t *value,
                          const char *owner, yaml_node_t ***nodes)
{
    if (value->type != YAML_SEQUENCE_NODE) {
        spec_error(c, value, "%s: expected a list of columns, e.g. [Q1, Q2]",
                   owner);
        return 0;
    }
    size_t n = (size_t)(value->data.sequence.items.top -
                        value->data.sequence.items.start);
    *nodes = calloc(n ? n : 1, sizeof(yaml_node_t *));
    if (!*nodes) {
        c->nomem = 1;
        return 0;
    }
    for (size_t i = 0; i < n; i++)
        (*nodes)[i] = spec_node_at(c, value->data.sequence.items.start[i]);
    return n;
}

/* `expectations: [E1, ...]`: one per item, in the items' order. */
static void parse_expectations(spec_ctx *c, sp_dimension *d,
                               const yaml_node_t *value)
{
    char owner[256];
    snprintf(owner, sizeof owner, "dimension '%s': expectations", d->key);
    yaml_node_t **nodes = NULL;
    size_t n = spec_column_list(c, value, owner, &nodes);
    if (n && n != d->n_items) {
        spec_error(c, value, "dimension '%s' lists %zu expectations for %zu "
                             "items; give one per item, in the same order",
                   d->key, n, d->n_items);
    } else if (n) {
        if (!(d->expectations = malloc(n * sizeof(size_t))))
            c->nomem = 1;
        for (size_t i = 0; i < n && d->expectations; i++)
            d->expectations[i] = spec_add_variable(c, nodes[i],
                                                   SP_ROLE_EXPECTATION, owner);
    }
    free(nodes);
}

static void parse_dimension(spec_ctx *c, const yaml_node_t *node)
{
    sp_spec *s = c->spec;
    if (node->type != YAML_MAPPING_NODE) {
        spec_error(c, node, "each entry of 'dimensions' must be a mapping "
                            "with key, label, items and optionally reverse");
        return;
    }
    if (sp_grow((void **)&s->dimensions, &c->dim_cap, s->n_dimensions + 1,
                sizeof(sp_dimension)) != SP_OK) {
        c->nomem = 1;
        return;
    }
    sp_dimension *d = &s->dimensions[s->n_dimensions++];
    *d = (sp_dimension){.line = spec_node_line(node), .target = NAN};
    const yaml_node_t *items = NULL, *reverse = NULL, *expectations = NULL;
    for (yaml_node_pair_t *p = node->data.mapping.pairs.start;
         p < node->data.mapping.pairs.top; p++) {
        yaml_node_t *k = spec_node_at(c, p->key), *v = spec_node_at(c, p->value);
        const char *key = spec_scalar_text(c, k, "dimensions");
        if (!key)
            continue;
        if (strcmp(key, "key") == 0)
            spec_scalar_copy(c, v, "key", &d->key);
        else if (strcmp(key, "label") == 0)
            spec_scalar_copy(c, v, "label", &d->label);
        else if (strcmp(key, "items") == 0)
            items = v;
        else if (strcmp(key, "reverse") == 0)
            reverse = v;
        else if (strcmp(key, "expectations") == 0)
            expectations = v;
        else
            spec_warn_unknown_key(c->diag, c->file, spec_node_line(k), key,
                                  spec_dimension_keys);
    }
    if (!d->key) {
        spec_error(c, node, "a dimension has no 'key' (a short name such as "
                            "reliability)");
        return;
    }
    for (size_t i = 0; i + 1 < s->n_dimensions; i++)
        if (s->dimensions[i].key && strcmp(s->dimensions[i].key, d->key) == 0)
            spec_error(c, node, "dimension '%s' is defined twice (also at "
                                "line %ld)", d->key, s->dimensions[i].line);
    if (!d->label && !(d->label = sp_strdup(d->key))) {
        c->nomem = 1;
        return;
    }
    if (!items) {
        spec_error(c, node, "dimension '%s' has no 'items' (the columns "
                            "that measure it)", d->key);
        return;
    }
    yaml_node_t **item_nodes = NULL;
    char context[256];
    snprintf(context, sizeof context, "dimension '%s'", d->key);
    size_t n = spec_column_list(c, items, context, &item_nodes);
    if (n == 0 && !c->nomem && items->type == YAML_SEQUENCE_NODE)
        spec_error(c, items, "dimension '%s' has an empty 'items' list",
                   d->key);
    d->items = calloc(n ? n : 1, sizeof(size_t));
    d->reversed = calloc(n ? n : 1, 1);
    if (!d->items || !d->reversed) {
        free(item_nodes);
        c->nomem = 1;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        size_t v = spec_add_variable(c, item_nodes[i], SP_ROLE_ITEM, context);
        if (v != SP_NO_VARIABLE)
            d->items[d->n_items++] = v;
    }
    free(item_nodes);
    if (expectations)
        parse_expectations(c, d, expectations);
    if (!reverse)
        return;
    snprintf(context, sizeof context, "dimension '%s': reverse", d->key);
    yaml_node_t **rev_nodes = NULL;
    size_t nr = spec_column_list(c, reverse, context, &rev_nodes);
    for (size_t r = 0; r < nr; r++) {
        const char *name = spec_scalar_text(c, rev_nodes[r], "reverse");
        if (!name)
            continue;
        size_t found = d->n_items;
        for (size_t i = 0; i < d->n_items; i++)
            if (strcmp(s->variables[d->items[i]].name, name) == 0)
                found = i;
        if (found == d->n_items)
            spec_error(c, rev_nodes[r],
                       "dimension '%s': reverse item %s is not one of its "
                       "items; list it under items too, or remove it",
                       d->key, name);
        else
            d->reversed[found] = 1;
    }
    free(rev_nodes);
}

static void parse_dimensions(spec_ctx *c, const yaml_node_t *value)
{
    if (value->type != YAML_SEQUENCE_NODE) {
        spec_error(c, value, "key 'dimensions' must be a list of dimensions");
        return;
    }
    for (yaml_node_item_t *it = value->data.sequence.items.start;
         it < value->data.sequence.items.top; it++)
        parse_dimension(c, spec_node_at(c, *it));
    if (c->spec->n_dimensions == 0)
        spec_error(c, value, "key 'dimensions' lists no dimension");
}

/* `required: [columns]`: columns named elsewhere in the spec that every
 * input file must have (otherwise a file may lack a column, with a
 * warning, and its responses count as no answer on it). */
static void parse_required(spec_ctx *c, const yaml_node_t *value)
{
    yaml_node_t **nodes = NULL;
    size_t n = spec_column_list(c, value, "key 'required'", &nodes);
    for (size_t i = 0; i < n; i++) {
        const char *name = spec_scalar_text(c, nodes[i], "required");
        if (!name)
            continue;
        size_t v = 0;
        while (v < c->spec->n_variables &&
               strcmp(c->spec->variables[v].name, name) != 0)
            v++;
        if (v == c->spec->n_variables)
            spec_error(c, nodes[i], "key 'required': %s is not a column "
                                    "named elsewhere in the spec", name);
        else
            c->spec->variables[v].required = 1;
    }
    free(nodes);
}

/* `targets: {reliability: 4.5}`: the performance each dimension aims at. */
static void parse_targets(spec_ctx *c, const yaml_node_t *value)
{
    if (value->type != YAML_MAPPING_NODE) {
        spec_error(c, value, "key 'targets' must map dimension keys to "
                             "target scores, e.g. {reliability: 4.5}");
        return;
    }
    for (yaml_node_pair_t *p = value->data.mapping.pairs.start;
         p < value->data.mapping.pairs.top; p++) {
        yaml_node_t *k = spec_node_at(c, p->key), *v = spec_node_at(c, p->value);
        const char *key = spec_scalar_text(c, k, "targets");
        const char *num = spec_scalar_text(c, v, "targets");
        if (!key || !num)
            continue;
        size_t d = 0;
        while (d < c->spec->n_dimensions &&
               strcmp(c->spec->dimensions[d].key, key) != 0)
            d++;
        char *end;
        double t = strtod(num, &end);
        if (d == c->spec->n_dimensions)
            spec_error(c, k, "key 'targets': %s is not a dimension key", key);
        else if (*end || end == num)
            spec_error(c, v, "key 'targets': '%s' is not a number", num);
        else
            c->spec->dimensions[d].target = t;
    }
}

/* `priorities: {performance: mean|top_box, quadrants: means|midpoint}`. */
static void parse_priorities(spec_ctx *c, const yaml_node_t *value)
{
    sp_spec *s = c->spec;
    if (value->type != YAML_MAPPING_NODE) {
        spec_error(c, value, "key 'priorities' must be a mapping, e.g. "
                             "{performance: mean, quadrants: means}");
        return;
    }
    for (yaml_node_pair_t *p = value->data.mapping.pairs.start;
         p < value->data.mapping.pairs.top; p++) {
        const char *key = spec_scalar_text(c, spec_node_at(c, p->key),
                                           "priorities");
        yaml_node_t *v = spec_node_at(c, p->value);
        const char *t = spec_scalar_text(c, v, "priorities");
        if (!key || !t)
            continue;
        if (strcmp(key, "performance") == 0 &&
            (strcmp(t, "mean") == 0 || strcmp(t, "top_box") == 0))
            s->priority_top_box = strcmp(t, "top_box") == 0;
        else if (strcmp(key, "quadrants") == 0 &&
                 (strcmp(t, "means") == 0 || strcmp(t, "midpoint") == 0))
            s->quadrants_midpoint = strcmp(t, "midpoint") == 0;
        else
            spec_error(c, v, "key 'priorities': %s: %s is not one of "
                             "performance: mean|top_box, quadrants: "
                             "means|midpoint", key, t);
    }
}

/* Keys given twice in any mapping of the document, each reported at its
 * second place: YAML parsers differ on which one wins, so a spec must not
 * depend on it. Returns how many. */
static size_t repeated_keys(spec_ctx *c, yaml_document_t *doc)
{
    size_t repeated = 0;
    for (yaml_node_t *m = doc->nodes.start; m < doc->nodes.top; m++) {
        if (m->type != YAML_MAPPING_NODE)
            continue;
        for (yaml_node_pair_t *p = m->data.mapping.pairs.start;
             p < m->data.mapping.pairs.top; p++) {
            const yaml_node_t *k = yaml_document_get_node(doc, p->key);
            if (!k || k->type != YAML_SCALAR_NODE)
                continue;
            for (yaml_node_pair_t *q = m->data.mapping.pairs.start; q < p;
                 q++) {
                const yaml_node_t *e = yaml_document_get_node(doc, q->key);
                if (e && e->type == YAML_SCALAR_NODE &&
                    e->data.scalar.length == k->data.scalar.length &&
                    memcmp(e->data.scalar.value, k->data.scalar.value,
                           k->data.scalar.length) == 0) {
                    spec_error(c, k,
                               "key '%.*s' is given twice (first on line "
                               "%ld); keep one",
                               (int)(k->data.scalar.length > 60
                                         ? 60
                                         : k->data.scalar.length),
                               (const char *)k->data.scalar.value,
                               spec_node_line(e));
                    repeated++;
                    break;
                }
            }
        }
    }
    return repeated;
}

static void parse_root(spec_ctx *c, const yaml_node_t *root)
{
    sp_spec *s = c->spec;
    const yaml_node_t *scale = NULL, *dimensions = NULL, *required = NULL,
                      *cleaning = NULL, *targets = NULL, *recovery = NULL,
                      *kano = NULL;
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
         p < root->data.mapping.pairs.top; p++) {
        yaml_node_t *k = spec_node_at(c, p->key), *v = spec_node_at(c, p->value);
        const char *key = spec_scalar_text(c, k, "(top level)");
        if (!key)
            continue;
        if (strcmp(key, "title") == 0)
            spec_scalar_copy(c, v, key, &s->title);
        else if (strcmp(key, "language") == 0) {
            if (spec_scalar_copy(c, v, key, &s->language) &&
                strcmp(s->language, "en") != 0 &&
                strcmp(s->language, "zh-CN") != 0)
                spec_error(c, v, "key 'language': '%s' is not supported; "
                                 "use en or zh-CN", s->language);
        } else if (strcmp(key, "scale") == 0) {
            scale = v;
            parse_scale(c, v);
        } else if (strcmp(key, "top_box") == 0) {
            if (spec_scalar_int(c, v, key, &s->top_box) &&
                (s->top_box < 1 || s->top_box > 5))
                spec_error(c, v, "key 'top_box': %d is not 1 to 5 points",
                           s->top_box);
        } else if (strcmp(key, "min_base") == 0) {
            if (spec_scalar_int(c, v, key, &s->min_base) && s->min_base < 2)
                spec_error(c, v, "key 'min_base': %d is below 2",
                           s->min_base);
        } else if (strcmp(key, "missing") == 0)
            parse_missing(c, v);
        else if (strcmp(key, "labels") == 0)
            parse_labels(c, v);
        else if (strcmp(key, "segments") == 0)
            parse_segments(c, v);
        else if (strcmp(key, "dimensions") == 0)
            dimensions = v;
        else if (strcmp(key, "required") == 0)
            required = v;
        else if (strcmp(key, "cleaning") == 0)
            cleaning = v;
        else if (strcmp(key, "targets") == 0)
            targets = v;
        else if (strcmp(key, "priorities") == 0)
            parse_priorities(c, v);
        else if (strcmp(key, "recovery") == 0)
            recovery = v;
        else if (strcmp(key, "kano") == 0)
            kano = v;
        else if (strcmp(key, "layout") == 0) {
            if (spec_scalar_copy(c, v, key, &s->layout))
                s->layout_line = spec_node_line(v);
        } else if (strcmp(key, "encoding") == 0) {
            if (spec_scalar_copy(c, v, key, &s->encoding))
                s->encoding_line = spec_node_line(v);
        }
        else {
            const spec_column_key *ck = spec_find_column_key(key);
            if (ck)
                parse_single_column(c, v, ck->role,
                                    (size_t *)((char *)s + ck->offset));
            else
                spec_warn_unknown_key(c->diag, c->file, spec_node_line(k), key,
                                      spec_top_keys);
        }
    }
    /* Dimensions last, so that their items are checked against every
     * single-column role whatever the order of keys in the file. */
    if (dimensions)
        parse_dimensions(c, dimensions);
    if (required)
        parse_required(c, required);
    if (cleaning)
        spec_parse_cleaning(c, cleaning);
    if (targets)
        parse_targets(c, targets);
    if (kano)
        spec_parse_kano(c, kano);
    if (!scale)
        spec_error(c, root, "required key 'scale' is missing; add e.g. "
                            "'scale: [1, 5]'");
    if (!dimensions)
        spec_error(c, root, "required key 'dimensions' is missing; list the "
                            "dimensions with their items");
    if (!s->min_base)
        s->min_base = 30;
    if (!s->top_box)
        s->top_box = s->scale_max - s->scale_min + 1 >= 7 ? 3 : 2;
    /* After the scale and the box: the default threshold is the bottom box. */
    s->recovery.overall_at_most = s->scale_min + s->top_box - 1;
    if (recovery)
        spec_parse_recovery(c, recovery);
    /* Answer ranges are known only once the scale is read. */
    for (size_t i = 0; i < s->n_variables; i++) {
        sp_variable *v = &s->variables[i];
        if (v->role == SP_ROLE_NPS) {
            v->min = 0;
            v->max = 10;
        } else {
            v->min = s->scale_min;
            v->max = s->scale_max;
        }
    }
    /* A missing code that is also a scale point hides real answers. (On the
     * 0-10 NPS item, codes inside 0-10 stay answers: see values.c.) */
    for (size_t i = 0; i < s->n_missing; i++) {
        int m = s->missing[i];
        if (scale && m >= s->scale_min && m <= s->scale_max)
            sp_diag_add(c->diag, SP_WARNING, c->file, spec_node_line(root), 0,
                        "key 'missing': code %d is also a point of the scale "
                        "[%d, %d]; those answers will count as no answer",
                        m, s->scale_min, s->scale_max);
    }
}

static sp_spec *spec_new(void)
{
    sp_spec *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->id = s->duration = s->weight = s->wave = s->overall = s->nps =
        s->comment = s->contact = s->consent = SP_NO_VARIABLE;
    s->cleaning = (sp_cleaning_config){
        .speeders = 1, .speeder_fraction = 1.0 / 3.0, .straightlining = 1,
        .grid_min_items = 4, .duplicates = 1, .keep_latest = 1,
        .invalid = 1, .max_invalid = 3, .answered = 1, .min_answered = 0.5,
        .platform_flags = 1, .max_excluded = 0.25};
    s->recovery.nps_at_most = 6;
    return s;
}

void sp_spec_free(sp_spec *spec)
{
    if (!spec)
        return;
    free(spec->path);
    free(spec->title);
    free(spec->language);
    free(spec->layout);
    free(spec->encoding);
    free(spec->missing);
    for (size_t i = 0; i < spec->n_labels; i++)
        free(spec->labels[i].text);
    free(spec->labels);
    for (size_t i = 0; i < spec->n_dimensions; i++) {
        free(spec->dimensions[i].key);
        free(spec->dimensions[i].label);
        free(spec->dimensions[i].items);
        free(spec->dimensions[i].reversed);
        free(spec->dimensions[i].expectations);
    }
    free(spec->dimensions);
    for (size_t i = 0; i < spec->n_variables; i++) {
        free(spec->variables[i].name);
        free(spec->variables[i].context);
    }
    free(spec->variables);
    free(spec->segments);
    free(spec->cleaning.attention);
    for (size_t i = 0; i < spec->n_kano; i++)
        free(spec->kano[i].feature);
    free(spec->kano);
    free(spec->text);
    free(spec);
}

static sp_error fill_defaults(sp_spec *s)
{
    if (!s->title && !(s->title = sp_strdup("Customer satisfaction")))
        return SP_ERR_NOMEM;
    if (!s->language && !(s->language = sp_strdup("en")))
        return SP_ERR_NOMEM;
    return SP_OK;
}

sp_error sp_spec_load_buffer(const char *name, const char *text, size_t len,
                             sp_spec **out, sp_diag *diag)
{
    *out = NULL;
    yaml_parser_t parser;
    yaml_document_t doc;
    sp_error ret = SP_OK;
    int have_doc = 0;
    spec_ctx c = {.file = name, .doc = &doc, .diag = diag};

    if (!yaml_parser_initialize(&parser))
        return SP_ERR_NOMEM;
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    if (!yaml_parser_load(&parser, &doc)) {
        sp_diag_add(diag, SP_ERROR, name, (long)parser.problem_mark.line + 1,
                    (long)parser.problem_mark.column + 1,
                    "YAML syntax: %s%s%s; check indentation and quoting",
                    parser.problem ? parser.problem : "unreadable",
                    parser.context ? " " : "",
                    parser.context ? parser.context : "");
        ret = parser.error == YAML_MEMORY_ERROR ? SP_ERR_NOMEM : SP_ERR_SPEC;
        goto cleanup;
    }
    have_doc = 1;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root || root->type != YAML_MAPPING_NODE) {
        sp_diag_add(diag, SP_ERROR, name, root ? spec_node_line(root) : 1, 0,
                    "the spec must be a YAML mapping of keys (title, scale, "
                    "dimensions, ...); see 'man satpipe'");
        ret = SP_ERR_SPEC;
        goto cleanup;
    }
    if (!(c.spec = spec_new()) || !(c.spec->path = sp_strdup(name)) ||
        !(c.spec->text = sp_strndup(text, len))) {
        ret = SP_ERR_NOMEM;
        goto cleanup;
    }
    if (repeated_keys(&c, &doc) == 0)
        parse_root(&c, root);
    if (c.nomem || fill_defaults(c.spec) != SP_OK)
        ret = SP_ERR_NOMEM;
    else if (c.failed)
        ret = SP_ERR_SPEC;

cleanup:
    if (have_doc)
        yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    if (ret == SP_OK)
        *out = c.spec;
    else
        sp_spec_free(c.spec);
    return ret;
}

sp_error sp_spec_load(const char *path, sp_spec **out, sp_diag *diag)
{
    *out = NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        sp_diag_add(diag, SP_ERROR, path, 0, 0,
                    "cannot open the survey spec: %s; give its path with -s",
                    strerror(errno));
        return SP_ERR_IO;
    }
    char *text = malloc(SPEC_MAX_BYTES + 1);
    size_t len = text ? fread(text, 1, SPEC_MAX_BYTES + 1, fp) : 0;
    int read_error = ferror(fp);
    fclose(fp);
    sp_error ret;
    if (!text)
        ret = SP_ERR_NOMEM;
    else if (read_error) {
        sp_diag_add(diag, SP_ERROR, path, 0, 0,
                    "cannot read the survey spec");
        ret = SP_ERR_IO;
    } else if (len > SPEC_MAX_BYTES) {
        sp_diag_add(diag, SP_ERROR, path, 0, 0,
                    "the survey spec is larger than 1 MiB; is this the "
                    "right file?");
        ret = SP_ERR_SPEC;
    } else
        ret = sp_spec_load_buffer(path, text, len, out, diag);
    free(text);
    return ret;
}
