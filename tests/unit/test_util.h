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

/* Asserts |a - b| <= tol, printing both values when it fails. */
#define assert_near(a, b, tol)                                              \
    do {                                                                    \
        double a_ = (a), b_ = (b);                                          \
        if (!(fabs(a_ - b_) <= (tol)))                                      \
            fail_msg("%s = %.15g, expected %.15g (tolerance %g)", #a, a_,    \
                     b_, (double)(tol));                                    \
    } while (0)

#endif
