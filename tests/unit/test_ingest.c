/* test_ingest.c - reading exports: cell conversion, header matching, and
 * that messages carry the right file, line and column. Every expected code
 * and line number is read off the small CSV texts below by hand. */
#include "test_util.h"

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
    assert_int_equal(ingest_convert_rating(f->spec, q, " 4 ", 3, &code), VALUE_OK);
    assert_int_equal(code, 4);
    assert_int_equal(ingest_convert_rating(f->spec, q, "4.0", 3, &code), VALUE_OK);
    assert_int_equal(ingest_convert_rating(f->spec, q, "Neutral", 7, &code), VALUE_OK);
    assert_int_equal(code, 3);
    assert_int_equal(ingest_convert_rating(f->spec, q, "", 0, &code), VALUE_EMPTY);
    assert_int_equal(ingest_convert_rating(f->spec, q, "  ", 2, &code), VALUE_EMPTY);
    assert_int_equal(ingest_convert_rating(f->spec, q, "99", 2, &code), VALUE_MISSING_CODE);
    assert_int_equal(ingest_convert_rating(f->spec, q, "0", 1, &code), VALUE_MISSING_CODE);
    assert_int_equal(ingest_convert_rating(f->spec, q, "6", 1, &code), VALUE_OUT_OF_RANGE);
    assert_int_equal(ingest_convert_rating(f->spec, q, "3.5", 3, &code), VALUE_INVALID);
    assert_int_equal(ingest_convert_rating(f->spec, q, "n/a", 3, &code), VALUE_INVALID);
    assert_int_equal(ingest_convert_rating(f->spec, q, "inf", 3, &code), VALUE_INVALID);
    assert_int_equal(ingest_convert_rating(f->spec, q, "nan", 3, &code), VALUE_INVALID);
    assert_int_equal(ingest_convert_rating(f->spec, q, "neutral", 7, &code), VALUE_INVALID);
    /* On the 0-10 NPS item, 0 is an answer although it is a missing code. */
    assert_int_equal(ingest_convert_rating(f->spec, rec, "0", 1, &code), VALUE_OK);
    assert_int_equal(code, 0);
    assert_int_equal(ingest_convert_rating(f->spec, rec, "10", 2, &code), VALUE_OK);
    assert_int_equal(ingest_convert_rating(f->spec, rec, "99", 2, &code), VALUE_MISSING_CODE);
    assert_int_equal(ingest_convert_rating(f->spec, rec, "11", 2, &code), VALUE_OUT_OF_RANGE);
    double v;
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
        assert_int_equal(ds->line[r], lines[r]);
    assert_string_equal(ds->columns[V_RID].texts[2], "A3");
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
    assert_int_equal(f->ds->line[1], 3);
    assert_diag(f->diag, SP_WARNING, 2, 4, "column Q1: 9 is outside");
}

static void ragged_rows_warn(void **state)
{
    fixture *f = *state;
    const char csv[] = "rid,sat,rec,Q1,Q2\nA,1,1\nB,2,2,1,1,extra\n";
    assert_int_equal(ingest(f, csv), SP_OK);
    assert_int_equal(f->ds->n_rows, 2);
    assert_int_equal(sp_dataset_code(f->ds, V_Q1, 0), SP_CODE_MISSING);
    assert_int_equal(sp_dataset_code(f->ds, V_Q2, 1), 1);
    assert_diag(f->diag, SP_WARNING, 2, 0, "this row has 3 fields but the header has 5");
    assert_diag(f->diag, SP_WARNING, 3, 0, "the extra fields are ignored");
}

static void absent_column_points_at_spec_line(void **state)
{
    fixture *f = *state;
    const char csv[] = "rid,satisfaction,rec,Q1,Q3\nA,1,1,1,1\n";
    assert_int_equal(ingest(f, csv), SP_ERR_SPEC);
    assert_int_equal(f->ds->n_rows, 0);
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

static void doubled_header_column_is_an_error(void **state)
{
    fixture *f = *state;
    assert_int_equal(ingest(f, "rid,sat,rec,Q1,Q2,Q1\nA,1,1,1,1,1\n"),
                     SP_ERR_INPUT);
    assert_diag(f->diag, SP_ERROR, 1, 6, "column Q1 appears twice in the header "
                                     "(columns 4 and 6)");
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
 * for csv_fini alone); a closed quote with no final newline is fine. */
static void quote_left_open_at_end(void **state)
{
    fixture *f = *state;
    assert_int_equal(ingest(f, "rid,sat,rec,Q1,Q2\nA,1,1,1,\"1"),
                     SP_ERR_INPUT);
    assert_non_null(strstr(f->diag->entries[0].message, "never closed"));
    assert_int_equal(f->diag->entries[0].line, 2);
    sp_diag_free(f->diag);
    f->diag = sp_diag_new();
    assert_int_equal(ingest(f, "rid,sat,rec,Q1,Q2\nA,1,1,1,\"1\""), SP_OK);
    assert_int_equal(sp_dataset_code(f->ds, V_Q2, f->ds->n_rows - 1), 1);
    /* A stray quote inside unquoted text is kept, not an error. */
    assert_int_equal(ingest(f, "rid,sat,rec,Q1,Q2\n12\" screen,1,1,1,1\n"),
                     SP_OK);
    assert_string_equal(f->ds->columns[V_RID].texts[f->ds->n_rows - 1],
                        "12\" screen");
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(rating_cells_convert, setup, teardown),
        cmocka_unit_test_setup_teardown(rows_columns_and_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(lone_cr_line_ends_count_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(ragged_rows_warn, setup, teardown),
        cmocka_unit_test_setup_teardown(absent_column_points_at_spec_line, setup, teardown),
        cmocka_unit_test_setup_teardown(doubled_header_column_is_an_error, setup, teardown),
        cmocka_unit_test_setup_teardown(empty_and_header_only, setup, teardown),
        cmocka_unit_test_setup_teardown(quote_left_open_at_end, setup, teardown),
        cmocka_unit_test_setup_teardown(many_invalid_values_are_summarised, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
