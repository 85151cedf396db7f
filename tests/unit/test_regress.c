/* test_regress.c - sp_regress_standardized against statsmodels OLS (with a
 * constant; betas rescaled by sd(x)/sd(y)) and numpy's corrcoef, printed
 * by tests/oracle/unit_values.py. */
#include "test_util.h"

#include <gsl/gsl_errno.h>

#include "satpipe/analyze.h"

/* 8 respondents: x1, x2 per row, and the outcome. */
static const double X[] = {3, 2, 4, 4, 2, 3, 5, 5, 4, 3, 3, 2, 1, 2, 4, 5};
static const double Y[] = {3, 4, 2, 5, 3, 3, 1, 5};

static void two_drivers_match_statsmodels(void **state)
{
    (void)state;
    double r[2], beta[2], r2, adj;
    assert_int_equal(sp_regress_standardized(X, Y, 8, 2, r, beta, &r2, &adj),
                     SP_OK);
    assert_near(r[0], 0.92295820699089737, 1e-12);
    assert_near(r[1], 0.84270097160038449, 1e-12);
    assert_near(beta[0], 0.66145338167680989, 1e-12);
    assert_near(beta[1], 0.3538006460131774, 1e-12);
    assert_near(r2, 0.90864197530864199, 1e-12);
    assert_near(adj, 0.87209876543209885, 1e-12);
}

/* With one driver, beta equals r and R^2 equals r^2 (by hand). */
static void one_driver_beta_is_r(void **state)
{
    (void)state;
    const double x[] = {1, 2, 3, 4, 5};
    const double y[] = {2, 1, 4, 3, 5};
    double r, beta, r2, adj;
    assert_int_equal(sp_regress_standardized(x, y, 5, 1, &r, &beta, &r2, &adj),
                     SP_OK);
    assert_near(r, 0.8, 1e-14);      /* cov 2 / (sd 1.58 * sd 1.58) */
    assert_near(beta, 0.8, 1e-14);
    assert_near(r2, 0.64, 1e-14);
    assert_near(adj, 1 - 0.36 * 4 / 3, 1e-14);
}

static void collinear_drivers_are_refused(void **state)
{
    (void)state;
    /* x2 = 2 * x1: the correlation matrix is singular. */
    const double x[] = {1, 2, 2, 4, 3, 6, 4, 8, 5, 10};
    const double y[] = {2, 1, 4, 3, 5};
    double r[2], beta[2], r2, adj;
    assert_int_equal(sp_regress_standardized(x, y, 5, 2, r, beta, &r2, &adj),
                     SP_ERR_NO_DATA);
    assert_true(isnan(beta[0]) && isnan(beta[1]) && isnan(r2));
}

static void too_few_or_constant_are_refused(void **state)
{
    (void)state;
    double r[2], beta[2], r2, adj;
    /* n = p + 1: no residual degrees of freedom. */
    assert_int_equal(sp_regress_standardized(X, Y, 3, 2, r, beta, &r2, &adj),
                     SP_ERR_NO_DATA);
    const double flat[] = {3, 3, 3, 3, 3, 3, 3, 3};
    assert_int_equal(sp_regress_standardized(X, flat, 8, 2, r, beta, &r2,
                                             &adj),
                     SP_ERR_NO_DATA);
    assert_true(isnan(r2) && isnan(adj));
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(two_drivers_match_statsmodels),
        cmocka_unit_test(one_driver_beta_is_r),
        cmocka_unit_test(collinear_drivers_are_refused),
        cmocka_unit_test(too_few_or_constant_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
