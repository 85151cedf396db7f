/* clean_internal.h - what the clean stage's files share: the context the
 * rules read, and the rules that look at one row or at all rows. */
#ifndef SATPIPE_CLEAN_INTERNAL_H
#define SATPIPE_CLEAN_INTERNAL_H

#include "satpipe/clean.h"

typedef struct clean_ctx {
    const sp_dataset *ds;
    const sp_cleaning_config *config;
    double speeder_seconds;      /* NAN: no durations, rule not applied */
    const uint8_t *duplicate;    /* bit row % 8 of byte row / 8: set for
                                  * a duplicate to drop */
} clean_ctx;

/* Rules on one row: nonzero when the row fails (clean_rules.c). */
int clean_fails_preview(const clean_ctx *c, size_t row);
int clean_fails_unfinished(const clean_ctx *c, size_t row);
int clean_fails_no_answers(const clean_ctx *c, size_t row);
int clean_fails_attention(const clean_ctx *c, size_t row);
int clean_fails_speeder(const clean_ctx *c, size_t row);
int clean_fails_straightliner(const clean_ctx *c, size_t row);
int clean_fails_low_variability(const clean_ctx *c, size_t row);
int clean_fails_invalid_values(const clean_ctx *c, size_t row);
int clean_fails_too_little(const clean_ctx *c, size_t row);

/* Rows eligible for duplicate detection and the speeder median: well
 * formed, not previews or unfinished, something answered. */
int clean_row_eligible(const clean_ctx *c, size_t row);

/* Sets row's bit of duplicate (as clean_ctx.duplicate) for every copy to
 * drop: rows sharing an id, or (without an id) identical answers in the
 * same file; the latest copy is kept (or the earliest), by submission
 * time, else by input order (clean_duplicates.c). */
sp_error clean_mark_duplicates(const clean_ctx *c, uint8_t *duplicate);

/* *median: the median duration of eligible rows, NAN when none is
 * known. */
sp_error clean_median_duration(const clean_ctx *c, double *median);

#endif
