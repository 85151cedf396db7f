/* spec_internal.h - what the spec stage's files share: the loading context
 * and helpers that read YAML nodes and report problems with the spec's
 * file, line and key. Internal to the spec stage. */
#ifndef SATPIPE_SPEC_INTERNAL_H
#define SATPIPE_SPEC_INTERNAL_H

#include <yaml.h>

#include "satpipe/spec.h"

typedef struct spec_ctx {
    const char *file;
    yaml_document_t *doc;
    sp_diag *diag;
    sp_spec *spec;
    int failed;       /* a validation error was reported */
    int nomem;
    size_t var_cap, dim_cap;
} spec_ctx;

/* 1-based line of a node (0 for NULL). */
long spec_node_line(const yaml_node_t *node);
/* Reports a spec error at node's line. */
void spec_error(spec_ctx *c, const yaml_node_t *node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
yaml_node_t *spec_node_at(spec_ctx *c, int index);
/* A scalar's text, or NULL after reporting what `key` must be. */
const char *spec_scalar_text(spec_ctx *c, const yaml_node_t *node,
                             const char *key);
/* A whole number; 0 after reporting when it is not one. */
int spec_scalar_int(spec_ctx *c, const yaml_node_t *node, const char *key,
                    int *out);
/* Replaces *dst with a copy of the scalar's text; 0 on failure. */
int spec_scalar_copy(spec_ctx *c, const yaml_node_t *node, const char *key,
                     char **dst);
/* Adds a column the spec names; its index, or SP_NO_VARIABLE (reported). */
size_t spec_add_variable(spec_ctx *c, const yaml_node_t *node, sp_role role,
                         const char *owner);
/* The nodes of a list of column names (*nodes allocated); the count. */
size_t spec_column_list(spec_ctx *c, const yaml_node_t *value,
                        const char *owner, yaml_node_t ***nodes);

/* The `cleaning:` block (spec_cleaning.c). */
void spec_parse_cleaning(spec_ctx *c, const yaml_node_t *node);
/* The `recovery:` and `kano:` blocks (spec_report.c). */
void spec_parse_recovery(spec_ctx *c, const yaml_node_t *node);
void spec_parse_kano(spec_ctx *c, const yaml_node_t *node);

#endif
