/* test_clean.c - each exclusion rule on a hand-made fixture, asserting
 * exactly which responses it catches; medians and thresholds are worked
 * out by hand in the comments. */
#include "test_util.h"

#include <string.h>

#include "ingest/ingest_internal.h"
#include "satpipe/clean.h"
#include "satpipe/ingest.h"

typedef struct fixture {
    sp_diag *diag;
    sp_spec *spec;
    sp_dataset *ds;
    sp_cleaning *cl;
} fixture;

/* Loads spec and csv (one file, or two joined by "\f"), ingests them. */
static void load(fixture *f, const char *spec, const char *csv)
{
    *f = (fixture){.diag = sp_diag_new()};
    assert_int_equal(sp_spec_load_buffer("s.yaml", spec, strlen(spec),
                                         &f->spec, f->diag),
                     SP_OK);
    f->ds = sp_dataset_new(f->spec);
    const char *part = csv;
    for (int k = 1; part; k++) {
        const char *end = strchr(part, '\f');
        char name[16];
        snprintf(name, sizeof name, "f%d.csv", k);
        size_t len = end ? (size_t)(end - part) : strlen(part);
        assert_int_equal(sp_ingest_buffer(f->ds, name, part, len, f->diag),
                         SP_OK);
        part = end ? end + 1 : NULL;
    }
}

static void clean(fixture *f)
{
    assert_int_equal(sp_clean_run(f->ds, 2, &f->cl, f->diag), SP_OK);
    size_t excluded = 0;
    for (int r = 1; r < SP_EXCLUDE__COUNT; r++)
        excluded += f->cl->excluded[r];
    assert_int_equal(f->cl->read, f->cl->valid + excluded);
}

static void done(fixture *f)
{
    sp_cleaning_free(f->cl);
    sp_dataset_free(f->ds);
    sp_spec_free(f->spec);
    sp_diag_free(f->diag);
}

/* Asserts the first reason of every row. */
static void assert_reasons(const fixture *f, const sp_exclusion *want,
                           size_t n)
{
    assert_int_equal(f->ds->n_rows, n);
    for (size_t r = 0; r < n; r++)
        if (f->cl->reason[r] != want[r])
            fail_msg("row %zu: reason %s, expected %s", r,
                     sp_exclusion_key(f->cl->reason[r]),
                     sp_exclusion_key(want[r]));
}

#define K SP_KEEP
#define REASONS(...) (const sp_exclusion[]){__VA_ARGS__}, \
    sizeof((const sp_exclusion[]){__VA_ARGS__}) / sizeof(sp_exclusion)

/* Items vary across rows so that no other rule interferes. */
static const char speed_spec[] =
    "scale: [1, 5]\nduration: secs\ncleaning: {straightlining: false}\n"
    "dimensions:\n  - {key: a, items: [A1, A2]}\n";

static void speeders(void **state)
{
    (void)state;
    fixture f;
    /* Median of 300 310 320 90 330 50 100 is 300: a third is 100. */
    const char csv[] = "A1,A2,secs\n1,2,300\n2,3,310\n3,4,320\n4,5,90\n"
                       "5,4,330\n4,3,50\n3,2,100\n";
    load(&f, speed_spec, csv);
    clean(&f);
    assert_near(f.cl->median_duration, 300, 0);
    assert_near(f.cl->speeder_seconds, 100, 1e-12);
    assert_reasons(&f, REASONS(K, K, K, SP_EXCLUDE_SPEEDER, K,
                               SP_EXCLUDE_SPEEDER, K));
    done(&f);
    /* An absolute floor above a third of the median: 100 s is too fast. */
    char spec[256];
    snprintf(spec, sizeof spec, "%s", speed_spec);
    strcpy(strstr(spec, "cleaning"), "cleaning: {straightlining: false, "
           "speeders: {min_seconds: 120}}\ndimensions:\n"
           "  - {key: a, items: [A1, A2]}\n");
    load(&f, spec, csv);
    clean(&f);
    assert_near(f.cl->speeder_seconds, 120, 0);
    assert_reasons(&f, REASONS(K, K, K, SP_EXCLUDE_SPEEDER, K,
                               SP_EXCLUDE_SPEEDER, SP_EXCLUDE_SPEEDER));
    done(&f);
    /* Switched off, and with no durations at all: nobody. */
    load(&f, "scale: [1, 5]\nduration: secs\ncleaning: {speeders: false}\n"
             "dimensions:\n  - {key: a, items: [A1, A2]}\n", csv);
    clean(&f);
    assert_true(isnan(f.cl->speeder_seconds));
    assert_int_equal(f.cl->excluded[SP_EXCLUDE_SPEEDER], 0);
    done(&f);
}

