/* waves_internal.h - how analyze.c hands the data to waves.c: the valid
 * rows, their weights, each row's wave label, and the measures. */
#ifndef SATPIPE_WAVES_INTERNAL_H
#define SATPIPE_WAVES_INTERNAL_H

#include "satpipe/analyze.h"

typedef struct waves_input waves_input;
struct waves_input {
    const uint32_t *rows;      /* valid rows */
    const double *weights;     /* per valid row, or NULL */
    size_t n_valid;
    size_t n_measures;
    size_t nps_measure;        /* index of the NPS measure, or SIZE_MAX */
    const char *const *keys, *const *labels, *const *kinds;
    const double *top_from;    /* per measure: where the top box starts */
    const char *(*label)(const waves_input *in, size_t row);
    double (*value)(const waves_input *in, size_t measure, size_t row);
    const void *ctx;
};

sp_error waves_compute(const waves_input *in, sp_waves_result *w);
void waves_free(sp_waves_result *w);

#endif
