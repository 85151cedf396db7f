/* test_csv_cells.c - fields of the CSV exports. Numbers must be written
 * as printf's %.15g writes them (the whole-number shortcut included):
 * the oracle is snprintf itself. Text is quoted as libcsv quotes it, and
 * formula-looking text is made text; the expected fields are written out
 * by hand. */
#include "test_util.h"

#include <stdio.h>
#include <string.h>

#include "report/report_internal.h"

/* What the writer puts in one field, as a string (a static buffer). */
static const char *number_field(double value)
{
    static char out[64];
    memset(out, 0, sizeof out);   /* nothing written: an empty field */
    FILE *fp = fmemopen(out, sizeof out, "w");
    report_csv_number(fp, value);
    fclose(fp);
    return out;
}

static const char *text_field(const char *text)
{
    static char out[128];
    memset(out, 0, sizeof out);
    FILE *fp = fmemopen(out, sizeof out, "w");
    report_csv_text(fp, text);
    fclose(fp);
    return out;
}

static void numbers_as_printf_writes_them(void **state)
{
    (void)state;
    const double values[] = {0, -0.0, 1, 5, -3, 10, 99, 1e14,
                             123456789012345, -999999999999999, 1e15,
                             2.5, 1.0 / 3, -0.125, 4.0000000000000001};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        char expected[64];
        snprintf(expected, sizeof expected, "%.15g", values[i]);
        assert_string_equal(number_field(values[i]), expected);
    }
    assert_string_equal(number_field(NAN), "");   /* no answer: empty */
    assert_string_equal(number_field(INFINITY), "");
}

static void text_quoted_and_made_safe(void **state)
{
    (void)state;
    assert_string_equal(text_field("Staff were kind"), "\"Staff were kind\"");
    assert_string_equal(text_field("a, b"), "\"a, b\"");
    assert_string_equal(text_field("the \"new\" tariff"),
                        "\"the \"\"new\"\" tariff\"");
    assert_string_equal(text_field("=1+1"), "\"'=1+1\"");
    assert_string_equal(text_field(""), "\"\"");
    assert_string_equal(text_field(NULL), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(numbers_as_printf_writes_them),
        cmocka_unit_test(text_quoted_and_made_safe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
