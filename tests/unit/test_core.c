/* test_core.c - the shared core and report plumbing: how diagnostics are
 * printed, typo suggestions, atomic output files and JSON text. Expected
 * strings and distances are written out by hand. */
#include "test_util.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"
#include "report/report_internal.h"

static char *print_to_string(const sp_diag *d, sp_severity least)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    sp_diag_print(d, least, fp);
    fclose(fp);
    return buf;
}

static void diagnostics_name_file_line_column(void **state)
{
    (void)state;
    sp_diag *d = sp_diag_new();
    sp_diag_add(d, SP_WARNING, "a.csv", 12, 7, "column %s: odd", "Q1");
    sp_diag_add(d, SP_ERROR, "s.yaml", 3, 0, "bad");
    sp_diag_add(d, SP_ERROR, "dir", 0, 0, "empty");
    sp_diag_add(d, SP_ERROR, NULL, 0, 0, "no input");
    assert_int_equal(d->errors, 3);
    assert_int_equal(d->warnings, 1);
    char *text = print_to_string(d, SP_WARNING);
    assert_string_equal(text,
                        "a.csv:12:7: warning: column Q1: odd\n"
                        "s.yaml:3: error: bad\n"
                        "dir: error: empty\n"
                        "satpipe: error: no input\n");
    free(text);
    /* --quiet: errors only */
    text = print_to_string(d, SP_ERROR);
    assert_string_equal(text, "s.yaml:3: error: bad\n"
                              "dir: error: empty\n"
                              "satpipe: error: no input\n");
    free(text);
    sp_diag_free(d);
    sp_diag_free(NULL);
    sp_diag_add(NULL, SP_ERROR, NULL, 0, 0, "discarded");
    assert_string_equal(sp_strerror(SP_ERR_SPEC), "invalid survey spec");
    assert_string_equal(sp_strerror((sp_error)999), "unknown error");
}

static void edit_distance_and_suggestions(void **state)
{
    (void)state;
    assert_int_equal(sp_edit_distance("kitten", "sitting"), 3);
    assert_int_equal(sp_edit_distance("titel", "title"), 1);   /* a swap */
    assert_int_equal(sp_edit_distance("", "abc"), 3);
    assert_int_equal(sp_edit_distance("same", "same"), 0);
    const char *const names[] = {"overall", "nps", "dimensions"};
    assert_string_equal(sp_closest_name("dimension", names, 3), "dimensions");
    assert_string_equal(sp_closest_name("overal", names, 3), "overall");
    assert_null(sp_closest_name("weight", names, 3));
}

static void temporary_output_is_atomic(void **state)
{
    (void)state;
    char dir[] = "/tmp/satpipe-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *path = sp_format("%s/out.json", dir);
    report_tmp tmp;
    assert_int_equal(report_tmp_create(&tmp, path, NULL), SP_OK);
    struct stat st;
    assert_int_equal(stat(tmp.tmp_path, &st), 0);
    assert_int_not_equal(stat(path, &st), 0);         /* not there yet */
    FILE *fp = fopen(tmp.tmp_path, "w");
    fputs("{}", fp);
    fclose(fp);
    assert_int_equal(report_tmp_commit(&tmp, NULL), SP_OK);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_size, 2);
    /* Discarding removes the temporary file and leaves the old one. */
    assert_int_equal(report_tmp_create(&tmp, path, NULL), SP_OK);
    char *leftover = sp_strdup(tmp.tmp_path);
    report_tmp_discard(&tmp);
    assert_int_not_equal(stat(leftover, &st), 0);
    assert_int_equal(stat(path, &st), 0);
    free(leftover);
    unlink(path);
    free(path);
    /* A folder that does not exist: an error naming the path. */
    sp_diag *d = sp_diag_new();
    path = sp_format("%s/missing/out.json", dir);
    assert_int_equal(report_tmp_create(&tmp, path, d), SP_ERR_OUTPUT);
    assert_string_equal(d->entries[0].file, path);
    assert_non_null(strstr(d->entries[0].message,
                           "cannot create the output file"));
    free(path);
    sp_diag_free(d);
    rmdir(dir);
}

static void json_escapes_text_and_nulls_undefined(void **state)
{
    (void)state;
    sp_item_result item = {.column = "Q\"1",
                           .stats = {.n = 0, .mean = NAN, .sd = NAN,
                                     .se = NAN, .ci_low = NAN,
                                     .ci_high = NAN, .top2 = NAN}};
    sp_dimension_result dim = {.key = "k", .label = "Line\nbreak\ttab\\",
                               .stats = {.n = 2, .mean = 2.5, .sd = 0.5,
                                         .se = NAN, .ci_low = NAN,
                                         .ci_high = NAN, .top2 = 0.5},
                               .n_items = 1, .items = &item};
    sp_results res = {.title = "T\x01", .language = "en", .scale_min = 1,
                      .scale_max = 5, .n_dimensions = 1, .dimensions = &dim,
                      .drivers = {.r2 = NAN, .adj_r2 = NAN}};
    char path[] = "/tmp/satpipe-json-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    assert_int_equal(report_write_json(&res, path, path, NULL), SP_OK);
    FILE *fp = fopen(path, "r");
    char text[4096];
    size_t n = fread(text, 1, sizeof text - 1, fp);
    text[n] = '\0';
    fclose(fp);
    unlink(path);
    assert_non_null(strstr(text, "\"title\": \"T\\u0001\""));
    assert_non_null(strstr(text, "\"label\": \"Line\\nbreak\\ttab\\\\\""));
    assert_non_null(strstr(text, "\"column\": \"Q\\\"1\""));
    assert_non_null(strstr(text, "\"mean\": 2.5,"));
    assert_non_null(strstr(text, "\"se\": null,"));
    assert_non_null(strstr(text, "\"overall\": null,"));
    assert_non_null(strstr(text, "\"r2\": null,"));
    assert_non_null(strstr(text, "\"reversed\": false,"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(diagnostics_name_file_line_column),
        cmocka_unit_test(edit_distance_and_suggestions),
        cmocka_unit_test(temporary_output_is_atomic),
        cmocka_unit_test(json_escapes_text_and_nulls_undefined),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
