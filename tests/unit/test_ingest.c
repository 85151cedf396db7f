/* test_ingest.c - reading exports: cell conversion, header matching, and
 * that messages carry the right file, line and column. Every expected code
 * and line number is read off the small CSV texts below by hand. */
#include "test_util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ingest/ingest_internal.h"
#include "satpipe/ingest.h"

static const char spec_text[] =
    "scale: [1, 5]\n"
    "missing: [0, 99]\n"
    "id: rid\n"
    "overall: sat\n"                    /* line 4 */
    "nps: rec\n"
    "labels: {Very satisfied: 5, Neutral: 3}\n"
    "dimensions:\n"
    "  - key: d\n"
    "    items: [Q1, Q2]\n";            /* line 9 */

typedef struct fixture {
    sp_spec *spec;
    sp_dataset *ds;
    sp_diag *diag;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->diag = sp_diag_new();
    if (sp_spec_load_buffer("s.yaml", spec_text, strlen(spec_text), &f->spec,
                            f->diag) != SP_OK)
        return -1;
    f->ds = sp_dataset_new(f->spec);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    sp_dataset_free(f->ds);
    sp_spec_free(f->spec);
    sp_diag_free(f->diag);
    free(f);
    return 0;
}

static sp_error ingest(fixture *f, const char *csv)
{
    return sp_ingest_buffer(f->ds, "x.csv", csv, strlen(csv), f->diag);
}

/* Variables in spec order; dimensions are read last, so their items come
 * after the single-column keys. */
enum { V_RID, V_SAT, V_REC, V_Q1, V_Q2 };

static void rating_cells_convert(void **state)
{
    (void)state;
    fixture *f = *state;
    const sp_variable *q = &f->spec->variables[V_Q1];
    const sp_variable *rec = &f->spec->variables[V_REC];
    int code = -1;
    assert_int_equal(ingest_convert_rating(f->spec, NULL, q, " 4 ", 3, &code), VALUE_OK);
    assert_int_equal(code, 4);
    assert_int_equal(ingest_convert_rating(f->spec, NULL, q, "4.0", 3, &code), VALUE_OK);
    assert_int_equal(ingest_convert_rating(f->spec, NULL, q, "Neutral", 7, &code), VALUE_OK);
    assert_int_equal(code, 3);
    assert_int_equal(ingest_convert_rating(f->spec, NULL, q, "", 0, &code), VALUE_EMPTY);
    assert_int_equal(ingest_convert_rating(f->spec, NULL, q, "  ", 2, &code), VALUE_EMPTY);
    assert_int_equal(ingest_convert_rating(f->spec, NULL, q, "99", 2, &code), VALUE_MISSING_CODE);
    assert_int_equal(ingest_convert_rating(f->spec, NULL, q, "0", 1, &code), VALUE_MISSING_CODE);
    assert_int_equal(ingest_convert_rating(f->spec, NULL, q, "6", 1, &code), VALUE_OUT_OF_RANGE);
    assert_int_equal(ingest_convert_rating(f->spec, NULL, q, "3.5", 3, &code), VALUE_INVALID);
    assert_int_equal(ingest_convert_rating(f->spec, NULL, q, "n/a", 3, &code), VALUE_INVALID);
    assert_int_equal(ingest_convert_rating(f->spec, NULL, q, "inf", 3, &code), VALUE_INVALID);
    assert_int_equal(ingest_convert_rating(f->spec, NULL, q, "nan", 3, &code), VALUE_INVALID);
    /* Labels: trimmed, ASCII case ignored; built-in 5-point labels. */
    assert_int_equal(ingest_convert_rating(f->spec, NULL, q, " neutral ", 9, &code), VALUE_OK);
    assert_int_equal(code, 3);
    assert_int_equal(ingest_convert_rating(f->spec, NULL, q, "Dissatisfied", 12, &code), VALUE_OK);
    assert_int_equal(code, 2);
    assert_int_equal(ingest_convert_rating(f->spec, NULL, q, "非常满意", strlen("非常满意"), &code), VALUE_OK);
    assert_int_equal(code, 5);
    assert_int_equal(ingest_convert_rating(f->spec, NULL, q, "Strongly agree", 14, &code), VALUE_OK);
    assert_int_equal(code, 5);
    assert_int_equal(ingest_convert_rating(f->spec, NULL, q, "5 - Very satisfied", 18, &code), VALUE_OK);
    assert_int_equal(code, 5);
    assert_int_equal(ingest_convert_rating(f->spec, NULL, q, "4分", strlen("4分"), &code), VALUE_OK);
    assert_int_equal(code, 4);
    assert_int_equal(ingest_convert_rating(f->spec, NULL, q, "Superb", 6, &code), VALUE_INVALID);
    assert_int_equal(ingest_convert_rating(f->spec, NULL, q, "4" "\xEF\xBF\xBD", 4, &code), VALUE_BAD_BYTES);
    /* On the 0-10 NPS item, 0 is an answer although it is a missing code. */
    assert_int_equal(ingest_convert_rating(f->spec, NULL, rec, "0", 1, &code), VALUE_OK);
    assert_int_equal(code, 0);
    assert_int_equal(ingest_convert_rating(f->spec, NULL, rec, "10", 2, &code), VALUE_OK);
    assert_int_equal(ingest_convert_rating(f->spec, NULL, rec, "99", 2, &code), VALUE_MISSING_CODE);
    assert_int_equal(ingest_convert_rating(f->spec, NULL, rec, "11", 2, &code), VALUE_OUT_OF_RANGE);
    /* Whole numbers take a path without strtod (values.c); these are what
     * strtod reads them as, or invalid where it would leave text over. */
    assert_int_equal(ingest_convert_rating(f->spec, NULL, q, "004", 3, &code), VALUE_OK);
    assert_int_equal(code, 4);
    assert_int_equal(ingest_convert_rating(f->spec, NULL, q, "+4", 2, &code), VALUE_OK);
    assert_int_equal(code, 4);
    assert_int_equal(ingest_convert_rating(f->spec, NULL, q, "-", 1, &code), VALUE_INVALID);
    assert_int_equal(ingest_convert_rating(f->spec, NULL, q, "4x", 2, &code), VALUE_INVALID);
    assert_int_equal(ingest_convert_rating(f->spec, NULL, q, "4e0", 3, &code), VALUE_OK);
    assert_int_equal(code, 4);
    double v;
    assert_int_equal(ingest_convert_number("-7", 2, &v), VALUE_OK);
    assert_near(v, -7, 0);
    assert_int_equal(ingest_convert_number("-0", 2, &v), VALUE_OK);
    assert_true(v == 0 && signbit(v));   /* as strtod: negative zero */
    assert_int_equal(ingest_convert_number("123456789", 9, &v), VALUE_OK);
    assert_near(v, 123456789, 0);
    assert_int_equal(ingest_convert_number("1234567890123", 13, &v), VALUE_OK);
    assert_near(v, 1234567890123.0, 0);   /* ten digits and more: strtod */
    assert_int_equal(ingest_convert_number("12.5", 4, &v), VALUE_OK);
    assert_near(v, 12.5, 0);
    assert_int_equal(ingest_convert_number("12s", 3, &v), VALUE_INVALID);
    assert_int_equal(ingest_convert_number("", 0, &v), VALUE_EMPTY);
}

