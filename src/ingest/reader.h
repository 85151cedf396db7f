/* reader.h - how merge.c drives csv_reader.c: the settings resolved once
 * from the spec (layout and encoding overrides) and the reader of one
 * export. Internal to ingest. */
#ifndef SATPIPE_INGEST_READER_H
#define SATPIPE_INGEST_READER_H

#include <stdio.h>
#include <sys/types.h>

#include "encoding.h"
#include "ingest_internal.h"

typedef struct ingest_settings {
    const ingest_layout *layout;  /* NULL: detect per file */
    ingest_encoding encoding;     /* ENC_AUTO: detect per file */
    int threads;                  /* 2: a large file is read in two halves */
    off_t split_min;              /* ... when it has this many bytes */
} ingest_settings;

/* A file of this size or more is read in two halves at once. */
#define INGEST_SPLIT_MIN ((off_t)8 << 20)

/* Where the second half of a file starts (split.c). */
typedef struct ingest_cut {
    off_t offset;        /* just after a "\n" */
    long lines_before;   /* lines ended before offset */
} ingest_cut;

/* Finds a cut of the file fd (size bytes) near its middle: 1 when found.
 * Only a guess: a record must be seen to end there before it is used. */
int ingest_find_cut(int fd, off_t size, ingest_cut *cut);

typedef struct ingest_sample ingest_sample;

/* Reads one export (fp, or data[0..len) when fp is NULL) into ds; with a
 * sample, its cells go to the sample instead (ds only records the file). */
sp_error ingest_read(sp_dataset *ds, const char *name, FILE *fp,
                     const char *data, size_t len,
                     const ingest_settings *settings, ingest_sample *sample,
                     sp_diag *diag);

#endif
