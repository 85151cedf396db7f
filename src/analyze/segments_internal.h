/* segments_internal.h - how analyze.c hands the data to segments.c: which
 * rows are valid, their weights, and the measures as a function of a
 * row. */
#ifndef SATPIPE_SEGMENTS_INTERNAL_H
#define SATPIPE_SEGMENTS_INTERNAL_H

#include "satpipe/analyze.h"

typedef struct segments_input segments_input;
struct segments_input {
    const sp_dataset *ds;
    const uint8_t *reason;     /* per row: SP_KEEP for a valid one */
    const double *weights;     /* per valid row, or NULL */
    size_t n_measures;
    size_t nps_measure;        /* index of the NPS measure, or SIZE_MAX */
    const double *top_from;    /* per measure: where the top box starts */
    double (*value)(const segments_input *in, size_t measure, size_t row);
    const void *ctx;           /* for value() */
};

sp_error segments_compute(const segments_input *in, sp_results *res);
void segments_free(sp_results *res);

#endif
