/* duration.c - completion times as platforms export them: seconds,
 * "mm:ss" or "h:mm:ss", Wenjuanxing's "125秒" and "2分5秒", and timestamps
 * (for a duration derived from start and end times). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest_internal.h"

value_status ingest_convert_duration(const char *text, size_t len,
                                     double *seconds)
{
    text = ingest_trim(text, &len);
    if (len == 0)
        return VALUE_EMPTY;
    if (ingest_convert_number(text, len, seconds) == VALUE_OK)
        return *seconds >= 0 ? VALUE_OK : VALUE_INVALID;
    char buf[64];
    if (len >= sizeof buf || memchr(text, '\0', len))
        return VALUE_INVALID;
    memcpy(buf, text, len);
    buf[len] = '\0';
    /* h:mm:ss or mm:ss */
    unsigned a, b, c;
    int used = 0;
    if (sscanf(buf, "%u:%2u:%2u%n", &a, &b, &c, &used) == 3 &&
        (size_t)used == len && b < 60 && c < 60) {
        *seconds = a * 3600.0 + b * 60.0 + c;
        return VALUE_OK;
    }
    if (sscanf(buf, "%u:%2u%n", &a, &b, &used) == 2 && (size_t)used == len &&
        b < 60) {
        *seconds = a * 60.0 + b;
        return VALUE_OK;
    }
    /* 1小时2分5秒, 2分5秒, 125秒, 2分钟: number-unit pairs, units in
     * falling order. */
    static const struct {
        const char *unit;
        double factor;
    } units[] = {{"小时", 3600}, {"时", 3600}, {"分钟", 60}, {"分", 60},
                 {"秒", 1}};
    const char *p = buf;
    double total = 0;
    size_t next_unit = 0;
    int parts = 0;
    while (*p) {
        char *end;
        unsigned long v = strtoul(p, &end, 10);
        if (end == p)
            return VALUE_INVALID;
        size_t u = next_unit;
        while (u < sizeof units / sizeof units[0] &&
               strncmp(end, units[u].unit, strlen(units[u].unit)) != 0)
            u++;
        if (u == sizeof units / sizeof units[0])
            return VALUE_INVALID;
        total += (double)v * units[u].factor;
        p = end + strlen(units[u].unit);
        next_unit = u + 1;
        parts++;
    }
    if (!parts)
        return VALUE_INVALID;
    *seconds = total;
    return VALUE_OK;
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static long days_from_civil(long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

/* Reads up to max_digits digits; NULL when there is none. */
static const char *read_uint(const char *p, int max_digits, unsigned *out)
{
    unsigned v = 0;
    int n = 0;
    while (n < max_digits && p[n] >= '0' && p[n] <= '9')
        v = v * 10 + (unsigned)(p[n++] - '0');
    if (!n)
        return NULL;
    *out = v;
    return p + n;
}

int ingest_parse_timestamp(const char *text, size_t len, double *seconds)
{
    text = ingest_trim(text, &len);
    char buf[64];
    if (len == 0 || len >= sizeof buf || memchr(text, '\0', len))
        return 0;
    memcpy(buf, text, len);
    buf[len] = '\0';
    /* Date: Y-M-D or Y/M/D (ISO, Chinese), or M/D/Y (SurveyMonkey and
     * Google Forms in the US). */
    unsigned a, b, c, y, mo, d, h = 0, mi = 0, s = 0;
    const char *p = read_uint(buf, 4, &a);
    if (!p || (*p != '-' && *p != '/'))
        return 0;
    char sep = *p;
    if (!(p = read_uint(p + 1, 2, &b)) || *p != sep ||
        !(p = read_uint(p + 1, 4, &c)))
        return 0;
    if (a >= 1900) {
        y = a, mo = b, d = c;
    } else if (c >= 1900 && sep == '/') {
        mo = a, d = b, y = c;
    } else {
        return 0;
    }
    /* Time: [ T]H:M[:S[.fraction]][ AM|PM][Z] */
    if (*p == ' ' || *p == 'T') {
        while (*p == ' ' || *p == 'T')
            p++;
        if (!(p = read_uint(p, 2, &h)) || *p != ':' ||
            !(p = read_uint(p + 1, 2, &mi)))
            return 0;
        if (*p == ':' && !(p = read_uint(p + 1, 2, &s)))
            return 0;
        if (*p == '.')
            while (*++p >= '0' && *p <= '9')
                ;
        while (*p == ' ')
            p++;
        if ((p[0] == 'A' || p[0] == 'P' || p[0] == 'a' || p[0] == 'p') &&
            (p[1] == 'M' || p[1] == 'm')) {
            if (h < 1 || h > 12)
                return 0;
            h = h % 12 + ((p[0] == 'P' || p[0] == 'p') ? 12 : 0);
            p += 2;
        }
        if (*p == 'Z')
            p++;
    }
    if (*p || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
        s > 60)
        return 0;
    *seconds = (double)days_from_civil((long)y, mo, d) * 86400.0 +
               h * 3600.0 + mi * 60.0 + s;
    return 1;
}