static void rows_columns_and_lines(void **state)
{
    fixture *f = *state;
    /* Columns in another order than the spec, an extra column, CRLF, a
     * quoted comma, a quoted field spanning two lines. */
    const char csv[] =
        "\xEF\xBB\xBF" "extra,Q2,rid,sat,Q1,rec\r\n"          /* line 1 */
        "x,5,A1,Very satisfied,2,10\r\n"                       /* line 2 */
        "\"a, b\",99,A2,,7,0\r\n"                              /* line 3 */
        "\"two\r\nlines\",Neutral,A3,4,1,9\r\n"                /* 4-5 */
        "y,3,A4,2,abc,8\r\n";                                  /* line 6 */
    assert_int_equal(ingest(f, csv), SP_OK);
    sp_dataset *ds = f->ds;
    assert_int_equal(ds->n_rows, 4);
    assert_int_equal(ds->n_sources, 1);
    assert_int_equal(ds->sources[0].rows, 4);
    const uint32_t lines[] = {2, 3, 4, 6};
    for (int r = 0; r < 4; r++)
        assert_int_equal(sp_dataset_line(ds, r), lines[r]);
    assert_string_equal(sp_dataset_text(ds, V_RID, 2), "A3");
    assert_int_equal(sp_dataset_code(ds, V_SAT, 0), 5);
    assert_int_equal(sp_dataset_code(ds, V_SAT, 1), SP_CODE_MISSING);
    assert_int_equal(sp_dataset_code(ds, V_Q2, 1), SP_CODE_MISSING);  /* 99 */
    assert_int_equal(sp_dataset_code(ds, V_Q1, 1), SP_CODE_MISSING);  /* 7 */
    assert_int_equal(sp_dataset_code(ds, V_REC, 1), 0);
    assert_int_equal(sp_dataset_code(ds, V_Q2, 2), 3);
    assert_int_equal(sp_dataset_code(ds, V_Q1, 3), SP_CODE_MISSING);  /* abc */
    assert_int_equal(ds->invalid[0], 0);
    assert_int_equal(ds->invalid[1], 1);
    assert_int_equal(ds->invalid[3], 1);
    assert_int_equal(ds->sources[0].invalid, 2);
    assert_diag(f->diag, SP_WARNING, 3, 5, "column Q1: 7 is outside the answers 1-5");
    assert_diag(f->diag, SP_WARNING, 6, 5, "column Q1: 'abc' is neither an answer code");
}

