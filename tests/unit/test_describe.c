/* test_describe.c - sp_describe against values computed independently:
 * means, medians and shares by hand, t quantiles and intervals with scipy
 * (tests/oracle/unit_values.py prints every constant used here). Weighted
 * cases are worked out by hand from the documented definitions. */
#include "test_util.h"

#include "satpipe/analyze.h"

static const sp_desc_options five = {.scale_min = 1, .scale_max = 5,
                                     .box = 2, .distribution = 1};

static void one_to_five(void **state)
{
    (void)state;
    const double x[] = {1, 2, 3, 4, 5};
    sp_desc d;
    assert_int_equal(sp_describe(x, NULL, 5, &five, &d), SP_OK);
    assert_int_equal(d.n, 5);
    assert_int_equal(d.missing, 0);
    assert_near(d.n_eff, 5, 1e-15);
    assert_near(d.mean, 3.0, 1e-15);
    assert_near(d.sd, sqrt(2.5), 1e-15);             /* by hand */
    assert_near(d.se, 0.70710678118654757, 1e-15);
    assert_near(d.ci_low, 1.0367568385224391, 1e-12);  /* scipy t.ppf */
    assert_near(d.ci_high, 4.9632431614775605, 1e-12);
    assert_near(d.median, 3, 0);
    assert_near(d.min, 1, 0);
    assert_near(d.max, 5, 0);
    assert_near(d.top2, 0.4, 1e-15);                 /* 4 and 5 of five */
    assert_near(d.bottom2, 0.4, 1e-15);              /* 1 and 2 */
    assert_int_equal(d.n_points, 5);
    for (int k = 0; k < 5; k++) {
        assert_int_equal(d.counts[k], 1);
        assert_near(d.shares[k], 0.2, 1e-15);
    }
    sp_desc_clear(&d);
}

static void missing_values_are_skipped(void **state)
{
    (void)state;
    const double x[] = {2, NAN, 4, 4, NAN, 5};
    sp_desc d;
    assert_int_equal(sp_describe(x, NULL, 6, &five, &d), SP_OK);
    assert_int_equal(d.n, 4);
    assert_int_equal(d.missing, 2);
    assert_near(d.mean, 3.75, 1e-15);
    assert_near(d.sd, sqrt(4.75 / 3), 1e-15);        /* by hand */
    assert_near(d.ci_low, 1.7477547746637252, 1e-12);
    assert_near(d.ci_high, 5.7522452253362744, 1e-12);
    assert_near(d.median, 4, 0);                     /* of 2 4 4 5 */
    assert_near(d.top2, 0.75, 1e-15);
    assert_near(d.bottom2, 0.25, 1e-15);
    assert_int_equal(d.counts[3], 2);
    sp_desc_clear(&d);
}

static void single_value_has_no_spread(void **state)
{
    (void)state;
    const double x[] = {NAN, 3};
    sp_desc d;
    assert_int_equal(sp_describe(x, NULL, 2, &five, &d), SP_OK);
    assert_int_equal(d.n, 1);
    assert_near(d.mean, 3.0, 0);
    assert_near(d.median, 3.0, 0);
    assert_true(isnan(d.sd) && isnan(d.se) && isnan(d.ci_low) &&
                isnan(d.ci_high));
    assert_near(d.top2, 0.0, 0);
    sp_desc_clear(&d);
}

static void nothing_answered_is_undefined(void **state)
{
    (void)state;
    const double x[] = {NAN, NAN, NAN};
    sp_desc d;
    assert_int_equal(sp_describe(x, NULL, 3, &five, &d), SP_OK);
    assert_int_equal(d.n, 0);
    assert_int_equal(d.missing, 3);
    assert_true(isnan(d.mean) && isnan(d.sd) && isnan(d.top2) &&
                isnan(d.median) && isnan(d.n_eff));
    assert_int_equal(d.counts[0], 0);
    sp_desc_clear(&d);
    assert_int_equal(sp_describe(x, NULL, 0, NULL, &d), SP_OK);
    assert_int_equal(d.n, 0);
    assert_int_equal(d.n_points, 0);
}

/* Large offsets catch the textbook one-pass formula (as PSPP's tests do). */
static void large_offset_keeps_precision(void **state)
{
    (void)state;
    const double x[] = {1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4, 1e9 + 5};
    sp_desc d;
    assert_int_equal(sp_describe(x, NULL, 5, NULL, &d), SP_OK);
    assert_near(d.mean, 1000000003.0, 1e-6);
    assert_near(d.sd, sqrt(2.5), 1e-6);
}

