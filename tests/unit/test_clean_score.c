/* test_clean_score.c - exclusion (read = valid + excluded) and respondent
 * scores: reverse coding and the half-answered rule, checked against
 * values worked out by hand in the comments. */
#include "test_util.h"

#include <stdio.h>
#include <string.h>

#include "satpipe/analyze.h"
#include "satpipe/clean.h"
#include "satpipe/ingest.h"
#include "satpipe/score.h"

static const char spec_text[] =
    "scale: [1, 5]\n"
    "missing: [99]\n"
    "overall: sat\n"
    "cleaning: {min_answered: false}\n"   /* sparse rows on purpose */
    "dimensions:\n"
    "  - key: a\n"
    "    items: [A1, A2, A3, A4]\n"
    "    reverse: [A2]\n"
    "  - key: b\n"
    "    items: [B1, B2, B3]\n";

static const char csv[] =
    "A1,A2,A3,A4,B1,B2,B3,sat\n"
    "5,1,4,4,2,3,,4\n"      /* a: (5+5+4+4)/4 = 4.5; b: (2+3)/2 = 2.5 */
    "3,,,,1,,,2\n"          /* a: 1 of 4 answered < half: none; b: 1 of 3: none */
    ",,,,,,,\n"             /* nothing answered: excluded */
    "2,5,,99,4,4,5,\n"      /* a: (2+1)/2 = 1.5 (2 of 4 is half); b: 13/3 */
    ",,,,,,,3\n";           /* overall alone keeps the response */

/* Spec text `yaml` and CSV text read into a new dataset. */
static sp_dataset *read_with(const char *yaml, const char *text,
                             sp_spec **spec, sp_diag *diag)
{
    assert_int_equal(sp_spec_load_buffer("s.yaml", yaml, strlen(yaml), spec,
                                         diag),
                     SP_OK);
    sp_dataset *ds = sp_dataset_new(*spec);
    assert_int_equal(sp_ingest_buffer(ds, "x.csv", text, strlen(text), diag),
                     SP_OK);
    return ds;
}

/* The spec above and text read into a new dataset. */
static sp_dataset *read_csv(const char *text, sp_spec **spec, sp_diag *diag)
{
    return read_with(spec_text, text, spec, diag);
}

static void excluded_and_scored(void **state)
{
    (void)state;
    sp_diag *diag = sp_diag_new();
    sp_spec *spec;
    sp_dataset *ds = read_csv(csv, &spec, diag);
    sp_cleaning *c;
    assert_int_equal(sp_clean_run(ds, 1, &c, diag), SP_OK);
    assert_int_equal(c->read, 5);
    assert_int_equal(c->valid, 4);
    assert_int_equal(c->excluded[SP_EXCLUDE_NO_ANSWERS], 1);
    assert_int_equal(c->reason[2], SP_EXCLUDE_NO_ANSWERS);
    assert_int_equal(c->read, c->valid + c->excluded[SP_EXCLUDE_NO_ANSWERS]);
    assert_string_equal(sp_exclusion_key(SP_EXCLUDE_NO_ANSWERS), "no_answers");

    sp_scores *s;
    assert_int_equal(sp_score_run(ds, c, &s), SP_OK);
    /* A 1-5 scale: a table of the means that can occur, a byte a cell. */
    assert_non_null(s->dimension.index8);
    assert_near(sp_score_dimension(s, 0, 0), 4.5, 1e-15);
    assert_near(sp_score_dimension(s, 1, 0), 2.5, 1e-15);
    assert_true(isnan(sp_score_dimension(s, 0, 1)));
    assert_true(isnan(sp_score_dimension(s, 1, 1)));
    assert_true(isnan(sp_score_dimension(s, 0, 2)));
    assert_near(sp_score_dimension(s, 0, 3), 1.5, 1e-15);
    assert_near(sp_score_dimension(s, 1, 3), 13.0 / 3.0, 1e-15);
    assert_true(isnan(sp_score_dimension(s, 0, 4)));
    /* Reverse coding: A2 answered 1 reads 5, answered 5 reads 1. */
    assert_near(sp_score_item(ds, 0, 1, 0), 5.0, 0);
    assert_near(sp_score_item(ds, 0, 1, 3), 1.0, 0);
    assert_near(sp_score_item(ds, 0, 0, 0), 5.0, 0);
    assert_true(isnan(sp_score_item(ds, 0, 3, 3)));   /* 99: missing */
    sp_scores_free(s);
    sp_cleaning_free(c);
    sp_dataset_free(ds);
    sp_spec_free(spec);
    sp_diag_free(diag);
}

/* Scoring every row while cleaning runs, then unscoring the excluded
 * ones, must give the scores of the valid rows alone. The ragged last row
 * (9 fields) is excluded but has answers: all 5s, so a = b = 5 until it is
 * dropped. */