static void lone_cr_line_ends_count_lines(void **state)
{
    fixture *f = *state;
    const char csv[] = "rid,sat,rec,Q1,Q2\rA,1,1,9,1\rB,2,2,1,1\r";
    assert_int_equal(ingest(f, csv), SP_OK);
    assert_int_equal(f->ds->n_rows, 2);
    assert_int_equal(sp_dataset_line(f->ds, 1), 3);
    assert_diag(f->diag, SP_WARNING, 2, 4, "column Q1: 9 is outside");
}

static void malformed_rows_are_marked(void **state)
{
    fixture *f = *state;
    /* Too few fields; an extra field holding something; an extra empty
     * field (a trailing comma) is fine; a NUL byte. */
    const char csv[] = "rid,sat,rec,Q1,Q2\n"
                       "A,1,1\n"                     /* line 2 */
                       "B,2,2,1,1,extra\n"           /* line 3 */
                       "C,2,2,1,1,\n"                /* line 4 */
                       "D,2,2,1\0,1\n";              /* line 5 */
    assert_int_equal(sp_ingest_buffer(f->ds, "x.csv", csv, sizeof csv - 1,
                                      f->diag),
                     SP_OK);
    sp_dataset *ds = f->ds;
    assert_int_equal(ds->n_rows, 4);
    assert_int_equal(ds->defect[0], SP_ROW_RAGGED);
    assert_int_equal(ds->defect[1], SP_ROW_RAGGED);
    assert_int_equal(ds->defect[2], SP_ROW_OK);
    assert_int_equal(ds->defect[3], SP_ROW_NUL_BYTES);
    assert_int_equal(sp_dataset_code(ds, V_Q2, 2), 1);
    assert_diag(f->diag, SP_WARNING, 2, 0, "this row has 3 fields but the "
                                           "header has 5; the response is "
                                           "excluded (ragged_row)");
    assert_diag(f->diag, SP_WARNING, 3, 0, "has 6 fields");
    assert_diag(f->diag, SP_WARNING, 5, 0, "NUL bytes");
}

static void oversized_field_is_marked(void **state)
{
    fixture *f = *state;
    size_t big = SP_MAX_FIELD_BYTES + 10;
    char *csv = malloc(big + 64);
    strcpy(csv, "rid,sat,rec,Q1,Q2\n\"");
    size_t n = strlen(csv);
    memset(csv + n, 'x', big);
    n += big;
    strcpy(csv + n, "\",1,1,1,1\nE,1,1,1,1\n");
    assert_int_equal(sp_ingest_buffer(f->ds, "x.csv", csv, strlen(csv),
                                      f->diag),
                     SP_OK);
    free(csv);
    assert_int_equal(f->ds->n_rows, 2);
    assert_int_equal(f->ds->defect[0], SP_ROW_OVERSIZED_FIELD);
    assert_null(sp_dataset_text(f->ds, V_RID, 0));   /* never copied */
    assert_int_equal(f->ds->defect[1], SP_ROW_OK);
    assert_int_equal(sp_dataset_line(f->ds, 1), 3);
}

static void twenty_thousand_columns(void **state)
{
    fixture *f = *state;
    size_t cap = 20000 * 8 + 256, n = 0;
    char *csv = malloc(cap);
    for (int c = 0; c < 20000; c++)
        n += (size_t)snprintf(csv + n, cap - n, "c%d,", c);
    n += (size_t)snprintf(csv + n, cap - n, "rid,sat,rec,Q1,Q2\n");
    for (int c = 0; c < 20000; c++)
        csv[n++] = ',';
    n += (size_t)snprintf(csv + n, cap - n, "A,4,9,5,3\n");
    assert_int_equal(sp_ingest_buffer(f->ds, "wide.csv", csv, n, f->diag),
                     SP_OK);
    free(csv);
    assert_int_equal(f->ds->n_rows, 1);
    assert_int_equal(sp_dataset_code(f->ds, V_Q2, 0), 3);
    assert_int_equal(f->ds->defect[0], SP_ROW_OK);
}

