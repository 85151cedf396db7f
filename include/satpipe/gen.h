/* gen.h - writes a synthetic SERVQUAL export with known structure, for the
 * samples, tests and benchmarks: five dimensions of six 1-5 items each
 * (one reverse-worded item in reliability), overall satisfaction driven by
 * the dimensions with the published relative importances, a 0-10
 * recommendation, region and channel, comments, contacts, missing codes.
 * The same options and seed give the same bytes. */
#ifndef SATPIPE_GEN_H
#define SATPIPE_GEN_H

#include <stddef.h>

#include "satpipe/error.h"

typedef struct sp_gen_options {
    size_t responses;
    unsigned long seed;
    size_t files;        /* responses are split over this many exports */
    const char *dir;     /* existing folder to write into */
} sp_gen_options;

/* Writes DIR/survey.yaml and DIR/export_NN.csv. */
sp_error sp_gen_write(const sp_gen_options *opt, sp_diag *diag);

#endif
