/* test_drivers.c - key-driver analysis against statsmodels OLS on z-scores
 * (betas, SE, p), statsmodels' VIF and numpy's Johnson weights, printed by
 * tests/oracle/unit_values.py; Shapley values of two drivers by hand; the
 * degenerate inputs; and a bootstrap that is the same on one thread or
 * two. */
#include "test_util.h"

#include <gsl/gsl_errno.h>
#include <string.h>

#include "analyze/drivers_internal.h"
#include "satpipe/analyze.h"

/* 8 respondents: x1, x2 per row, and the outcome. */
static const double X[] = {3, 2, 4, 4, 2, 3, 5, 5, 4, 3, 3, 2, 1, 2, 4, 5};
static const double Y[] = {3, 4, 2, 5, 3, 3, 1, 5};

static sp_drivers_result *table(size_t p)
{
    sp_drivers_result *t = calloc(1, sizeof *t);
    t->items = calloc(p, sizeof(sp_driver_result));
    t->n_items = p;
    static char *keys[] = {"x1", "x2", "x3"};
    for (size_t j = 0; j < p; j++)
        t->items[j].key = keys[j];
    return t;
}

static void table_free(sp_drivers_result *t)
{
    free(t->items);
    free(t->note);
    free(t);
}

static void two_drivers_match_statsmodels(void **state)
{
    (void)state;
    sp_drivers_result *t = table(2);
    assert_int_equal(sp_drivers_compute(X, Y, NULL, 8, 2, NULL, t), SP_OK);
    const sp_driver_result *a = &t->items[0], *b = &t->items[1];
    assert_near(a->r, 0.92295820699089737, 1e-12);
    assert_near(b->r, 0.84270097160038449, 1e-12);
    assert_near(a->beta, 0.66145338167680989, 1e-12);
    assert_near(b->beta, 0.3538006460131774, 1e-12);
    assert_near(t->r2, 0.90864197530864199, 1e-12);
    assert_near(t->adj_r2, 0.87209876543209885, 1e-12);
    assert_near(a->se, 0.20068299018960309, 1e-12);
    assert_near(a->p, 0.02157008594374191, 1e-12);
    assert_near(b->p, 0.13819125162943527, 1e-12);
    assert_near(a->vif, 2.2041666666666666, 1e-12);
    assert_near(a->rw_raw, 0.52517444981213102, 1e-12);
    assert_near(b->rw_raw, 0.38346752549651097, 1e-12);
    assert_near(a->rw_raw + b->rw_raw, t->r2, 1e-12);   /* sum to R^2 */
    assert_near(a->rw_pct + b->rw_pct, 100, 1e-12);
    /* Shapley of two drivers by hand: (r1^2 + R^2 - r2^2) / 2. */
    double r1 = a->r, r2 = b->r;
    assert_near(a->shapley, (r1 * r1 + t->r2 - r2 * r2) / 2, 1e-12);
    assert_near(b->shapley, (r2 * r2 + t->r2 - r1 * r1) / 2, 1e-12);
    assert_near(a->rank, 1, 0);
    assert_near(b->rank, 2, 0);
    assert_int_equal(t->shapley_exact, 1);
    assert_non_null(strstr(t->note, "fewer than 10 per driver"));
    table_free(t);
}

static void degenerate_inputs_get_a_note(void **state)
{
    (void)state;
    /* x2 = 2 * x1: perfectly collinear. */
    const double col[] = {1, 2, 2, 4, 3, 6, 4, 8, 5, 10};
    const double y[] = {2, 1, 4, 3, 5};
    sp_drivers_result *t = table(2);
    assert_int_equal(sp_drivers_compute(col, y, NULL, 5, 2, NULL, t), SP_OK);
    assert_non_null(strstr(t->note, "x2 is (almost) a combination"));
    assert_true(isnan(t->items[0].beta) && isnan(t->r2) &&
                isnan(t->items[0].rw_pct));
    assert_false(isnan(t->items[0].r));   /* correlations still stand */
    table_free(t);
    /* A constant driver. */
    const double flat[] = {3, 1, 3, 2, 3, 3, 3, 4, 3, 5};
    t = table(2);
    assert_int_equal(sp_drivers_compute(flat, y, NULL, 5, 2, NULL, t), SP_OK);
    assert_non_null(strstr(t->note, "x1 does not vary"));
    assert_true(isnan(t->items[1].beta));
    table_free(t);
    /* Fewer responses than drivers need. */
    t = table(2);
    assert_int_equal(sp_drivers_compute(X, Y, NULL, 3, 2, NULL, t), SP_OK);
    assert_non_null(strstr(t->note, "Only 3 responses"));
    assert_true(isnan(t->r2));
    table_free(t);
}

/* Random-looking but fixed data, so that intervals are not degenerate. */
static void fill(double *x, double *y, size_t n, size_t p)
{
    unsigned long s = 12345;
    for (size_t k = 0; k < n; k++) {
        double sum = 0;
        for (size_t j = 0; j < p; j++) {
            s = s * 6364136223846793005UL + 1442695040888963407UL;
            x[k * p + j] = (double)((s >> 33) % 5 + 1);
            sum += (double)(j + 1) * x[k * p + j];
        }
        s = s * 6364136223846793005UL + 1442695040888963407UL;
        y[k] = sum / (double)p + (double)((s >> 33) % 3);
    }
}

