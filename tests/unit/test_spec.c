/* test_spec.c - the survey spec loader: what a valid spec becomes, and the
 * file:line of each kind of mistake (lines counted by hand in the YAML
 * texts below). */
#include "test_util.h"

#include <string.h>

#include "satpipe/spec.h"

static const char valid_spec[] =
    "title: Retail\n"                              /* 1 */
    "scale: [1, 5]\n"                              /* 2 */
    "missing: [0, 99]\n"                           /* 3 */
    "id: rid\n"                                    /* 4 */
    "overall: sat\n"                               /* 5 */
    "nps: rec\n"                                   /* 6 */
    "segments: [region, channel]\n"                /* 7 */
    "labels: {Very satisfied: 5, Neutral: 3}\n"    /* 8 */
    "dimensions:\n"                                /* 9 */
    "  - key: reliability\n"                       /* 10 */
    "    label: Reliability\n"                     /* 11 */
    "    items: [REL1, REL2, REL3]\n"              /* 12 */
    "    reverse: [REL3]\n"                        /* 13 */
    "  - key: empathy\n"                           /* 14 */
    "    items: [EMP1]\n";                         /* 15 */

/* Loads text; returns the error and leaves messages in *diag. */
static sp_error load(const char *text, sp_spec **spec, sp_diag **diag)
{
    *diag = sp_diag_new();
    assert_non_null(*diag);
    return sp_spec_load_buffer("s.yaml", text, strlen(text), spec, *diag);
}

static void valid_spec_is_read(void **state)
{
    (void)state;
    sp_spec *s;
    sp_diag *d;
    assert_int_equal(load(valid_spec, &s, &d), SP_OK);
    assert_int_equal(d->errors, 0);
    assert_string_equal(s->title, "Retail");
    assert_string_equal(s->language, "en");          /* default */
    assert_int_equal(s->scale_min, 1);
    assert_int_equal(s->scale_max, 5);
    assert_int_equal(s->n_missing, 2);
    assert_int_equal(s->missing[1], 99);
    assert_int_equal(s->n_labels, 2);
    assert_string_equal(s->labels[0].text, "Very satisfied");
    assert_int_equal(s->labels[0].code, 5);
    assert_int_equal(s->n_dimensions, 2);
    const sp_dimension *rel = &s->dimensions[0];
    assert_string_equal(rel->key, "reliability");
    assert_int_equal(rel->n_items, 3);
    assert_int_equal(rel->reversed[0], 0);
    assert_int_equal(rel->reversed[2], 1);
    assert_string_equal(s->variables[rel->items[2]].name, "REL3");
    assert_int_equal(s->variables[rel->items[2]].line, 12);
    assert_string_equal(s->variables[rel->items[2]].context,
                        "dimension 'reliability': item REL3");
    assert_string_equal(s->dimensions[1].label, "empathy");  /* = key */
    assert_string_equal(s->variables[s->overall].name, "sat");
    assert_int_equal(s->variables[s->overall].min, 1);
    assert_int_equal(s->variables[s->nps].max, 10);  /* NPS is 0-10 */
    assert_int_equal(s->variables[s->nps].min, 0);
    assert_int_equal(s->variables[s->id].kind, SP_VALUE_TEXT);
    assert_int_equal(s->n_segments, 2);
    assert_string_equal(s->variables[s->segments[1]].name, "channel");
    assert_int_equal(s->weight, SP_NO_VARIABLE);
    /* 4 items + overall + nps + id + 2 segments */
    assert_int_equal(s->n_variables, 9);
    sp_spec_free(s);
    sp_diag_free(d);
}

static void missing_required_keys(void **state)
{
    (void)state;
    sp_spec *s;
    sp_diag *d;
    assert_int_equal(load("title: x\n", &s, &d), SP_ERR_SPEC);
    assert_null(s);
    assert_diag(d, SP_ERROR, 1, -1, "required key 'scale' is missing");
    assert_diag(d, SP_ERROR, 1, -1, "required key 'dimensions' is missing");
    sp_diag_free(d);
}

