/* test_formats.c - encodings, layouts, durations and timestamps. Expected
 * values are written out by hand (byte sequences from the Unicode and
 * GB18030 code charts; dates counted by hand from 1970-01-01), or taken
 * from the table of seconds in tests/oracle/make_layouts.py that wrote the
 * test exports. */
#include "test_util.h"

#include <stdio.h>
#include <string.h>

#include "ingest/encoding.h"
#include "ingest/ingest_internal.h"
#include "satpipe/ingest.h"

static void encodings_are_detected(void **state)
{
    (void)state;
    size_t bom;
    assert_int_equal(ingest_encoding_detect("\xEF\xBB\xBFid", 5, 1, &bom),
                     ENC_UTF8);
    assert_int_equal(bom, 3);
    assert_int_equal(ingest_encoding_detect("\xFF\xFEi\0", 4, 1, &bom),
                     ENC_UTF16LE);
    assert_int_equal(bom, 2);
    assert_int_equal(ingest_encoding_detect("\xFE\xFF\0i", 4, 1, &bom),
                     ENC_UTF16BE);
    /* 满意 in UTF-8 (E6 BB A1 E6 84 8F) and in GBK (C2 FA D2 E2). */
    assert_int_equal(ingest_encoding_detect("\xE6\xBB\xA1\xE6\x84\x8F", 6, 1,
                                            &bom),
                     ENC_UTF8);
    assert_int_equal(bom, 0);
    assert_int_equal(ingest_encoding_detect("\xC2\xFA\xD2\xE2", 4, 1, &bom),
                     ENC_GB18030);
    /* A sequence cut by the end of the sample is no evidence... */
    assert_int_equal(ingest_encoding_detect("ab\xE6\xBB", 4, 0, &bom),
                     ENC_UTF8);
    /* ...unless the file ends there. */
    assert_int_equal(ingest_encoding_detect("ab\xE6\xBB", 4, 1, &bom),
                     ENC_GB18030);
    ingest_encoding e;
    assert_true(ingest_encoding_parse("GBK", &e) && e == ENC_GB18030);
    assert_true(ingest_encoding_parse("utf-16le", &e) && e == ENC_UTF16LE);
    assert_false(ingest_encoding_parse("latin9", &e));
}

/* Decodes `in` in chunks of `step` bytes, as the reader does. */
static char *decode(ingest_encoding enc, const char *in, size_t n,
                    size_t step, size_t *invalid)
{
    ingest_decoder d;
    assert_int_equal(ingest_decoder_open(&d, enc), SP_OK);
    ingest_buf out = {0};
    char *all = calloc(1, 4 * n + 16);
    size_t len = 0;
    for (size_t at = 0; at < n || at == 0; at += step) {
        size_t take = n - at < step ? n - at : step;
        int final = at + take >= n;
        assert_int_equal(ingest_decoder_run(&d, in + at, take, final, &out),
                         SP_OK);
        memcpy(all + len, out.data, out.len);
        len += out.len;
        if (final)
            break;
    }
    *invalid = d.invalid;
    ingest_decoder_close(&d);
    free(out.data);
    return all;
}

static void decoding_survives_chunk_boundaries(void **state)
{
    (void)state;
    size_t invalid;
    /* "满意,5" in UTF-16LE: E1 6E 0F 61 2C 00 35 00, split every 3 bytes. */
    char *s = decode(ENC_UTF16LE, "\xE1\x6E\x0F\x61\x2C\x00\x35\x00", 8, 3,
                     &invalid);
    assert_string_equal(s, "满意,5");
    assert_int_equal(invalid, 0);
    free(s);
    /* U+1F600 as a UTF-16BE surrogate pair D83D DE00, split in the middle. */
    s = decode(ENC_UTF16BE, "\xD8\x3D\xDE\x00", 4, 2, &invalid);
    assert_string_equal(s, "\xF0\x9F\x98\x80");
    free(s);
    /* 满意 in GBK, split inside the first character. */
    s = decode(ENC_GB18030, "\xC2\xFA\xD2\xE2", 4, 1, &invalid);
    assert_string_equal(s, "满意");
    free(s);
    /* Invalid bytes become U+FFFD, once per bad sequence. */
    s = decode(ENC_UTF8, "a\xFF" "b\xC3", 4, 4, &invalid);
    assert_string_equal(s, "a" ENC_REPLACEMENT "b" ENC_REPLACEMENT);
    assert_int_equal(invalid, 2);
    free(s);
}

static ingest_record record(char **fields, size_t n)
{
    size_t *lengths = malloc(n * sizeof(size_t));
    for (size_t i = 0; i < n; i++)
        lengths[i] = strlen(fields[i]);
    return (ingest_record){.n_fields = n, .fields = fields,
                           .lengths = lengths, .line = 1};
}

