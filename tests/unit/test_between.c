/* test_between.c - Welch's t-test, the one-way and Welch ANOVA and the
 * Benjamini-Hochberg adjustment against scipy and statsmodels (values
 * printed by tests/oracle/unit_values.py), from group summaries. */
#include "test_util.h"

#include <gsl/gsl_errno.h>

#include "satpipe/analyze.h"

/* Groups 1..5; 2,4,..,12; 3,3,4,5 (by hand: means 3, 7, 3.75;
 * variances 2.5, 14, 0.916666...). */
static const double mean[] = {3, 7, 3.75};
static const double var[] = {2.5, 14, 11.0 / 12.0};
static const double n[] = {5, 6, 4};

static void welch_t_matches_scipy(void **state)
{
    (void)state;
    double t, df, p;
    sp_welch_t(mean[0], var[0], n[0], mean[1], var[1], n[1], &t, &df, &p);
    assert_near(t, -2.3763541031440183, 1e-12);
    assert_near(p, 0.049284338206730491, 1e-12);
    sp_welch_t(3, 0, 5, 3, 0, 5, &t, &df, &p);   /* nothing varies */
    assert_true(isnan(t) && isnan(p));
    sp_welch_t(3, 1, 1, 4, 1, 5, &t, &df, &p);   /* n = 1 */
    assert_true(isnan(p));
}

static void anova_matches_scipy_and_statsmodels(void **state)
{
    (void)state;
    sp_anova a;
    sp_anova_oneway(mean, var, n, 3, &a);
    assert_near(a.f, 3.6, 1e-12);
    assert_near(a.p, 0.059604644775390563, 1e-12);
    assert_near(a.df1, 2, 0);
    assert_near(a.df2, 12, 0);
    assert_near(a.welch_f, 2.602159633747489, 1e-12);
    assert_near(a.welch_p, 0.1363432774924391, 1e-12);
    assert_near(a.welch_df2, 7.7831547066999009, 1e-12);
    sp_anova_oneway(mean, var, n, 1, &a);   /* one group: nothing to test */
    assert_true(isnan(a.f) && isnan(a.welch_f));
}

static void benjamini_hochberg_matches_statsmodels(void **state)
{
    (void)state;
    const double p[] = {0.01, 0.04, NAN, 0.03, 0.5};
    double q[5];
    assert_int_equal(sp_bh_adjust(p, 5, q), SP_OK);
    assert_near(q[0], 0.04, 1e-15);
    assert_near(q[1], 0.053333333333333337, 1e-15);
    assert_true(isnan(q[2]));   /* outside the family */
    assert_near(q[3], 0.053333333333333337, 1e-15);
    assert_near(q[4], 0.5, 1e-15);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(welch_t_matches_scipy),
        cmocka_unit_test(anova_matches_scipy_and_statsmodels),
        cmocka_unit_test(benjamini_hochberg_matches_statsmodels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
