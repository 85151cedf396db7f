/* encoding.h - character encodings of export files: detection (byte order
 * mark, then UTF-8 validity, then GB18030) and streaming conversion to
 * UTF-8 with glibc's iconv. Bytes that are not valid in the encoding become
 * U+FFFD, which the value stage reports cell by cell. Internal to ingest. */
#ifndef SATPIPE_INGEST_ENCODING_H
#define SATPIPE_INGEST_ENCODING_H

#include <iconv.h>
#include <stddef.h>

#include "satpipe/error.h"

typedef enum ingest_encoding {
    ENC_AUTO = 0,
    ENC_UTF8,
    ENC_UTF16LE,
    ENC_UTF16BE,
    ENC_GB18030,
} ingest_encoding;

/* U+FFFD REPLACEMENT CHARACTER in UTF-8: marks undecodable bytes. */
#define ENC_REPLACEMENT "\xEF\xBF\xBD"

/* Does text[0..len) hold ENC_REPLACEMENT? */
int ingest_has_replacement(const char *text, size_t len);

/* "UTF-8", "UTF-16LE", ... */
const char *ingest_encoding_name(ingest_encoding enc);

/* Parses a spec's `encoding:` value (utf-8, utf-16le, utf-16be, gb18030,
 * gbk, gb2312, auto; any case); 0 when unknown. */
int ingest_encoding_parse(const char *name, ingest_encoding *out);

/* Detects the encoding of a file from its first n bytes (the whole file
 * when at_eof). *bom_len is the length of a byte order mark to skip. */
ingest_encoding ingest_encoding_detect(const char *buf, size_t n, int at_eof,
                                       size_t *bom_len);

/* A growable byte buffer. */
typedef struct ingest_buf {
    char *data;
    size_t len, cap;
} ingest_buf;

typedef struct ingest_decoder {
    ingest_encoding enc;
    iconv_t cd;
    char held[8];      /* an incomplete sequence kept for the next call */
    size_t n_held;
    size_t invalid;    /* undecodable sequences replaced so far */
} ingest_decoder;

/* Opens a decoder from enc (not ENC_AUTO) to UTF-8. */
sp_error ingest_decoder_open(ingest_decoder *d, ingest_encoding enc);
/* Converts in[0..n) into out (replacing its contents). An incomplete
 * sequence at the end is kept for the next call unless final. */
sp_error ingest_decoder_run(ingest_decoder *d, const char *in, size_t n,
                            int final, ingest_buf *out);
/* NULL-safe on a zeroed decoder. */
void ingest_decoder_close(ingest_decoder *d);

#endif