static void absent_column_points_at_spec_line(void **state)
{
    fixture *f = *state;
    const char csv[] = "rid,satisfaction,rec,Q1,Q3\nA,1,1,1,1\n";
    assert_int_equal(ingest(f, csv), SP_OK);   /* recorded, not yet judged */
    assert_int_equal(f->ds->sources[0].absent[V_SAT], 1);
    assert_int_equal(sp_ingest_check_columns(f->ds, f->diag), SP_ERR_SPEC);
    int found_sat = 0, found_q2 = 0;
    for (size_t i = 0; i < f->diag->count; i++) {
        const sp_diag_entry *e = &f->diag->entries[i];
        assert_string_equal(e->file, "s.yaml");
        if (e->line == 4 && strcmp(e->message, "key 'overall': column sat is "
                                              "not a column of x.csv") == 0)
            found_sat = 1;
        if (e->line == 9 && strcmp(e->message, "dimension 'd': item Q2 is not "
                                              "a column of x.csv (did you "
                                              "mean Q1?)") == 0)
            found_q2 = 1;
    }
    assert_true(found_sat && found_q2);
}

/* A column one file lacks: its responses are missing there, with a
 * warning; only a column no file has is an error. */
static void column_lacking_in_one_file_warns(void **state)
{
    fixture *f = *state;
    assert_int_equal(ingest(f, "rid,sat,rec,Q1,Q2\nA,1,1,1,1\n"), SP_OK);
    assert_int_equal(ingest(f, "rid,sat,Q1,Q2\nB,2,2,2\n"), SP_OK);
    assert_int_equal(sp_ingest_check_columns(f->ds, f->diag), SP_OK);
    assert_int_equal(f->diag->errors, 0);
    assert_int_equal(f->diag->warnings, 1);
    assert_non_null(strstr(f->diag->entries[0].message,
                           "lacks column rec (s.yaml, line 5): its 1 "
                           "responses count as no answer there"));
    assert_int_equal(sp_dataset_code(f->ds, V_REC, 1), SP_CODE_MISSING);
    assert_int_equal(sp_dataset_code(f->ds, V_Q1, 1), 2);
}

static void doubled_header_column_is_an_error(void **state)
{
    fixture *f = *state;
    assert_int_equal(ingest(f, "rid,sat,rec,Q1,Q2,Q1\nA,1,1,1,1,1\n"),
                     SP_ERR_INPUT);
    assert_diag(f->diag, SP_ERROR, 1, 0, "dimension 'd': item Q1 matches 2 "
                                         "columns of the header");
}

static void empty_and_header_only(void **state)
{
    fixture *f = *state;
    assert_int_equal(ingest(f, ""), SP_ERR_INPUT);
    assert_int_equal(ingest(f, "\xEF\xBB\xBF\n\n"), SP_ERR_INPUT);
    assert_non_null(strstr(f->diag->entries[0].message, "the file is empty"));
    assert_int_equal(ingest(f, "rid,sat,rec,Q1,Q2\n"), SP_OK);
    assert_int_equal(f->ds->n_rows, 0);
    assert_non_null(strstr(f->diag->entries[f->diag->count - 1].message,
                           "a header but no responses"));
}

/* libcsv reports an open quote at the end only in strict mode (switched on
 * for csv_fini alone); the cut-off record becomes one excluded row. A
 * closed quote with no final newline is fine. */
static void quote_left_open_at_end(void **state)
{
    fixture *f = *state;
    assert_int_equal(ingest(f, "rid,sat,rec,Q1,Q2\nA,1,1,1,\"1\nB,2,2,2,2\n"),
                     SP_OK);
    assert_int_equal(f->ds->n_rows, 1);
    assert_int_equal(f->ds->defect[0], SP_ROW_CUT_OFF);
    assert_diag(f->diag, SP_WARNING, 2, 0, "lines 2-3 are one broken "
                                           "response, excluded (cut_off)");
    assert_int_equal(ingest(f, "rid,sat,rec,Q1,Q2\nA,1,1,1,\"1\""), SP_OK);
    assert_int_equal(f->ds->defect[1], SP_ROW_OK);
    assert_int_equal(sp_dataset_code(f->ds, V_Q2, 1), 1);
    /* A stray quote inside unquoted text is kept, not an error. */
    assert_int_equal(ingest(f, "rid,sat,rec,Q1,Q2\n12\" screen,1,1,1,1\n"),
                     SP_OK);
    assert_string_equal(sp_dataset_text(f->ds, V_RID, 2), "12\" screen");
    /* A quote left open in the header: the file is unusable. */
    assert_int_equal(ingest(f, "rid,\"sat\nA,1\n"), SP_ERR_INPUT);
}