/* The median of whole-second durations is found from counts of their
 * high and low 16 bits, without a copy, from 65,536 rows on (before, from
 * a copy): across buckets (70,000 and 131,077 lie past 65,535), for an
 * even count (the mean of the middle two) and an odd one, and with
 * fractions (doubles), the same as sorting by hand. Each case is read as
 * is and again after 70,000 rows without a duration (not counted). */
static void median_duration_by_counts(void **state)
{
    (void)state;
    static const struct {
        const char *secs;
        double median;
    } cases[] = {
        {"70000 10 131077 3", 35005},          /* 3 10 | 70000 131077 */
        {"70000 10 131077 3 65536", 65536},    /* 3 10 65536 70000 131077 */
        {"65535 65536", 65535.5},
        {"7 7 7 9", 7},
        {"2.5 10 4", 4},                       /* not whole: doubles */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        for (int padded = 0; padded < 2; padded++) {
            fixture f;
            size_t cap = 256 + (padded ? 70000 * 8 : 0);
            char *csv = malloc(cap), secs[64];
            strcpy(csv, "A1,A2,secs\n");
            size_t used = strlen(csv);
            for (int k = 0; padded && k < 70000; k++)
                used += (size_t)snprintf(csv + used, cap - used, "%d,%d,\n",
                                         1 + k % 5, 1 + (k + 2) % 5);
            snprintf(secs, sizeof secs, "%s", cases[i].secs);
            int k = 0;
            for (char *t = strtok(secs, " "); t; t = strtok(NULL, " "), k++)
                used += (size_t)snprintf(csv + used, cap - used, "%d,%d,%s\n",
                                         1 + k % 5, 1 + (k + 2) % 5, t);
            load(&f, speed_spec, csv);
            free(csv);
            clean(&f);
            assert_near(f.cl->median_duration, cases[i].median, 0);
            done(&f);
        }
    }
}

static void straightliners(void **state)
{
    (void)state;
    fixture f;
    /* Grids: a and b (4 items); c has 2 items and is no grid. A2 is
     * reversed, which a straight-liner does not notice. */
    load(&f,
         "scale: [1, 5]\ndimensions:\n"
         "  - {key: a, items: [A1, A2, A3, A4], reverse: [A2]}\n"
         "  - {key: b, items: [B1, B2, B3, B4]}\n"
         "  - {key: c, items: [C1, C2]}\n",
         "A1,A2,A3,A4,B1,B2,B3,B4,C1,C2\n"
         "3,3,3,3,4,4,4,4,1,5\n"      /* both grids flat: caught */
         "3,3,3,3,4,4,4,5,1,5\n"      /* b varies: kept */
         "3,3,3,3,,,,,2,2\n"          /* only a answered, flat: caught */
         "3,3,3,,5,5,5,5,1,1\n"       /* a has 3 answers (no grid), b flat */
         "1,2,3,4,5,5,5,5,3,3\n");    /* a varies: kept */
    clean(&f);
    assert_reasons(&f, REASONS(SP_EXCLUDE_STRAIGHTLINER, K,
                               SP_EXCLUDE_STRAIGHTLINER,
                               SP_EXCLUDE_STRAIGHTLINER, K));
    done(&f);
    /* No dimension of 4 items: all items together make the grid. */
    load(&f, "scale: [1, 5]\ndimensions:\n  - {key: a, items: [A1, A2]}\n"
             "  - {key: b, items: [B1, B2]}\n",
         "A1,A2,B1,B2\n2,2,2,2\n2,2,2,3\n2,2,2,\n");
    clean(&f);
    assert_reasons(&f, REASONS(SP_EXCLUDE_STRAIGHTLINER, K, K));
    done(&f);
}