static void scoring_all_rows_then_dropping_the_excluded(void **state)
{
    (void)state;
    static const char more[] =
        "A1,A2,A3,A4,B1,B2,B3,sat\n"
        "5,1,4,4,2,3,,4\n"
        "5,1,5,5,5,5,5,5,extra\n";
    sp_diag *diag = sp_diag_new();
    sp_spec *spec;
    sp_dataset *ds = read_csv(more, &spec, diag);
    sp_cleaning *c;
    assert_int_equal(sp_clean_run(ds, 2, &c, diag), SP_OK);
    assert_int_equal(c->reason[1], SP_EXCLUDE_RAGGED);
    sp_scores *all, *valid;
    assert_int_equal(sp_score_run(ds, NULL, &all), SP_OK);
    assert_int_equal(sp_score_run(ds, c, &valid), SP_OK);
    assert_near(sp_score_dimension(all, 0, 1), 5.0, 0);
    assert_near(sp_score_dimension(all, 1, 1), 5.0, 0);
    sp_scores_drop_excluded(all, c);
    for (size_t d = 0; d < 2; d++)
        for (size_t row = 0; row < 2; row++) {
            double x = sp_score_dimension(all, d, row);
            double y = sp_score_dimension(valid, d, row);
            assert_true(isnan(x) == isnan(y));
            if (!isnan(y))
                assert_near(x, y, 0);
        }
    assert_true(isnan(sp_score_dimension(all, 0, 1)));
    assert_near(sp_score_dimension(all, 0, 0), 4.5, 0);
    sp_scores_free(all);
    sp_scores_free(valid);
    sp_cleaning_free(c);
    sp_dataset_free(ds);
    sp_spec_free(spec);
    sp_diag_free(diag);
}

/* Scores are kept as indexes into each dimension's table of possible
 * means; 30 items on a 0-100 scale can have (3000 + 1) x 31 of them, more
 * than 65,535, so the scores are kept as numbers instead: the same
 * figures either way. By hand: row 1 answers 0, 1, ..., 29: mean 14.5;
 * row 2 answers 7 to the first 15 items (half of 30): mean 7. */
static void a_wide_scale_keeps_its_scores_as_numbers(void **state)
{
    (void)state;
    char spec_buf[512] = "scale: [0, 100]\nmissing: []\n"
                         "cleaning: {min_answered: false, "
                         "straightlining: false}\n"
                         "dimensions:\n  - key: w\n    items: [";
    char csv_buf[512] = "", row1[256] = "", row2[256] = "";
    for (int i = 1; i <= 30; i++) {
        char name[16];
        snprintf(name, sizeof name, "X%d", i);
        strcat(spec_buf, name);
        strcat(spec_buf, i < 30 ? ", " : "]\n");
        strcat(csv_buf, name);
        strcat(csv_buf, i < 30 ? "," : "\n");
        snprintf(row1 + strlen(row1), sizeof row1 - strlen(row1), "%d%s",
                 i - 1, i < 30 ? "," : "\n");
        snprintf(row2 + strlen(row2), sizeof row2 - strlen(row2), "%s%s",
                 i <= 15 ? "7" : "", i < 30 ? "," : "\n");
    }
    strcat(csv_buf, row1);
    strcat(csv_buf, row2);
    sp_diag *diag = sp_diag_new();
    sp_spec *spec;
    sp_dataset *ds = read_with(spec_buf, csv_buf, &spec, diag);
    sp_scores *s;
    assert_int_equal(sp_score_run(ds, NULL, &s), SP_OK);
    assert_false(sp_score_set_indexed(&s->dimension));   /* too wide */
    assert_near(sp_score_dimension(s, 0, 0), 14.5, 0);
    assert_near(sp_score_dimension(s, 0, 1), 7, 0);
    sp_scores_free(s);
    sp_dataset_free(ds);
    sp_spec_free(spec);
    sp_diag_free(diag);
}

/* 20 items on 1..11: more possible means (1,661 pairs of sum and
 * answered with at least 10 answers) than a byte indexes, so two bytes a
 * cell. Row 1 answers every item 11 (mean 11), row 2 ten items 1 and row 3
 * nine (fewer than half: no score); row 4 ten items 2, ten 3 (2.5). */