static void many_invalid_values_are_summarised(void **state)
{
    fixture *f = *state;
    char csv[512] = "rid,sat,rec,Q1,Q2\n";
    for (int i = 0; i < 10; i++)
        strcat(csv, "A,1,1,7,1\n");
    assert_int_equal(ingest(f, csv), SP_OK);
    size_t per_cell = 0, summary = 0;
    for (size_t i = 0; i < f->diag->count; i++) {
        if (strstr(f->diag->entries[i].message, "7 is outside"))
            per_cell++;
        if (strstr(f->diag->entries[i].message, "column Q1: 7 more invalid"))
            summary++;
    }
    assert_int_equal(per_cell, 3);
    assert_int_equal(summary, 1);
    assert_int_equal(f->ds->sources[0].invalid, 10);
}

/* Answers take 4 bits on a scale of at most 15 points, 8 bits up to 255
 * (a 101-point scale), else 16 (none a spec allows today, so only through
 * the struct); sp_dataset_code reads all the same. The codes are the
 * CSV's. */
static void codes_of_every_width_read_back(void **state)
{
    (void)state;
    static const char wide_spec[] =
        "scale: [100, 200]\n"   /* 101 points: past 4 bits */
        "dimensions:\n"
        "  - key: d\n"
        "    items: [A, B]\n";
    sp_diag *diag = sp_diag_new();
    sp_spec *spec = NULL;
    assert_int_equal(sp_spec_load_buffer("w.yaml", wide_spec,
                                         strlen(wide_spec), &spec, diag),
                     SP_OK);
    sp_dataset *ds = sp_dataset_new(spec);
    const char csv[] = "A,B\n200,100\n,127\n";
    assert_int_equal(sp_ingest_buffer(ds, "w.csv", csv, strlen(csv), diag),
                     SP_OK);
    assert_int_equal(ds->columns[0].width, SP_CODES_8BIT);
    assert_int_equal(sp_dataset_code(ds, 0, 0), 200);
    assert_int_equal(sp_dataset_code(ds, 1, 0), 100);
    assert_int_equal(sp_dataset_code(ds, 0, 1), SP_CODE_MISSING);
    assert_int_equal(sp_dataset_code(ds, 1, 1), 127);
    sp_dataset_free(ds);

    /* 16 bits: the spec's range widened by hand before the dataset. */
    spec->variables[0].min = -1000;
    spec->variables[0].max = 1000;
    ds = sp_dataset_new(spec);
    assert_int_equal(ds->columns[0].width, SP_CODES_16BIT);
    assert_int_equal(ds->columns[1].width, SP_CODES_8BIT);
    assert_int_equal(sp_ingest_buffer(ds, "w.csv", csv, strlen(csv), diag),
                     SP_OK);
    assert_int_equal(sp_dataset_code(ds, 0, 0), 200);
    assert_int_equal(sp_dataset_code(ds, 0, 1), SP_CODE_MISSING);
    sp_dataset_free(ds);
    sp_spec_free(spec);
    sp_diag_free(diag);
}

/* Two files joined: the second's 4-bit cells land at an odd row (the
 * first has 3 rows) and must be moved cell by cell, each keeping its
 * value and its missing answers. */
static void four_bit_codes_join_at_an_odd_row(void **state)
{
    fixture *f = *state;
    assert_int_equal(ingest(f, "rid,sat,rec,Q1,Q2\nR1,5,10,1,\n"
                               "R2,,0,5,99\nR3,3,7,2,4\n"),
                     SP_OK);
    sp_dataset *second = sp_dataset_new(f->spec);
    const char csv[] = "rid,sat,rec,Q1,Q2\nR4,1,,3,5\nR5,2,9,,1\n";
    assert_int_equal(sp_ingest_buffer(second, "b.csv", csv, strlen(csv),
                                      f->diag),
                     SP_OK);
    assert_int_equal(dataset_append(f->ds, second), SP_OK);
    sp_dataset_free(second);
    assert_int_equal(f->ds->n_rows, 5);
    static const int q1[] = {1, 5, 2, 3, SP_CODE_MISSING};
    static const int rec[] = {10, 0, 7, SP_CODE_MISSING, 9};
    static const int q2[] = {SP_CODE_MISSING, SP_CODE_MISSING, 4, 5, 1};
    for (size_t r = 0; r < 5; r++) {
        assert_int_equal(sp_dataset_code(f->ds, V_Q1, r), q1[r]);
        assert_int_equal(sp_dataset_code(f->ds, V_REC, r), rec[r]);
        assert_int_equal(sp_dataset_code(f->ds, V_Q2, r), q2[r]);
    }
}

