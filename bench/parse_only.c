/* parse_only.c - the baseline `make bench` holds satpipe against: read an
 * export in 1 MB blocks, split it into fields with libcsv and convert each
 * field as satpipe's ingest would (a whole number where it is one, else the
 * text is only looked at), nothing else. Prints rows, fields and a checksum
 * so that no work can be optimised away.
 *   usage: parse_only FILE.csv... */
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct tally {
    unsigned long long rows, fields, numbers, text_bytes;
    long long sum;
} tally;

static void on_field(void *data, size_t len, void *arg)
{
    tally *t = arg;
    char buf[32], *end;
    t->fields++;
    if (len > 0 && len < sizeof buf) {
        memcpy(buf, data, len);
        buf[len] = '\0';
        errno = 0;
        long v = strtol(buf, &end, 10);
        if (!*end && !errno) {
            t->numbers++;
            t->sum += v;
            return;
        }
    }
    t->text_bytes += len;
}

static void on_row(int c, void *arg)
{
    (void)c;
    ((tally *)arg)->rows++;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: parse_only FILE.csv...\n", stderr);
        return 2;
    }
    tally t = {0};
    char *block = malloc(1 << 20);
    if (!block)
        return 1;
    for (int i = 1; i < argc; i++) {
        FILE *fp = fopen(argv[i], "rb");
        struct csv_parser p;
        if (!fp || csv_init(&p, CSV_APPEND_NULL) != 0) {
            fprintf(stderr, "parse_only: %s: %s\n", argv[i], strerror(errno));
            return 1;
        }
        size_t n;
        while ((n = fread(block, 1, 1 << 20, fp)) > 0)
            if (csv_parse(&p, block, n, on_field, on_row, &t) != n) {
                fprintf(stderr, "parse_only: %s: %s\n", argv[i],
                        csv_strerror(csv_error(&p)));
                return 1;
            }
        csv_fini(&p, on_field, on_row, &t);
        csv_free(&p);
        fclose(fp);
    }
    free(block);
    printf("%llu rows, %llu fields, %llu numbers (sum %lld), %llu text "
           "bytes\n", t.rows, t.fields, t.numbers, t.sum, t.text_bytes);
    return 0;
}
