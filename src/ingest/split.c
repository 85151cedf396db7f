/* split.c - where to cut one large export so that two threads can read its
 * halves: the first line end after the middle that an even number of
 * quotes precedes, and how many lines come before it. The cut is only a
 * guess (a stray quote in unquoted text fools the count); the reader
 * checks that a record really ended there and reads on alone if not. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reader.h"

#define SCAN_BLOCK (1 << 20)

/* Occurrences of byte c in b[0..n), found by memchr (vectorised in
 * glibc): line ends and quotes are a few per hundred bytes. */
static size_t count_byte(const unsigned char *b, size_t n, int c)
{
    size_t count = 0;
    for (const unsigned char *p = b, *end = b + n;
         p < end && (p = memchr(p, c, (size_t)(end - p))) != NULL; p++)
        count++;
    return count;
}

/* The lines ended in b[0..n) the way the reader counts them: every "\r",
 * and every "\n" that no "\r" precedes (prev: the byte before b). */
static long count_lines(const unsigned char *b, size_t n, unsigned char prev)
{
    long lines = (long)count_byte(b, n, '\n');
    if (n && b[0] == '\n' && prev == '\r')
        lines--;   /* the "\r" ending the block before ended its line */
    if (!memchr(b, '\r', n))
        return lines;
    for (size_t i = 0; i < n; i++)
        if (b[i] == '\r')
            lines += i + 1 == n || b[i + 1] != '\n';
    return lines;
}

int ingest_find_cut(int fd, off_t size, ingest_cut *cut)
{
    unsigned char *b = malloc(SCAN_BLOCK);
    if (!b)
        return 0;
    off_t at = 0, middle = size / 2, give_up = size - size / 4;
    size_t quotes = 0;
    long lines = 0;
    unsigned char prev = 0;
    int found = 0;
    while (!found && at < give_up) {
        size_t want = SCAN_BLOCK;
        if (at < middle && (off_t)want > middle - at)
            want = (size_t)(middle - at);   /* counts only, up to the middle */
        ssize_t n = pread(fd, b, want, at);
        if (n <= 0)
            break;
        size_t len = (size_t)n, end = len;
        if (at >= middle)   /* look for the cut: a "\n" outside quotes */
            for (size_t i = 0; i < len; i++) {
                quotes += b[i] == '"';
                if (b[i] == '\n' && quotes % 2 == 0) {
                    end = i + 1;
                    found = 1;
                    break;
                }
            }
        else
            quotes += count_byte(b, len, '"');
        lines += count_lines(b, end, prev);
        prev = b[end - 1];
        at += (off_t)end;
    }
    free(b);
    if (found && at < size) {
        cut->offset = at;
        cut->lines_before = lines;
    }
    return found && at < size;
}