static void constant_values_have_zero_sd(void **state)
{
    (void)state;
    const double x[] = {4, 4, 4, 4};
    sp_desc d;
    assert_int_equal(sp_describe(x, NULL, 4, &five, &d), SP_OK);
    assert_near(d.sd, 0.0, 0);
    assert_near(d.ci_low, 4.0, 0);
    assert_near(d.ci_high, 4.0, 0);
    assert_near(d.top2, 1.0, 0);
    sp_desc_clear(&d);
}

/* x = 1, 2, 5 with w = 1, 1, 2 (by hand): sum w = 4, mean = 13/4 = 3.25;
 * sum w (x - mean)^2 = 5.0625 + 1.5625 + 6.125 = 12.75; variance =
 * 4 / (16 - 6) * 12.75 = 5.1; n_eff = 16 / 6; median: cumulative weights
 * 1, 2, 4 reach half (2) exactly at 2, so (2 + 5) / 2 = 3.5; top-2 = 2/4. */
static void check_weighted_case(const sp_desc_options *opt)
{
    const double x[] = {1, 2, 5, 3};
    const double w[] = {1, 1, 2, 0};   /* the last has no say */
    sp_desc d;
    assert_int_equal(sp_describe(x, w, 4, opt, &d), SP_OK);
    assert_int_equal(d.n, 3);
    assert_int_equal(d.zero_weight, 1);
    assert_near(d.mean, 3.25, 1e-15);
    assert_near(d.sd, sqrt(5.1), 1e-14);
    assert_near(d.median, 3.5, 0);
    assert_near(d.min, 1, 0);
    assert_near(d.max, 5, 0);
    assert_near(d.top2, 0.5, 1e-15);
    assert_near(d.bottom2, 0.5, 1e-15);
    sp_desc_clear(&d);
}

/* Whole-number answers on the scale are described from counts per scale
 * point (describe.c: describe_points); without a distribution the general
 * path sorts. Both must give the hand-worked figures above, and the same
 * unweighted median at an even n (2 and 3 of 1 2 3 4: 2.5). */
static void both_paths_give_the_hand_values(void **state)
{
    (void)state;
    const sp_desc_options general = {.scale_min = 1, .scale_max = 5,
                                      .box = 2, .distribution = 0};
    check_weighted_case(&five);
    check_weighted_case(&general);
    const double x[] = {4, 1, 3, 2};
    const sp_desc_options *opts[] = {&five, &general};
    for (int i = 0; i < 2; i++) {
        sp_desc d;
        assert_int_equal(sp_describe(x, NULL, 4, opts[i], &d), SP_OK);
        assert_near(d.median, 2.5, 0);
        assert_near(d.sd, sqrt(5.0 / 3.0), 1e-15);   /* by hand */
        sp_desc_clear(&d);
    }
    /* A half point takes the general path and still counts. */
    const double y[] = {1, 2.5, 4};
    sp_desc d;
    assert_int_equal(sp_describe(y, NULL, 3, &five, &d), SP_OK);
    assert_near(d.mean, 2.5, 1e-15);
    assert_near(d.median, 2.5, 0);
    assert_int_equal(d.counts[0] + d.counts[3], 2);   /* 2.5 is no point */
    sp_desc_clear(&d);
}

/* The weighted example below as a tally: points 1, 2 and 5 with weights
 * 1, 1 and 2; the answer of weight 0 left out. By hand as below: mean
 * (1 + 2 + 10) / 4 = 3.25, median 3.5 (half the weight reached at the end
 * of point 2: halfway to 5). */
static void a_tally_gives_the_same_figures(void **state)
{
    (void)state;
    const size_t counts[5] = {1, 1, 0, 0, 1};
    const double weights[5] = {1, 1, 0, 0, 2};
    sp_desc d;
    assert_int_equal(sp_desc_tally_points(&five), 5);
    assert_int_equal(sp_describe_tally(counts, weights, 0, 1, 4, 6, &five, &d),
                     SP_OK);
    assert_int_equal(d.n, 3);
    assert_int_equal(d.zero_weight, 1);
    assert_near(d.mean, 3.25, 1e-15);
    assert_near(d.sd, sqrt(5.1), 1e-14);
    assert_near(d.median, 3.5, 0);
    assert_near(d.shares[4], 0.5, 0);
    sp_desc_clear(&d);
    const sp_desc_options points = {.scale_min = 0, .scale_max = 2000,
                                     .box = 2, .distribution = 1};
    assert_int_equal(sp_desc_tally_points(&points), 0);   /* too long */
}

