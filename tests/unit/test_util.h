/* test_util.h - what the unit tests share: cmocka, and a comparison of
 * doubles with a tolerance. */
#ifndef SATPIPE_TEST_UTIL_H
#define SATPIPE_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "satpipe/error.h"

/* Asserts |a - b| <= tol, printing both values when it fails. */
#define assert_near(a, b, tol)                                              \
    do {                                                                    \
        double a_ = (a), b_ = (b);                                          \
        if (!(fabs(a_ - b_) <= (tol)))                                      \
            fail_msg("%s = %.15g, expected %.15g (tolerance %g)", #a, a_,    \
                     b_, (double)(tol));                                    \
    } while (0)

/* Asserts that diag holds a message of `severity` at `line` (and `column`,
 * unless it is negative) containing `words`; lists the messages if not. */
static inline void assert_diag(const sp_diag *diag, sp_severity severity,
                               long line, long column, const char *words)
{
    for (size_t i = 0; i < diag->count; i++) {
        const sp_diag_entry *e = &diag->entries[i];
        if (e->severity == severity && e->line == line &&
            (column < 0 || e->column == column) && strstr(e->message, words))
            return;
    }
    for (size_t i = 0; i < diag->count; i++)
        print_message("  %ld:%ld: %s\n", diag->entries[i].line,
                      diag->entries[i].column, diag->entries[i].message);
    fail_msg("no message at line %ld containing '%s'", line, words);
}

#endif