static void low_variability(void **state)
{
    (void)state;
    fixture f;
    /* sd of 3,3,3,4 is 0.5; of 1,3,5,3 is 1.63; min_sd 0.6. */
    load(&f, "scale: [1, 5]\ncleaning: {straightlining: {min_sd: 0.6}}\n"
             "dimensions:\n  - {key: a, items: [A1, A2, A3, A4]}\n",
         "A1,A2,A3,A4\n3,3,3,4\n1,3,5,3\n");
    clean(&f);
    assert_reasons(&f, REASONS(SP_EXCLUDE_LOW_VARIABILITY, K));
    done(&f);
}

static void duplicates_by_id(void **state)
{
    (void)state;
    fixture f;
    const char spec[] = "scale: [1, 5]\nid: rid\ncleaning: {straightlining: "
                        "false}\ndimensions:\n  - {key: a, items: [A1, A2]}\n";
    const char csv[] = "rid,A1,A2\nX,1,2\nY,2,3\nX,3,4\nZ,4,5\nX,5,4\n";
    load(&f, spec, csv);
    clean(&f);   /* latest kept: the X of line 6 */
    assert_reasons(&f, REASONS(SP_EXCLUDE_DUPLICATE, K, SP_EXCLUDE_DUPLICATE,
                               K, K));
    done(&f);
    char earliest[256];
    snprintf(earliest, sizeof earliest, "scale: [1, 5]\nid: rid\ncleaning: "
             "{straightlining: false, duplicates: {keep: earliest}}\n"
             "dimensions:\n  - {key: a, items: [A1, A2]}\n");
    load(&f, earliest, csv);
    clean(&f);
    assert_reasons(&f, REASONS(K, K, SP_EXCLUDE_DUPLICATE, K,
                               SP_EXCLUDE_DUPLICATE));
    done(&f);
    /* Submission times outrank input order: the first X is the latest. */
    load(&f, spec, csv);
    assert_int_equal(dataset_set_seconds(f.ds, &f.ds->submitted, 0, 3000),
                     SP_OK);
    assert_int_equal(dataset_set_seconds(f.ds, &f.ds->submitted, 2, 1000),
                     SP_OK);
    assert_int_equal(dataset_set_seconds(f.ds, &f.ds->submitted, 4, 2000.5),
                     SP_OK);   /* not whole: the rows turn into doubles */
    assert_non_null(f.ds->submitted.exact);
    clean(&f);
    assert_reasons(&f, REASONS(K, K, SP_EXCLUDE_DUPLICATE, K,
                               SP_EXCLUDE_DUPLICATE));
    done(&f);
}

/* 3,000 distinct ids, then R5, R1234 and R2999 again: the filter of id
 * hashes lets about one row in eight into the exact table by chance, and
 * only the three earlier rows of a repeated id are duplicates (the latest
 * is kept). */
static void duplicates_among_many_ids(void **state)
{
    (void)state;
    fixture f;
    const char spec[] = "scale: [1, 5]\nid: rid\ncleaning: {straightlining: "
                        "false}\ndimensions:\n  - {key: a, items: [A1, A2]}\n";
    size_t cap = 3003 * 20 + 20, used = 0;
    char *csv = malloc(cap);
    used += (size_t)snprintf(csv, cap, "rid,A1,A2\n");
    for (int k = 0; k < 3000; k++)
        used += (size_t)snprintf(csv + used, cap - used, "R%d,%d,%d\n", k,
                                 1 + k % 5, 1 + k / 5 % 5);
    used += (size_t)snprintf(csv + used, cap - used,
                             "R5,1,1\nR1234,2,2\nR2999,3,3\n");
    load(&f, spec, csv);
    free(csv);
    clean(&f);
    assert_int_equal(f.ds->n_rows, 3003);
    assert_int_equal(f.cl->excluded[SP_EXCLUDE_DUPLICATE], 3);
    assert_int_equal(f.cl->reason[5], SP_EXCLUDE_DUPLICATE);
    assert_int_equal(f.cl->reason[1234], SP_EXCLUDE_DUPLICATE);
    assert_int_equal(f.cl->reason[2999], SP_EXCLUDE_DUPLICATE);
    for (size_t r = 3000; r < 3003; r++)
        assert_int_equal(f.cl->reason[r], SP_KEEP);
    done(&f);
}