/* A row's file is found from where each file's rows start: here the
 * second of three files has no rows, and its neighbours keep theirs. */
static void rows_know_their_file(void **state)
{
    fixture *f = *state;
    assert_int_equal(ingest(f, "rid,sat,rec,Q1,Q2\nR1,5,10,1,\nR2,,0,5,4\n"),
                     SP_OK);
    static const char *const csv[] = {"rid,sat,rec,Q1,Q2\n",
                                      "rid,sat,rec,Q1,Q2\nR3,1,2,3,4\n"};
    for (size_t i = 0; i < 2; i++) {
        sp_dataset *next = sp_dataset_new(f->spec);
        assert_int_equal(sp_ingest_buffer(next, i ? "c.csv" : "b.csv", csv[i],
                                          strlen(csv[i]), f->diag),
                         SP_OK);
        assert_int_equal(dataset_append(f->ds, next), SP_OK);
        sp_dataset_free(next);
    }
    assert_int_equal(f->ds->n_sources, 3);
    assert_int_equal(f->ds->n_rows, 3);
    assert_int_equal(sp_dataset_source(f->ds, 0), 0);
    assert_int_equal(sp_dataset_source(f->ds, 1), 0);
    assert_int_equal(sp_dataset_source(f->ds, 2), 2);
    assert_int_equal(f->ds->sources[1].rows, 0);
    assert_int_equal(sp_dataset_line(f->ds, 2), 2);
}

/* A CSV of the fixture's columns whose ids are prefix + k for k in
 * [from, to), every third one empty when `gaps`. Caller frees. */
static char *ids_csv(const char *prefix, int from, int to, int gaps)
{
    size_t cap = 64 + (size_t)(to - from) * 32, used = 0;
    char *csv = malloc(cap);
    used += (size_t)snprintf(csv, cap, "rid,sat,rec,Q1,Q2\n");
    for (int k = from; k < to; k++) {
        if (gaps && k % 3 == 0)
            used += (size_t)snprintf(csv + used, cap - used, ",3,5,1,2\n");
        else
            used += (size_t)snprintf(csv + used, cap - used,
                                     "%s%d,3,5,1,2\n", prefix, k);
    }
    return csv;
}

/* Checks that row base + (k - from) has id prefix + k (empty every third
 * when gaps). */
static void assert_ids(const sp_dataset *ds, size_t base, const char *prefix,
                       int from, int to, int gaps)
{
    for (int k = from; k < to; k++) {
        const char *id = sp_dataset_text(ds, V_RID, base + (size_t)(k - from));
        if (gaps && k % 3 == 0) {
            assert_null(id);
        } else {
            char want[32];
            snprintf(want, sizeof want, "%s%d", prefix, k);
            assert_non_null(id);
            assert_string_equal(id, want);
        }
    }
}

/* A text column takes a byte a row while it has at most 255 distinct
 * values, then a ref a row: the values read back the same either way, the
 * switch falling inside a file. */
static void text_levels_give_way_to_refs(void **state)
{
    fixture *f = *state;
    char *csv = ids_csv("a", 0, 200, 1);   /* 133 distinct ids */
    assert_int_equal(ingest(f, csv), SP_OK);
    free(csv);
    assert_non_null(f->ds->columns[V_RID].levels);
    assert_int_equal(f->ds->columns[V_RID].n_levels, 133);
    assert_ids(f->ds, 0, "a", 0, 200, 1);
    sp_dataset_free(f->ds);
    f->ds = sp_dataset_new(f->spec);
    csv = ids_csv("b", 0, 400, 1);   /* 266: the 256th at row 383 */
    assert_int_equal(ingest(f, csv), SP_OK);
    free(csv);
    assert_null(f->ds->columns[V_RID].levels);
    assert_non_null(f->ds->columns[V_RID].texts);
    assert_ids(f->ds, 0, "b", 0, 400, 1);
}

/* Files joined: levels stay levels while the union of values fits in 255
 * (shared values keep one level), else the column turns into refs; and a
 * file whose column has refs turns the other's into refs. */
