/* inference.c - SERVQUAL gaps as paired t-tests, and the Net Promoter
 * Score with its standard error. */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>

#include "satpipe/analyze.h"

void sp_gap_free(sp_gap *gap)
{
    if (!gap)
        return;
    free(gap->expectation);
    sp_desc_clear(&gap->diff);
    free(gap);
}

/* t = mean difference / its standard error on n_eff - 1 degrees of freedom
 * (unweighted: Student's paired t-test, as R's t.test(paired = TRUE)). */
sp_error sp_gap_test(const double *d, const double *w, size_t n, sp_gap *out)
{
    sp_error err = sp_describe(d, w, n, NULL, &out->diff);
    out->t = out->p = NAN;
    if (err)
        return err;
    if (out->diff.se > 0) {
        out->t = out->diff.mean / out->diff.se;
        out->p = 2 * gsl_cdf_tdist_Q(fabs(out->t), out->diff.n_eff - 1);
    } else if (out->diff.se == 0 && out->diff.mean != 0) {
        out->t = out->diff.mean > 0 ? INFINITY : -INFINITY;
        out->p = 0;
    }
    return SP_OK;
}

/* Promoters answer 9-10, detractors 0-6 (Reichheld 2003). With p and d
 * their shares, NPS = 100 (p - d); its variance per answer is
 * p + d - (p - d)^2, so SE = 100 sqrt((p + d - (p - d)^2) / n_eff) and
 * the 95% interval is NPS +- 1.96 SE. */
double sp_nps_se(double promoters, double detractors, double n_eff)
{
    /* The variance of a score of +1, 0, -1 with these shares. */
    double var = promoters + detractors -
                 (promoters - detractors) * (promoters - detractors);
    return 100 * sqrt(var / n_eff);
}

sp_error sp_nps_compute(const double *x, const double *w, size_t n,
                        sp_nps_result *out)
{
    sp_desc_options opt = sp_nps_desc_options();
    sp_error err = sp_describe(x, w, n, &opt, &out->stats);
    sp_nps_from_stats(out);
    return err;
}

sp_desc_options sp_nps_desc_options(void)
{
    return (sp_desc_options){.scale_min = 0, .scale_max = 10, .box = 2,
                             .distribution = 1};
}

void sp_nps_from_stats(sp_nps_result *out)
{
    out->promoters = out->passives = out->detractors = NAN;
    out->nps = out->se = out->ci_low = out->ci_high = NAN;
    if (out->stats.n == 0)
        return;
    double p = 0, d = 0;
    for (size_t k = 0; k < out->stats.n_points; k++) {
        if (k >= 9)
            p += out->stats.shares[k];
        else if (k <= 6)
            d += out->stats.shares[k];
    }
    out->promoters = p;
    out->detractors = d;
    out->passives = 1 - p - d;
    out->nps = 100 * (p - d);
    out->se = sp_nps_se(p, d, out->stats.n_eff);
    out->ci_low = out->nps - 1.959963984540054 * out->se;
    out->ci_high = out->nps + 1.959963984540054 * out->se;
}