static void layouts_are_detected(void **state)
{
    (void)state;
    char *q0[] = {"StartDate", "ResponseId", "Q1_1"};
    char *q1[] = {"Start Date", "Response ID", "How satisfied - Staff"};
    char *q2[] = {"{\"ImportId\":\"startDate\"}", "{}", "{}"};
    ingest_record qual[] = {record(q0, 3), record(q1, 3), record(q2, 3)};
    const ingest_layout *l = ingest_layout_detect(qual, 3);
    assert_string_equal(l->name, "qualtrics");
    assert_int_equal(l->header_rows(qual, 3), 3);
    free(qual[2].lengths);
    qual[2] = record(q0, 3);   /* legacy: data from the third row */
    assert_int_equal(l->header_rows(qual, 3), 2);

    char *m0[] = {"Respondent ID", "Collector ID", "How satisfied?", "",
                  "Overall?"};
    char *m1[] = {"", "", "Speed", "Accuracy", "Response"};
    ingest_record sm[] = {record(m0, 5), record(m1, 5)};
    l = ingest_layout_detect(sm, 2);
    assert_string_equal(l->name, "surveymonkey");
    ingest_column cols[5] = {{0}};
    assert_int_equal(ingest_layout_columns(l, sm, 2, cols), SP_OK);
    assert_string_equal(cols[2].id, "How satisfied? - Speed");
    assert_string_equal(cols[3].id, "How satisfied? - Accuracy");
    assert_string_equal(cols[4].id, "Overall?");
    for (int i = 0; i < 5; i++)
        free(cols[i].id);

    char *w0[] = {"序号", "所用时间", "1(速度)", "1(准确性)", "2、总体满意度"};
    ingest_record wjx[] = {record(w0, 5)};
    l = ingest_layout_detect(wjx, 1);
    assert_string_equal(l->name, "wenjuanxing");
    ingest_column wc[5] = {{0}};
    assert_int_equal(ingest_layout_columns(l, wjx, 1, wc), SP_OK);
    assert_string_equal(wc[2].id, "Q1_1");
    assert_string_equal(wc[2].text, "速度");
    assert_string_equal(wc[3].id, "Q1_2");
    assert_string_equal(wc[4].id, "Q2");
    assert_string_equal(wc[4].text, "总体满意度");
    assert_string_equal(wc[4].raw, "2、总体满意度");
    assert_string_equal(wc[0].id, "序号");
    for (int i = 0; i < 5; i++) {
        free(wc[i].id);
        free(wc[i].text);
        free(wc[i].raw);
    }

    char *g0[] = {"Timestamp", "How satisfied? [Speed]"};
    ingest_record gf[] = {record(g0, 2)};
    assert_string_equal(ingest_layout_detect(gf, 1)->name, "google-forms");
    char *l0[] = {"id", "submitdate", "lastpage", "Q1[SQ001]"};
    ingest_record ls[] = {record(l0, 4)};
    assert_string_equal(ingest_layout_detect(ls, 1)->name, "limesurvey");
    char *l1[] = {"Response ID", "Date submitted", "Last page", "Q1"};
    ingest_record ls_full[] = {record(l1, 4)};
    assert_string_equal(ingest_layout_detect(ls_full, 1)->name, "limesurvey");
    free(ls_full[0].lengths);
    char *p0[] = {"id", "Q1", "Q2"};
    ingest_record pl[] = {record(p0, 3)};
    assert_string_equal(ingest_layout_detect(pl, 1)->name, "plain");
    assert_null(ingest_layout_find("qualtrix"));
    for (int i = 0; i < 3; i++)
        free(qual[i].lengths);
    free(sm[0].lengths);
    free(sm[1].lengths);
    free(wjx[0].lengths);
    free(gf[0].lengths);
    free(ls[0].lengths);
    free(pl[0].lengths);
}

static void durations_parse(void **state)
{
    (void)state;
    const struct {
        const char *text;
        double seconds;
    } ok[] = {{"125", 125}, {" 125.5 ", 125.5}, {"2:05", 125},
              {"1:02:05", 3725}, {"125秒", 125}, {"2分5秒", 125},
              {"1小时2分5秒", 3725}, {"3分钟", 180}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        double s = -1;
        assert_int_equal(ingest_convert_duration(ok[i].text,
                                                 strlen(ok[i].text), &s),
                         VALUE_OK);
        assert_near(s, ok[i].seconds, 0);
    }
    const char *bad[] = {"abc", "-5", "2:75", "5秒2分", "12s"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double s;
        assert_int_equal(ingest_convert_duration(bad[i], strlen(bad[i]), &s),
                         VALUE_INVALID);
    }
}