static void each_mistake_names_its_line(void **state)
{
    (void)state;
    const char text[] =
        "scale: [5, 1]\n"                             /* 1 */
        "language: fr\n"                              /* 2 */
        "overall: REL1\n"                             /* 3 */
        "missing: [x]\n"                              /* 4 */
        "dimensions:\n"                               /* 5 */
        "  - key: reliability\n"                      /* 6 */
        "    items: [REL1, REL2]\n"                   /* 7 */
        "    reverse: [REL9]\n"                       /* 8 */
        "  - key: empty\n"                            /* 9 */
        "    items: []\n"                             /* 10 */
        "  - label: No key\n"                         /* 11 */
        "    items: [X1]\n"                           /* 12 */
        "  - key: reliability\n"                      /* 13 */
        "    items: [Y1]\n";                          /* 14 */
    sp_spec *s;
    sp_diag *d;
    assert_int_equal(load(text, &s, &d), SP_ERR_SPEC);
    assert_diag(d, SP_ERROR, 1, -1, "[5, 1] is not a rating scale");
    assert_diag(d, SP_ERROR, 2, -1, "'fr' is not supported; use en or zh-CN");
    assert_diag(d, SP_ERROR, 4, -1, "'x' is not a whole number");
    assert_diag(d, SP_ERROR, 7, -1, "column REL1 is already used (key "
                                   "'overall': column REL1, line 3)");
    assert_diag(d, SP_ERROR, 8, -1, "reverse item REL9 is not one of its items");
    assert_diag(d, SP_ERROR, 10, -1, "dimension 'empty' has an empty 'items'");
    assert_diag(d, SP_ERROR, 11, -1, "a dimension has no 'key'");
    assert_diag(d, SP_ERROR, 13, -1, "dimension 'reliability' is defined twice");
    sp_diag_free(d);
}

static void yaml_syntax_error_has_position(void **state)
{
    (void)state;
    sp_spec *s;
    sp_diag *d;
    assert_int_equal(load("scale: [1, 5\ndimensions: []\n", &s, &d),
                     SP_ERR_SPEC);
    assert_int_equal(d->errors, 1);
    assert_true(d->entries[0].line >= 1 && d->entries[0].column >= 1);
    assert_non_null(strstr(d->entries[0].message, "YAML syntax"));
    sp_diag_free(d);
    assert_int_equal(load("- just\n- a list\n", &s, &d), SP_ERR_SPEC);
    assert_diag(d, SP_ERROR, 1, -1, "must be a YAML mapping");
    sp_diag_free(d);
    assert_int_equal(load("", &s, &d), SP_ERR_SPEC);
    sp_diag_free(d);
}

static void unknown_keys_warn_with_suggestion(void **state)
{
    (void)state;
    const char text[] =
        "titel: x\n"                                  /* 1 */
        "scale: [1, 5]\n"                             /* 2 */
        "colour: blue\n"                              /* 3 */
        "dimensions:\n"                               /* 4 */
        "  - key: a\n"                                /* 5 */
        "    item: [A1]\n"                            /* 6 */
        "    items: [A1]\n";                          /* 7 */
    sp_spec *s;
    sp_diag *d;
    assert_int_equal(load(text, &s, &d), SP_OK);
    assert_int_equal(d->errors, 0);
    assert_diag(d, SP_WARNING, 1, -1, "unknown key 'titel' is ignored; did "
                                     "you mean 'title'?");
    assert_diag(d, SP_WARNING, 3, -1, "unknown key 'colour' is ignored");
    assert_null(strstr(d->entries[1].message, "did you mean"));
    assert_diag(d, SP_WARNING, 6, -1, "did you mean 'items'?");
    sp_spec_free(s);
    sp_diag_free(d);
}

static void missing_code_inside_scale_warns(void **state)
{
    (void)state;
    sp_spec *s;
    sp_diag *d;
    assert_int_equal(load("scale: [1, 5]\nmissing: [3]\ndimensions:\n"
                          "  - {key: a, items: [A1]}\n", &s, &d),
                     SP_OK);
    assert_diag(d, SP_WARNING, 1, -1, "code 3 is also a point of the scale");
    sp_spec_free(s);
    sp_diag_free(d);
}

/* A key given twice, at the top or inside a dimension, is an error at its
 * second line naming the first (found by fuzzing: a second 'labels:'
 * read the first one's freed table). Lines counted by hand. */
static void repeated_keys_are_errors(void **state)
{
    (void)state;
    sp_spec *s = NULL;
    sp_diag *d;
    assert_int_equal(load("scale: [1, 5]\n"                       /* 1 */
                          "labels: {Good: 5}\n"                    /* 2 */
                          "labels: {Bad: 1}\n"                     /* 3 */
                          "dimensions:\n"                          /* 4 */
                          "  - key: a\n"                           /* 5 */
                          "    items: [A1]\n"                      /* 6 */
                          "    key: b\n",                          /* 7 */
                          &s, &d),
                     SP_ERR_SPEC);
    assert_null(s);
    assert_int_equal(d->errors, 2);
    assert_diag(d, SP_ERROR, 3, -1, "key 'labels' is given twice (first on "
                                     "line 2); keep one");
    assert_diag(d, SP_ERROR, 7, -1, "key 'key' is given twice (first on "
                                     "line 5)");
    sp_diag_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_spec_is_read),
        cmocka_unit_test(missing_required_keys),
        cmocka_unit_test(each_mistake_names_its_line),
        cmocka_unit_test(yaml_syntax_error_has_position),
        cmocka_unit_test(repeated_keys_are_errors),
        cmocka_unit_test(unknown_keys_warn_with_suggestion),
        cmocka_unit_test(missing_code_inside_scale_warns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