/* Scores that take known values, given as a tally: 1.5 once, 2.5 twice,
 * 4 once. By hand: mean 10.5 / 4 = 2.625; deviations -1.125, -0.125,
 * -0.125, 1.375, squares summing to 3.1875, variance 3.1875 / 3 =
 * 1.0625; median of 1.5, 2.5, 2.5, 4 = 2.5. Then 1 and 3 once each: the
 * median is halfway, 2. No distribution is kept for such values. */
static void known_values_from_a_tally(void **state)
{
    (void)state;
    const sp_desc_options scores = {.scale_min = 1, .scale_max = 5,
                                    .box = 2, .distribution = 0};
    const double values[] = {1.5, 2.5, 4};
    const size_t counts[] = {1, 2, 1};
    const double weights[] = {1, 2, 1};
    sp_desc d;
    assert_int_equal(sp_describe_values(values, counts, weights, 3, 1, 0, 4,
                                        4, &scores, &d),
                     SP_OK);
    assert_int_equal(d.n, 4);
    assert_int_equal(d.missing, 1);
    assert_near(d.mean, 2.625, 1e-15);
    assert_near(d.sd, sqrt(1.0625), 1e-15);
    assert_near(d.median, 2.5, 0);
    assert_near(d.min, 1.5, 0);
    assert_near(d.max, 4, 0);
    assert_near(d.top2, 0.25, 1e-15);   /* 4 of the top box (4-5) */
    assert_int_equal(d.n_points, 0);
    assert_null(d.counts);
    sp_desc_clear(&d);
    const double two[] = {1, 3};
    const size_t once[] = {1, 1};
    const double unit[] = {1, 1};
    assert_int_equal(sp_describe_values(two, once, unit, 2, 0, 0, 2, 2,
                                        &scores, &d),
                     SP_OK);
    assert_near(d.median, 2, 0);
    sp_desc_clear(&d);
}

static void weights_enter_every_estimate(void **state)
{
    (void)state;
    const double x[] = {1, 2, 5, 3};
    const double w[] = {1, 1, 2, 0};   /* the last has no say */
    sp_desc d;
    assert_int_equal(sp_describe(x, w, 4, &five, &d), SP_OK);
    assert_int_equal(d.n, 3);
    assert_int_equal(d.zero_weight, 1);
    assert_near(d.weight_sum, 4, 0);
    assert_near(d.mean, 3.25, 1e-15);
    assert_near(d.sd, sqrt(5.1), 1e-14);
    assert_near(d.n_eff, 16.0 / 6.0, 1e-14);
    assert_near(d.se, sqrt(5.1) / sqrt(16.0 / 6.0), 1e-14);
    assert_near(d.median, 3.5, 0);
    assert_near(d.top2, 0.5, 1e-15);
    assert_near(d.bottom2, 0.5, 1e-15);
    assert_int_equal(d.counts[4], 1);       /* counts are unweighted */
    assert_near(d.shares[4], 0.5, 1e-15);   /* shares are weighted */
    sp_desc_clear(&d);
    /* Equal weights give the unweighted figures. */
    const double ones[] = {3, 3, 3, 3, 3};
    const double y[] = {1, 2, 3, 4, 5};
    assert_int_equal(sp_describe(y, ones, 5, NULL, &d), SP_OK);
    assert_near(d.sd, sqrt(2.5), 1e-14);
    assert_near(d.n_eff, 5, 1e-14);
    /* All weights 0: nothing to estimate. */
    const double zeros[] = {0, 0, 0, 0, 0};
    assert_int_equal(sp_describe(y, zeros, 5, &five, &d), SP_OK);
    assert_int_equal(d.n, 0);
    assert_int_equal(d.zero_weight, 5);
    assert_true(isnan(d.mean) && isnan(d.top2));
    sp_desc_clear(&d);
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
        cmocka_unit_test(weights_enter_every_estimate),
        cmocka_unit_test(both_paths_give_the_hand_values),
        cmocka_unit_test(a_tally_gives_the_same_figures),
        cmocka_unit_test(known_values_from_a_tally),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
