/* test_describe.c - sp_describe against values computed independently:
 * means and sds by hand, t quantiles and intervals with scipy
 * (tests/oracle/unit_values.py prints every constant used here). */
#include "test_util.h"

#include "satpipe/analyze.h"

static void one_to_five(void **state)
{
    (void)state;
    const double x[] = {1, 2, 3, 4, 5};
    sp_desc d;
    assert_int_equal(sp_describe(x, 5, 4, &d), SP_OK);
    assert_int_equal(d.n, 5);
    assert_int_equal(d.missing, 0);
    assert_near(d.mean, 3.0, 1e-15);
    assert_near(d.sd, sqrt(2.5), 1e-15);             /* by hand */
    assert_near(d.se, 0.70710678118654757, 1e-15);
    assert_near(d.ci_low, 1.0367568385224391, 1e-12);  /* scipy t.ppf */
    assert_near(d.ci_high, 4.9632431614775605, 1e-12);
    assert_near(d.top2, 0.4, 1e-15);                 /* 4 and 5 of five */
}

static void missing_values_are_skipped(void **state)
{
    (void)state;
    const double x[] = {2, NAN, 4, 4, NAN, 5};
    sp_desc d;
    assert_int_equal(sp_describe(x, 6, 4, &d), SP_OK);
    assert_int_equal(d.n, 4);
    assert_int_equal(d.missing, 2);
    assert_near(d.mean, 3.75, 1e-15);
    assert_near(d.sd, sqrt(4.75 / 3), 1e-15);        /* by hand */
    assert_near(d.ci_low, 1.7477547746637252, 1e-12);
    assert_near(d.ci_high, 5.7522452253362744, 1e-12);
    assert_near(d.top2, 0.75, 1e-15);
}

static void single_value_has_no_spread(void **state)
{
    (void)state;
    const double x[] = {NAN, 3};
    sp_desc d;
    assert_int_equal(sp_describe(x, 2, 4, &d), SP_OK);
    assert_int_equal(d.n, 1);
    assert_near(d.mean, 3.0, 0);
    assert_true(isnan(d.sd) && isnan(d.se) && isnan(d.ci_low) &&
                isnan(d.ci_high));
    assert_near(d.top2, 0.0, 0);
}

static void nothing_answered_is_undefined(void **state)
{
    (void)state;
    const double x[] = {NAN, NAN, NAN};
    sp_desc d;
    assert_int_equal(sp_describe(x, 3, 4, &d), SP_OK);
    assert_int_equal(d.n, 0);
    assert_int_equal(d.missing, 3);
    assert_true(isnan(d.mean) && isnan(d.sd) && isnan(d.top2));
    assert_int_equal(sp_describe(x, 0, 4, &d), SP_OK);
    assert_int_equal(d.n, 0);
}

/* Large offsets catch the textbook one-pass formula (as PSPP's tests do). */
static void large_offset_keeps_precision(void **state)
{
    (void)state;
    const double x[] = {1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4, 1e9 + 5};
    sp_desc d;
    assert_int_equal(sp_describe(x, 5, 1e9 + 4, &d), SP_OK);
    assert_near(d.mean, 1000000003.0, 1e-6);
    assert_near(d.sd, sqrt(2.5), 1e-6);
}

static void constant_values_have_zero_sd(void **state)
{
    (void)state;
    const double x[] = {4, 4, 4, 4};
    sp_desc d;
    assert_int_equal(sp_describe(x, 4, 4, &d), SP_OK);
    assert_near(d.sd, 0.0, 0);
    assert_near(d.ci_low, 4.0, 0);
    assert_near(d.ci_high, 4.0, 0);
    assert_near(d.top2, 1.0, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_to_five),
        cmocka_unit_test(missing_values_are_skipped),
        cmocka_unit_test(single_value_has_no_spread),
        cmocka_unit_test(nothing_answered_is_undefined),
        cmocka_unit_test(large_offset_keeps_precision),
        cmocka_unit_test(constant_values_have_zero_sd),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