static void bootstrap_is_the_same_on_one_or_two_threads(void **state)
{
    (void)state;
    enum { N = 300, P = 3 };
    static double x[N * P], y[N];
    fill(x, y, N, P);
    sp_driver_options one = {.resamples = 200, .seed = 7, .threads = 1};
    sp_driver_options two = {.resamples = 200, .seed = 7, .threads = 2};
    sp_drivers_result *a = table(P), *b = table(P);
    assert_int_equal(sp_drivers_compute(x, y, NULL, N, P, &one, a), SP_OK);
    assert_int_equal(sp_drivers_compute(x, y, NULL, N, P, &two, b), SP_OK);
    assert_int_equal(a->resamples, 200);
    for (size_t j = 0; j < P; j++) {
        assert_memory_equal(&a->items[j].rw_ci_low, &b->items[j].rw_ci_low,
                            sizeof(double));
        assert_memory_equal(&a->items[j].rank_ci_high,
                            &b->items[j].rank_ci_high, sizeof(double));
        assert_true(a->items[j].rw_ci_low <= a->items[j].rw_pct &&
                    a->items[j].rw_pct <= a->items[j].rw_ci_high);
    }
    /* The strongest driver (x3 carries weight 3) ranks first throughout. */
    assert_near(a->items[2].rank, 1, 0);
    sp_driver_options other = {.resamples = 200, .seed = 8, .threads = 2};
    sp_drivers_result *c = table(P);
    assert_int_equal(sp_drivers_compute(x, y, NULL, N, P, &other, c), SP_OK);
    assert_true(c->items[0].rw_ci_low != a->items[0].rw_ci_low ||
                c->items[0].rw_ci_high != a->items[0].rw_ci_high);
    table_free(a);
    table_free(b);
    table_free(c);
}

/* Weights that are all equal change nothing; a weight of 2 is a copy. */
static void weights_are_honoured(void **state)
{
    (void)state;
    const double ones[] = {1, 1, 1, 1, 1, 1, 1, 1};
    sp_drivers_result *u = table(2), *w = table(2);
    sp_drivers_compute(X, Y, NULL, 8, 2, NULL, u);
    sp_drivers_compute(X, Y, ones, 8, 2, NULL, w);
    assert_near(w->items[0].beta, u->items[0].beta, 1e-12);
    assert_near(w->items[0].rw_raw, u->items[0].rw_raw, 1e-12);
    table_free(u);
    table_free(w);
    /* Row 0 weighted 2 gives the correlations of the data with row 0
     * duplicated. */
    const double w2[] = {2, 1, 1, 1, 1, 1, 1, 1};
    double x9[18], y9[9];
    memcpy(x9, X, sizeof X);
    memcpy(x9 + 16, X, 2 * sizeof(double));
    memcpy(y9, Y, sizeof Y);
    y9[8] = Y[0];
    sp_drivers_result *a = table(2), *b = table(2);
    sp_drivers_compute(X, Y, w2, 8, 2, NULL, a);
    sp_drivers_compute(x9, y9, NULL, 9, 2, NULL, b);
    assert_near(a->items[1].r, b->items[1].r, 1e-12);
    assert_near(a->items[0].beta, b->items[0].beta, 1e-12);
    assert_near(a->items[0].rw_pct, b->items[0].rw_pct, 1e-12);
    table_free(a);
    table_free(b);
}

/* 3,000 rows of one driver (x = r mod 7) and an outcome (y = r mod 5),
 * weight 1, centre 0: more than SP_BOOTSTRAP_GROUPS, so the first 2,048
 * rows are units of their own until row 2,049 deals them into groups.
 * The groups must be those of dealing every row from the start: the
 * expected sums are made here by drawing each row's group in turn from
 * GSL's MT19937 seeded as the grouping is (seed x 1000003, the resample
 * number being (size_t)-1 + 1 = 0), and adding 1, x, y, x^2, xy, y^2. */
static void groups_dealt_late_are_the_groups_from_the_start(void **state)
{
    (void)state;
    const unsigned long seed = 7;
    drivers_units *u;
    assert_int_equal(drivers_units_new(1, seed, &u), SP_OK);
    const double centre[2] = {0, 0};
    double d[2];
    for (size_t r = 0; r < 3000; r++) {
        double x = (double)(r % 7), y = (double)(r % 5);
        assert_int_equal(drivers_units_add(u, &x, y, 1, centre, d), SP_OK);
    }
    assert_int_equal(u->n_units, SP_BOOTSTRAP_GROUPS);
    size_t size = drivers_moments_size(1);   /* w, x, y, xx, yx, yy */
    assert_int_equal(size, 6);
    double *expected = calloc(SP_BOOTSTRAP_GROUPS * size, sizeof *expected);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed * 1000003UL);
    for (size_t r = 0; r < 3000; r++) {
        double x = (double)(r % 7), y = (double)(r % 5);
        double *g = expected + gsl_rng_uniform_int(rng, SP_BOOTSTRAP_GROUPS) *
                                   size;
        g[0] += 1;
        g[1] += x;
        g[2] += y;
        g[3] += x * x;
        g[4] += y * x;
        g[5] += y * y;
    }
    for (size_t i = 0; i < SP_BOOTSTRAP_GROUPS * size; i++)
        assert_near(u->moments[i], expected[i], 0);
    gsl_rng_free(rng);
    free(expected);
    drivers_units_free(u);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(two_drivers_match_statsmodels),
        cmocka_unit_test(degenerate_inputs_get_a_note),
        cmocka_unit_test(bootstrap_is_the_same_on_one_or_two_threads),
        cmocka_unit_test(weights_are_honoured),
        cmocka_unit_test(groups_dealt_late_are_the_groups_from_the_start),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
