/* describe.c - descriptives of one variable: mean and sd from GSL's running
 * statistics (Welford's algorithm, sample variance with n - 1), the 95%
 * confidence interval from Student's t (GSL), and the top-2-box share. */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rstat.h>
#include <math.h>

#include "satpipe/analyze.h"

sp_error sp_describe(const double *x, size_t n, double top_from,
                     sp_desc *out)
{
    *out = (sp_desc){.mean = NAN, .sd = NAN, .se = NAN, .ci_low = NAN,
                     .ci_high = NAN, .top2 = NAN};
    gsl_rstat_workspace *w = gsl_rstat_alloc();
    if (!w)
        return SP_ERR_NOMEM;
    size_t top = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i])) {
            out->missing++;
            continue;
        }
        gsl_rstat_add(x[i], w);
        if (x[i] >= top_from)
            top++;
    }
    out->n = gsl_rstat_n(w);
    if (out->n >= 1) {
        out->mean = gsl_rstat_mean(w);
        out->top2 = (double)top / (double)out->n;
    }
    if (out->n >= 2) {
        out->sd = gsl_rstat_sd(w);
        out->se = out->sd / sqrt((double)out->n);
        double t = gsl_cdf_tdist_Pinv(0.975, (double)(out->n - 1));
        out->ci_low = out->mean - t * out->se;
        out->ci_high = out->mean + t * out->se;
    }
    gsl_rstat_free(w);
    return SP_OK;
}
