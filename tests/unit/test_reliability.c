/* test_reliability.c - Cronbach's alpha and item analysis on small data
 * worked out by hand, plus the edge cases (one item, too few respondents,
 * an item that does not vary, a reversed item left unreversed). R's psych
 * gives the same figures on the bfi data (tests/oracle/reliability_oracle.R,
 * checked end to end). */
#include "test_util.h"

#include <gsl/gsl_errno.h>

#include "satpipe/analyze.h"

/* Two items, four respondents: (1,2) (2,2) (3,4) (4,4). By hand:
 * var1 = 5/3, var2 = 4/3, cov = (1.5 + 0.5 + 0.5 + 1.5) / 3 = 4/3; the
 * sum's variance is 5/3 + 4/3 + 2 * 4/3 = 17/3, so alpha =
 * 2 (1 - 3 / (17/3)) = 16/17; r12 = (4/3) / sqrt(5/3 * 4/3) = 2 / sqrt(5);
 * standardised alpha = 2 r12 / (1 + r12). */
static void two_items_by_hand(void **state)
{
    (void)state;
    const double x[] = {1, 2, 2, 2, 3, 4, 4, 4};
    sp_reliability r;
    assert_int_equal(sp_reliability_compute(x, 4, 2, &r), SP_OK);
    assert_near(r.alpha, 16.0 / 17.0, 1e-14);
    double r12 = 2.0 / sqrt(5.0);
    assert_near(r.mean_r, r12, 1e-14);
    assert_near(r.alpha_std, 2 * r12 / (1 + r12), 1e-14);
    /* With two items, the corrected item-total r is r12 and no alpha is
     * left when one is deleted. */
    assert_near(r.item_total_r[0], r12, 1e-14);
    assert_near(r.item_total_r[1], r12, 1e-14);
    assert_true(isnan(r.alpha_if_deleted[0]));
    assert_null(r.note);
    sp_reliability_clear(&r);
}

/* The same two items from their sums: item sums 1+2+3+4 = 10 and
 * 2+2+4+4 = 12; products 1+4+9+16 = 30, 2+4+12+16 = 34 and
 * 4+4+16+16 = 40. Covariances (4*34 - 10*12) / (4*3) = 4/3 and so on:
 * the hand figures above. */
static void sums_give_the_hand_figures(void **state)
{
    (void)state;
    const int64_t sum[] = {10, 12}, cross[] = {30, 0, 34, 40};
    sp_reliability r;
    assert_int_equal(sp_reliability_from_sums(sum, cross, 4, 2, &r), SP_OK);
    assert_near(r.alpha, 16.0 / 17.0, 1e-15);
    double r12 = 2.0 / sqrt(5.0);
    assert_near(r.mean_r, r12, 1e-15);
    assert_near(r.item_total_r[1], r12, 1e-15);
    assert_null(r.note);
    sp_reliability_clear(&r);
    /* Too few rows: the same note as from the rows themselves. */
    assert_int_equal(sp_reliability_from_sums(sum, cross, 1, 2, &r), SP_OK);
    assert_true(isnan(r.alpha));
    assert_non_null(r.note);
    assert_non_null(strstr(r.note, "Only 1 respondent answered"));
    sp_reliability_clear(&r);
}

static void edge_cases_say_why(void **state)
{
    (void)state;
    sp_reliability r;
    const double one[] = {1, 2, 3};
    assert_int_equal(sp_reliability_compute(one, 3, 1, &r), SP_OK);
    assert_true(isnan(r.alpha));
    assert_string_equal(r.note, "One item: reliability needs two items or "
                                "more.");
    sp_reliability_clear(&r);
    const double x[] = {1, 2, 3};
    assert_int_equal(sp_reliability_compute(x, 1, 3, &r), SP_OK);
    assert_true(isnan(r.alpha));
    assert_string_equal(r.note, "Only 1 respondent answered every item.");
    sp_reliability_clear(&r);
    assert_int_equal(sp_reliability_compute(x, 0, 3, &r), SP_OK);
    assert_true(isnan(r.alpha));
    sp_reliability_clear(&r);
    /* Every answer the same: alpha undefined. */
    const double flat[] = {3, 3, 3, 3, 3, 3};
    assert_int_equal(sp_reliability_compute(flat, 3, 2, &r), SP_OK);
    assert_true(isnan(r.alpha));
    assert_non_null(r.note);
    sp_reliability_clear(&r);
    /* One item that does not vary: alpha exists, its correlations not. */
    const double zv[] = {1, 3, 2, 2, 3, 3, 4, 3, 5, 5, 3, 4};   /* item 2: 3 */
    assert_int_equal(sp_reliability_compute(zv, 4, 3, &r), SP_OK);
    assert_false(isnan(r.alpha));
    assert_true(isnan(r.alpha_std));
    sp_reliability_clear(&r);
}

/* Item 3 is reversed but was not recoded: alpha goes negative and the
 * item with the most negative item-total r is pointed at. */
static void negative_alpha_points_at_the_item(void **state)
{
    (void)state;
    const double x[] = {1, 1, 5, 2, 2, 4, 3, 3, 3, 4, 4, 2, 5, 5, 1, 4, 5, 2};
    sp_reliability r;
    assert_int_equal(sp_reliability_compute(x, 6, 3, &r), SP_OK);
    assert_true(r.alpha < 0);
    assert_int_equal(r.worst_item, 2);
    assert_true(r.item_total_r[2] < 0);
    sp_reliability_clear(&r);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(two_items_by_hand),
        cmocka_unit_test(sums_give_the_hand_figures),
        cmocka_unit_test(edge_cases_say_why),
        cmocka_unit_test(negative_alpha_points_at_the_item),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