static double ts(const char *text)
{
    double s = -1;
    if (!ingest_parse_timestamp(text, strlen(text), &s))
        return -1;
    return s;
}

static void timestamps_parse(void **state)
{
    (void)state;
    assert_near(ts("1970-01-01 00:00:00"), 0, 0);
    /* 2000-03-01: 30 years of 365 days + 7 leap days (72..96) + Jan 31 +
     * Feb 29 (2000 is a leap year) = 10957 + 60 = 11017 days. */
    assert_near(ts("2000-03-01"), 11017 * 86400.0, 0);
    assert_near(ts("2026-09-01 10:05:12") - ts("2026-09-01 10:00:00"), 312, 0);
    assert_near(ts("2026/9/1 10:05:12") - ts("2026-09-01T10:00:00Z"), 312, 0);
    assert_near(ts("09/01/2026 10:05:30 AM") - ts("2026-09-01 10:00:00"),
                330, 0);
    assert_near(ts("9/1/2026 12:30:00 PM") - ts("2026-09-01 12:00"), 1800, 0);
    assert_near(ts("9/1/2026 12:00:00 AM"), ts("2026-09-01 00:00"), 0);
    assert_near(ts("2026-09-01 10:00:00.250"), ts("2026-09-01 10:00:00"), 0);
    assert_near(ts("2026-13-01 10:00"), -1, 0);
    assert_near(ts("01/02/26 10:00"), -1, 0);
    assert_near(ts("yesterday"), -1, 0);
}

/* The seconds of tests/oracle/make_layouts.py's ROWS, in order. */
static const double seconds[12] = {312, 125, 640, 95, 200, 161, 3725, 300,
                                   180, 240, 410, 150};

static sp_dataset *read_layout(const char *folder, const char *file,
                               sp_spec **spec, sp_diag *diag)
{
    char path[256];
    snprintf(path, sizeof path, "testdata/layouts/%s/survey.yaml", folder);
    assert_int_equal(sp_spec_load(path, spec, diag), SP_OK);
    sp_dataset *ds = sp_dataset_new(*spec);
    snprintf(path, sizeof path, "testdata/layouts/%s/%s", folder, file);
    assert_int_equal(sp_ingest_file(ds, path, diag), SP_OK);
    assert_int_equal(ds->n_rows, 12);
    return ds;
}

static void durations_reach_the_dataset(void **state)
{
    (void)state;
    sp_diag *diag = sp_diag_new();
    sp_spec *spec;
    /* Native duration columns: Qualtrics seconds, Wenjuanxing 5分12秒,
     * LimeSurvey interviewtime, and the reference's spec key. */
    const char *const native[][2] = {{"qualtrics", "export.csv"},
                                     {"wenjuanxing", "问卷星导出.csv"},
                                     {"limesurvey", "results-survey123.csv"},
                                     {"reference", "reference.csv"}};
    for (size_t k = 0; k < 4; k++) {
        sp_dataset *ds = read_layout(native[k][0], native[k][1], &spec, diag);
        for (int r = 0; r < 12; r++)
            assert_near(sp_seconds_at(&ds->duration, r), seconds[r], 0);
        sp_dataset_free(ds);
        sp_spec_free(spec);
    }
    /* Derived from start and end times, which the generator sets 10:00:00
     * and 10:00:00 plus the seconds (SurveyMonkey in US 12-hour form). */
    const char *const derived[][2] = {{"surveymonkey", "Data_All_260901.csv"},
                                      {"qualtrics_legacy", "legacy.csv"}};
    sp_dataset *ds;
    for (size_t k = 0; k < 2; k++) {
        ds = read_layout(derived[k][0], derived[k][1], &spec, diag);
        for (int r = 0; r < 12; r++)
            assert_near(sp_seconds_at(&ds->duration, r), seconds[r], 0);
        sp_dataset_free(ds);
        sp_spec_free(spec);
    }
    /* Google Forms has only a timestamp: no duration. */
    ds = read_layout("google_forms", "Form Responses 1.csv", &spec, diag);
    assert_true(isnan(sp_seconds_at(&ds->duration, 0)));
    sp_dataset_free(ds);
    sp_spec_free(spec);
    assert_int_equal(diag->errors, 0);
    sp_diag_free(diag);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(encodings_are_detected),
        cmocka_unit_test(decoding_survives_chunk_boundaries),
        cmocka_unit_test(layouts_are_detected),
        cmocka_unit_test(durations_parse),
        cmocka_unit_test(timestamps_parse),
        cmocka_unit_test(durations_reach_the_dataset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