static void text_levels_join(void **state)
{
    fixture *f = *state;
    static const struct {
        int from, to;   /* the second file's ids: "a" + k */
        int levels;     /* whether the joined column keeps levels */
        size_t n_levels;
    } joins[] = {
        {100, 250, 1, 250},   /* 0..149 then 100..249: 250 distinct */
        {100, 300, 0, 0},     /* 300 distinct */
        {0, 300, 0, 0},       /* the second file alone has refs */
    };
    for (size_t j = 0; j < sizeof joins / sizeof joins[0]; j++) {
        sp_dataset_free(f->ds);
        f->ds = sp_dataset_new(f->spec);
        char *first = ids_csv("a", 0, 150, 0);
        char *second = ids_csv("a", joins[j].from, joins[j].to, 0);
        assert_int_equal(ingest(f, first), SP_OK);
        sp_dataset *next = sp_dataset_new(f->spec);
        assert_int_equal(sp_ingest_buffer(next, "y.csv", second,
                                          strlen(second), f->diag),
                         SP_OK);
        assert_int_equal(dataset_append(f->ds, next), SP_OK);
        sp_dataset_free(next);
        free(first);
        free(second);
        sp_column *col = &f->ds->columns[V_RID];
        assert_int_equal(col->levels != NULL, joins[j].levels);
        if (joins[j].levels)
            assert_int_equal(col->n_levels, joins[j].n_levels);
        assert_ids(f->ds, 0, "a", 0, 150, 0);
        assert_ids(f->ds, 150, "a", joins[j].from, joins[j].to, 0);
    }
}

/* Durations take 4 bytes a row while whole, doubles once one is not;
 * files joined in either order read back the same. An invalid duration
 * (negative) is unknown, not stored. */
static void durations_whole_then_exact(void **state)
{
    (void)state;
    static const char text[] = "scale: [1, 5]\n"
                               "duration: secs\n"
                               "dimensions:\n"
                               "  - {key: d, items: [Q1]}\n";
    static const char *const csv[] = {"secs,Q1\n10,1\n,2\n-5,3\n",
                                      "secs,Q1\n2.5,3\n7,4\n"};
    sp_diag *diag = sp_diag_new();
    sp_spec *spec = NULL;
    assert_int_equal(sp_spec_load_buffer("d.yaml", text, strlen(text), &spec,
                                         diag),
                     SP_OK);
    for (int order = 0; order < 2; order++) {
        sp_dataset *ds = sp_dataset_new(spec);
        for (int i = 0; i < 2; i++) {
            const char *c = csv[order ? 1 - i : i];
            sp_dataset *part = sp_dataset_new(spec);
            assert_int_equal(sp_ingest_buffer(part, "d.csv", c, strlen(c),
                                              diag),
                             SP_OK);
            assert_int_equal(part->duration.exact != NULL, c == csv[1]);
            assert_int_equal(dataset_append(ds, part), SP_OK);
            sp_dataset_free(part);
        }
        const double first[] = {10, NAN, NAN}, second[] = {2.5, 7};
        size_t at_first = order ? 2 : 0, at_second = order ? 0 : 3;
        assert_non_null(ds->duration.exact);
        for (size_t r = 0; r < 3; r++) {
            double x = sp_seconds_at(&ds->duration, at_first + r);
            if (isnan(first[r]))
                assert_true(isnan(x));
            else
                assert_true(x == first[r]);
        }
        for (size_t r = 0; r < 2; r++)
            assert_true(sp_seconds_at(&ds->duration, at_second + r) ==
                        second[r]);
        assert_int_equal(ds->invalid[at_first + 2], 1);
        sp_dataset_free(ds);
    }
    sp_spec_free(spec);
    sp_diag_free(diag);
}

/* Lines are a byte a row (lines since the row before) with every 64th
 * row's line whole and the rest escaped: a record of 301 lines (row 70),
 * a second file whose lines start again at 2, and a file dropped
 * (dataset_truncate) before a third: every row's line is the CSV's. */