static void duplicates_without_id(void **state)
{
    (void)state;
    fixture f;
    /* Same answers twice in one file: one dropped. In another file, or
     * with too few answers (4 < 5), they may coincide by chance. */
    load(&f, "scale: [1, 5]\ncomment: note\ncleaning: {straightlining: false}\n"
             "dimensions:\n  - {key: a, items: [A1, A2, A3, A4, A5]}\n",
         "A1,A2,A3,A4,A5,note\n1,2,3,4,5,hi\n1,2,3,4,5,hi\n1,2,3,4,5,other\n"
         "1,2,3,4,,x\n1,2,3,4,,x\n"
         "\fA1,A2,A3,A4,A5,note\n1,2,3,4,5,hi\n");
    clean(&f);
    assert_reasons(&f, REASONS(SP_EXCLUDE_DUPLICATE, K, K, K, K, K));
    done(&f);
}

/* The same, with the notes in the cold store (300 distinct notes first,
 * so the column leaves its levels): 600 rows of one answer pattern whose
 * notes differ are not duplicates; the two that repeat row 0's answers and
 * note are (the latest kept), found through the notes' hashes and
 * compared as read back. */
static void duplicates_without_id_compare_cold_notes(void **state)
{
    (void)state;
    fixture f;
    size_t cap = 64 + 603 * 48, used = 0;
    char *text = malloc(cap);
    used += (size_t)snprintf(text, cap, "A1,A2,A3,A4,A5,note\n");
    for (int k = 0; k < 600; k++)
        used += (size_t)snprintf(text + used, cap - used,
                                 "1,2,3,4,5,note number %d\n", k % 300 + 1000 * (k / 300));
    used += (size_t)snprintf(text + used, cap - used,
                             "1,2,3,4,5,note number 0\n1,2,3,4,5,note number 0\n"
                             "1,2,3,4,5,note number 00\n");
    load(&f, "scale: [1, 5]\ncomment: note\ncleaning: {straightlining: false}\n"
             "dimensions:\n  - {key: a, items: [A1, A2, A3, A4, A5]}\n",
         text);
    free(text);
    assert_true(f.ds->columns[f.spec->comment].cold);
    clean(&f);
    assert_int_equal(f.ds->n_rows, 603);
    assert_int_equal(f.cl->excluded[SP_EXCLUDE_DUPLICATE], 2);
    assert_int_equal(f.cl->reason[0], SP_EXCLUDE_DUPLICATE);
    assert_int_equal(f.cl->reason[600], SP_EXCLUDE_DUPLICATE);
    assert_int_equal(f.cl->reason[601], SP_KEEP);
    assert_int_equal(f.cl->reason[602], SP_KEEP);
    done(&f);
}

static void attention_checks(void **state)
{
    (void)state;
    fixture f;
    load(&f, "scale: [1, 5]\ncleaning: {straightlining: false, attention: "
             "{column: AC1, expect: 2}}\n"
             "dimensions:\n  - {key: a, items: [A1, A2]}\n",
         "A1,A2,AC1\n1,2,2\n2,3,3\n3,4,\n4,5,Dissatisfied\n");
    clean(&f);   /* a skipped check fails; a label reads as its code */
    assert_reasons(&f, REASONS(K, SP_EXCLUDE_ATTENTION, SP_EXCLUDE_ATTENTION,
                               K));
    done(&f);
}

static void invalid_and_too_little(void **state)
{
    (void)state;
    fixture f;
    /* 8 items; max_invalid 3; min_answered 0.5 (4 of 8 is enough). */
    load(&f, "scale: [1, 5]\ncleaning: {straightlining: false}\n"
             "dimensions:\n  - {key: a, items: [A1, A2, A3, A4]}\n"
             "  - {key: b, items: [B1, B2, B3, B4]}\n",
         "A1,A2,A3,A4,B1,B2,B3,B4\n"
         "1,2,3,4,5,x,x,x\n"          /* 3 invalid: kept */
         "1,2,3,4,x,x,x,x\n"          /* 4 invalid: caught */
         "1,2,3,4,,,,\n"              /* 4 of 8 answered: kept */
         "1,2,3,,,,,\n");             /* 3 of 8: caught */
    clean(&f);
    assert_reasons(&f, REASONS(K, SP_EXCLUDE_INVALID_VALUES, K,
                               SP_EXCLUDE_TOO_LITTLE));
    done(&f);
}

