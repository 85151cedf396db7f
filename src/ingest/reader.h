/* reader.h - how merge.c drives csv_reader.c: the settings resolved once
 * from the spec (layout and encoding overrides) and the reader of one
 * export. Internal to ingest. */
#ifndef SATPIPE_INGEST_READER_H
#define SATPIPE_INGEST_READER_H

#include <stdio.h>

#include "encoding.h"
#include "ingest_internal.h"

typedef struct ingest_settings {
    const ingest_layout *layout;  /* NULL: detect per file */
    ingest_encoding encoding;     /* ENC_AUTO: detect per file */
} ingest_settings;

typedef struct ingest_sample ingest_sample;

/* Reads one export (fp, or data[0..len) when fp is NULL) into ds; with a
 * sample, its cells go to the sample instead (ds only records the file). */
sp_error ingest_read(sp_dataset *ds, const char *name, FILE *fp,
                     const char *data, size_t len,
                     const ingest_settings *settings, ingest_sample *sample,
                     sp_diag *diag);

#endif