static void lines_survive_steps_escapes_and_joins(void **state)
{
    fixture *f = *state;
    size_t cap = 200 * 16 + 400, used = 0;
    char *text = malloc(cap);
    used += (size_t)snprintf(text, cap, "rid,sat,rec,Q1,Q2\n");
    for (int k = 0; k < 200; k++) {
        if (k == 70) {
            used += (size_t)snprintf(text + used, cap - used, "\"R70");
            for (int n = 0; n < 300; n++)
                text[used++] = '\n';
            used += (size_t)snprintf(text + used, cap - used, "\",3,5,1,2\n");
        } else {
            used += (size_t)snprintf(text + used, cap - used, "R%d,3,5,1,2\n",
                                     k);
        }
    }
    assert_int_equal(ingest(f, text), SP_OK);
    free(text);
    /* Row k starts on line k + 2, and 300 lines later past row 70. */
    for (size_t r = 0; r < 200; r++)
        assert_int_equal(sp_dataset_line(f->ds, r), r + 2 + (r > 70 ? 300 : 0));
    assert_int_equal(f->ds->n_line_escapes, 1);   /* row 71 */
    sp_dataset *next = sp_dataset_new(f->spec);
    const char more[] = "rid,sat,rec,Q1,Q2\nS0,1,1,1,1\n\nS1,2,2,2,2\n";
    assert_int_equal(sp_ingest_buffer(next, "b.csv", more, strlen(more),
                                      f->diag),
                     SP_OK);
    assert_int_equal(dataset_append(f->ds, next), SP_OK);
    sp_dataset_free(next);
    assert_int_equal(sp_dataset_line(f->ds, 199), 501);
    assert_int_equal(sp_dataset_line(f->ds, 200), 2);
    assert_int_equal(sp_dataset_line(f->ds, 201), 4);   /* a blank line */
    dataset_truncate(f->ds, 200);   /* b.csv dropped */
    assert_int_equal(sp_ingest_buffer(f->ds, "c.csv", more, strlen(more),
                                      f->diag),
                     SP_OK);
    assert_int_equal(f->ds->n_rows, 202);
    assert_int_equal(sp_dataset_line(f->ds, 199), 501);
    assert_int_equal(sp_dataset_line(f->ds, 200), 2);
    assert_int_equal(sp_dataset_line(f->ds, 201), 4);
}

static void narrow_codes_keep_missing_apart(void **state)
{
    fixture *f = *state;
    /* Q1 is on 1..5 and rec on 0..10: 4 bits a cell. */
    assert_int_equal(ingest(f, "rid,sat,rec,Q1,Q2\nR1,5,10,1,\nR2,,0,5,99\n"),
                     SP_OK);
    assert_int_equal(f->ds->columns[V_Q1].width, SP_CODES_4BIT);
    assert_int_equal(f->ds->columns[V_REC].width, SP_CODES_4BIT);
    assert_int_equal(sp_dataset_code(f->ds, V_Q1, 0), 1);
    assert_int_equal(sp_dataset_code(f->ds, V_Q2, 0), SP_CODE_MISSING);
    assert_int_equal(sp_dataset_code(f->ds, V_Q2, 1), SP_CODE_MISSING);
    assert_int_equal(sp_dataset_code(f->ds, V_SAT, 1), SP_CODE_MISSING);
    assert_int_equal(sp_dataset_code(f->ds, V_REC, 0), 10);
    assert_int_equal(sp_dataset_code(f->ds, V_REC, 1), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(rating_cells_convert, setup, teardown),
        cmocka_unit_test_setup_teardown(rows_columns_and_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(lone_cr_line_ends_count_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(malformed_rows_are_marked, setup, teardown),
        cmocka_unit_test_setup_teardown(oversized_field_is_marked, setup, teardown),
        cmocka_unit_test_setup_teardown(twenty_thousand_columns, setup, teardown),
        cmocka_unit_test_setup_teardown(absent_column_points_at_spec_line, setup, teardown),
        cmocka_unit_test_setup_teardown(column_lacking_in_one_file_warns, setup, teardown),
        cmocka_unit_test_setup_teardown(doubled_header_column_is_an_error, setup, teardown),
        cmocka_unit_test_setup_teardown(empty_and_header_only, setup, teardown),
        cmocka_unit_test_setup_teardown(quote_left_open_at_end, setup, teardown),
        cmocka_unit_test_setup_teardown(many_invalid_values_are_summarised, setup, teardown),
        cmocka_unit_test(codes_of_every_width_read_back),
        cmocka_unit_test_setup_teardown(rows_know_their_file, setup, teardown),
        cmocka_unit_test_setup_teardown(text_levels_give_way_to_refs, setup, teardown),
        cmocka_unit_test_setup_teardown(text_levels_join, setup, teardown),
        cmocka_unit_test(durations_whole_then_exact),
        cmocka_unit_test_setup_teardown(lines_survive_steps_escapes_and_joins, setup, teardown),
        cmocka_unit_test_setup_teardown(four_bit_codes_join_at_an_odd_row, setup, teardown),
        cmocka_unit_test_setup_teardown(narrow_codes_keep_missing_apart, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