static void many_items_take_two_byte_indexes(void **state)
{
    (void)state;
    char spec_buf[600] = "scale: [1, 11]\ndimensions:\n  - key: d\n"
                         "    items: [";
    char csv_buf[2000] = "";
    char rows[4][200] = {"", "", "", ""};
    for (int i = 1; i <= 20; i++) {
        const char *sep = i < 20 ? "," : "\n";
        snprintf(spec_buf + strlen(spec_buf), sizeof spec_buf - strlen(spec_buf),
                 "B%d%s", i, i < 20 ? ", " : "]\n");
        snprintf(csv_buf + strlen(csv_buf), sizeof csv_buf - strlen(csv_buf),
                 "B%d%s", i, sep);
        const char *cells[4] = {"11", i <= 10 ? "1" : "", i <= 9 ? "1" : "",
                                i <= 10 ? "2" : "3"};
        for (int r = 0; r < 4; r++)
            snprintf(rows[r] + strlen(rows[r]), sizeof rows[r] - strlen(rows[r]),
                     "%s%s", cells[r], sep);
    }
    for (int r = 0; r < 4; r++)
        strcat(csv_buf, rows[r]);
    sp_diag *diag = sp_diag_new();
    sp_spec *spec;
    sp_dataset *ds = read_with(spec_buf, csv_buf, &spec, diag);
    sp_scores *s;
    assert_int_equal(sp_score_run(ds, NULL, &s), SP_OK);
    assert_null(s->dimension.index8);
    assert_non_null(s->dimension.index16);
    assert_int_equal(s->dimension.size[0], 1 + 1661);
    assert_near(sp_score_dimension(s, 0, 0), 11, 0);
    assert_near(sp_score_dimension(s, 0, 1), 1, 0);
    assert_true(isnan(sp_score_dimension(s, 0, 2)));
    assert_near(sp_score_dimension(s, 0, 3), 2.5, 0);
    sp_scores_free(s);
    sp_dataset_free(ds);
    sp_spec_free(spec);
    sp_diag_free(diag);
}

/* NAN after every number, as the recovery list orders them. */
static int figure_order(double a, double b)
{
    if (isnan(a) || isnan(b))
        return isnan(a) - isnan(b);
    return (a > b) - (a < b);
}

/* The recovery list of 3,000 responses (answers from a fixed linear
 * congruential sequence, so that quicksort's partitions and its short
 * runs are both used) comes out worst first: each case is at or before
 * the next by overall, then NPS, then lowest dimension score, then row,
 * checked pair by pair; and every listed row is a detractor or in the
 * bottom box, each once. */
static void recovery_list_is_worst_first(void **state)
{
    (void)state;
    static const char yaml[] = "scale: [1, 5]\noverall: sat\nnps: rec\n"
                               "cleaning: {straightlining: false}\n"
                               "dimensions:\n  - {key: a, items: [A1, A2]}\n"
                               "  - {key: b, items: [B1, B2]}\n";
    size_t cap = 64 + 3000 * 24, used = 0;
    char *text = malloc(cap);
    used += (size_t)snprintf(text, cap, "sat,rec,A1,A2,B1,B2\n");
    unsigned x = 12345;
    for (int k = 0; k < 3000; k++) {
        int v[6];
        for (int i = 0; i < 6; i++) {
            x = x * 1103515245u + 12345u;
            v[i] = (int)((x >> 16) % (i == 1 ? 11 : 5)) + (i == 1 ? 0 : 1);
        }
        used += (size_t)snprintf(text + used, cap - used, "%d,%d,%d,%d,%d,%d\n",
                                 v[0], v[1], v[2], v[3], v[4], v[5]);
    }
    sp_diag *diag = sp_diag_new();
    sp_spec *spec;
    sp_dataset *ds = read_with(yaml, text, &spec, diag);
    free(text);
    sp_cleaning *c;
    sp_scores *s;
    assert_int_equal(sp_clean_run(ds, 1, &c, diag), SP_OK);
    assert_int_equal(sp_score_run(ds, c, &s), SP_OK);
    sp_recovery r = {0};
    assert_int_equal(sp_recovery_compute(ds, c, s, &r), SP_OK);
    assert_true(r.n_cases > 1000);
    uint8_t *seen = calloc(ds->n_rows, 1);
    sp_text_buf bufs[2] = {{0}};
    double prev[4] = {0};
    for (size_t i = 0; i < r.n_cases; i++) {
        sp_recovery_row at;
        assert_int_equal(sp_recovery_case_row(&r, &r.cases[i], bufs, &at),
                         SP_OK);
        size_t row = r.cases[i].row;
        assert_false(seen[row]);
        seen[row] = 1;
        assert_true(at.overall <= 2 || at.nps <= 6);
        double key[4] = {at.overall, at.nps, at.lowest_score, (double)row};
        int order = 0;
        for (int k = 0; i > 0 && k < 4 && !order; k++)
            order = figure_order(prev[k], key[k]);
        assert_true(i == 0 || order < 0);
        memcpy(prev, key, sizeof prev);
    }
    free(seen);
    sp_recovery_clear(&r);
    sp_scores_free(s);
    sp_cleaning_free(c);
    sp_dataset_free(ds);
    sp_spec_free(spec);
    sp_diag_free(diag);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(excluded_and_scored),
        cmocka_unit_test(scoring_all_rows_then_dropping_the_excluded),
        cmocka_unit_test(a_wide_scale_keeps_its_scores_as_numbers),
        cmocka_unit_test(many_items_take_two_byte_indexes),
        cmocka_unit_test(recovery_list_is_worst_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