static const char qualtrics_spec[] =
    "scale: [1, 5]\ncleaning: {straightlining: false}\n"
    "dimensions:\n  - {key: a, items: [Q1, Q2]}\n";
static const char qualtrics_csv[] =
    "StartDate,Status,Finished,ResponseId,Q1,Q2\n"
    "Start Date,Response Type,Finished,Response ID,One,Two\n"
    "x,0,True,R1,1,2\n"
    "x,0,False,R2,2,3\n"
    "x,Survey Preview,True,R3,3,4\n"
    "x,1,1,R4,4,5\n"
    "x,IP Address,0,R5,5,4\n";

static void platform_flags(void **state)
{
    (void)state;
    fixture f;
    load(&f, qualtrics_spec, qualtrics_csv);
    clean(&f);
    assert_reasons(&f, REASONS(K, SP_EXCLUDE_UNFINISHED, SP_EXCLUDE_PREVIEW,
                               SP_EXCLUDE_PREVIEW, SP_EXCLUDE_UNFINISHED));
    done(&f);
    char off[256];
    snprintf(off, sizeof off, "scale: [1, 5]\ncleaning: {straightlining: "
             "false, platform_flags: false}\ndimensions:\n"
             "  - {key: a, items: [Q1, Q2]}\n");
    load(&f, off, qualtrics_csv);
    clean(&f);
    assert_int_equal(f.cl->valid, 5);
    done(&f);
}

/* The first rule names the reason; the log keeps every rule failed. */
static void every_failed_rule_is_kept(void **state)
{
    (void)state;
    fixture f;
    load(&f, "scale: [1, 5]\nduration: secs\n"
             "dimensions:\n  - {key: a, items: [A1, A2, A3, A4]}\n",
         "A1,A2,A3,A4,secs\n2,2,2,2,10\n1,2,3,4,300\n2,3,4,5,310\n"
         "3,4,5,1,320\n");
    clean(&f);
    assert_int_equal(f.cl->reason[0], SP_EXCLUDE_SPEEDER);
    assert_int_equal(f.cl->failed[0], (1u << SP_EXCLUDE_SPEEDER) |
                                          (1u << SP_EXCLUDE_STRAIGHTLINER));
    assert_int_equal(f.cl->failed[1], 0);
    done(&f);
}

static void cleaning_spec_errors(void **state)
{
    (void)state;
    const char *bad[] = {
        "cleaning: {speeders: {fraction: 2}}\n",
        "cleaning: {duplicates: {keep: newest}}\n",
        "cleaning: {attention: {column: AC1}}\n",
        "cleaning: {max_excluded: lots}\n",
        "cleaning: [speeders]\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char spec[256];
        snprintf(spec, sizeof spec, "scale: [1, 5]\n%sdimensions:\n"
                 "  - {key: a, items: [A1]}\n", bad[i]);
        sp_diag *d = sp_diag_new();
        sp_spec *s;
        assert_int_equal(sp_spec_load_buffer("s.yaml", spec, strlen(spec),
                                             &s, d),
                         SP_ERR_SPEC);
        assert_int_equal(d->entries[0].line, 2);
        sp_diag_free(d);
    }
    sp_diag *d = sp_diag_new();
    sp_spec *s;
    const char typo[] = "scale: [1, 5]\ncleaning: {speeder: false}\n"
                        "dimensions:\n  - {key: a, items: [A1]}\n";
    assert_int_equal(sp_spec_load_buffer("s.yaml", typo, strlen(typo), &s, d),
                     SP_OK);
    assert_diag(d, SP_WARNING, 2, -1, "did you mean 'speeders'?");
    sp_spec_free(s);
    sp_diag_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(speeders),
        cmocka_unit_test(median_duration_by_counts),
        cmocka_unit_test(straightliners),
        cmocka_unit_test(low_variability),
        cmocka_unit_test(duplicates_by_id),
        cmocka_unit_test(duplicates_among_many_ids),
        cmocka_unit_test(duplicates_without_id),
        cmocka_unit_test(duplicates_without_id_compare_cold_notes),
        cmocka_unit_test(attention_checks),
        cmocka_unit_test(invalid_and_too_little),
        cmocka_unit_test(platform_flags),
        cmocka_unit_test(every_failed_rule_is_kept),
        cmocka_unit_test(cleaning_spec_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
