/* encoding.c - detection and conversion of export encodings (see
 * encoding.h). Excel writes UTF-8 with a BOM or UTF-16LE with a BOM
 * ("Unicode text"); Chinese Excel and Wenjuanxing write GBK, which GB18030
 * contains. */
#include "encoding.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const enc_names[] = {
    [ENC_AUTO] = "auto", [ENC_UTF8] = "UTF-8", [ENC_UTF16LE] = "UTF-16LE",
    [ENC_UTF16BE] = "UTF-16BE", [ENC_GB18030] = "GB18030"};

const char *ingest_encoding_name(ingest_encoding enc)
{
    return enc_names[enc];
}

int ingest_encoding_parse(const char *name, ingest_encoding *out)
{
    static const struct {
        const char *name;
        ingest_encoding enc;
    } aliases[] = {
        {"auto", ENC_AUTO},       {"utf-8", ENC_UTF8},
        {"utf8", ENC_UTF8},       {"utf-16le", ENC_UTF16LE},
        {"utf-16be", ENC_UTF16BE}, {"gb18030", ENC_GB18030},
        {"gbk", ENC_GB18030},     {"gb2312", ENC_GB18030},
        {"cp936", ENC_GB18030},
    };
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcasecmp(name, aliases[i].name) == 0) {
            *out = aliases[i].enc;
            return 1;
        }
    return 0;
}

/* Length of the valid UTF-8 sequence at s (1-4), 0 when invalid, -1 when
 * cut off by the end of the buffer. Rejects overlongs and surrogates. */
static int utf8_sequence(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    int len;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    for (int i = 1; i < len; i++) {
        if ((size_t)i >= n)
            return -1;
        unsigned char b = s[i];
        if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF))
            return 0;
    }
    return len;
}

ingest_encoding ingest_encoding_detect(const char *buf, size_t n, int at_eof,
                                       size_t *bom_len)
{
    const unsigned char *s = (const unsigned char *)buf;
    *bom_len = 0;
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        *bom_len = 3;
        return ENC_UTF8;
    }
    if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
        *bom_len = 2;
        return ENC_UTF16LE;
    }
    if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
        *bom_len = 2;
        return ENC_UTF16BE;
    }
    /* Valid UTF-8 throughout the sample (a sequence cut by the sample's end
     * is fine unless the file ends there) is UTF-8. So is UTF-8 text with a
     * few stray bytes (under one per 20 valid multi-byte characters): the
     * stray bytes are then reported, where reading it as GB18030 would
     * silently garble every other character. Anything else is taken for
     * GB18030, which accepts almost any byte sequence. */
    size_t multibyte = 0, invalid = 0;
    for (size_t i = 0; i < n;) {
        int len = utf8_sequence(s + i, n - i);
        if (len < 0 && !at_eof)
            break;
        if (len <= 0) {
            invalid++;
            i++;
            continue;
        }
        multibyte += len > 1;
        i += (size_t)len;
    }
    if (invalid == 0 || invalid * 20 < multibyte)
        return ENC_UTF8;
    return ENC_GB18030;
}

sp_error ingest_decoder_open(ingest_decoder *d, ingest_encoding enc)
{
    *d = (ingest_decoder){.enc = enc, .cd = (iconv_t)-1};
    if (enc == ENC_UTF8)
        return SP_OK;   /* validated in place: see convert_utf8 */
    d->cd = iconv_open("UTF-8", ingest_encoding_name(enc));
    return d->cd == (iconv_t)-1 ? SP_ERR_IO : SP_OK;
}

void ingest_decoder_close(ingest_decoder *d)
{
    if (d->cd != (iconv_t)-1 && d->cd != NULL)
        iconv_close(d->cd);
    d->cd = (iconv_t)-1;
}

static sp_error buf_reserve(ingest_buf *b, size_t extra)
{
    if (b->len + extra <= b->cap)
        return SP_OK;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + extra)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p)
        return SP_ERR_NOMEM;
    b->data = p;
    b->cap = cap;
    return SP_OK;
}

static sp_error buf_append(ingest_buf *b, const char *s, size_t n)
{
    sp_error err = buf_reserve(b, n);
    if (!err) {
        memcpy(b->data + b->len, s, n);
        b->len += n;
    }
    return err;
}

int ingest_has_replacement(const char *text, size_t len)
{
    /* memchr for its first byte, which ASCII text never holds, is many
     * times faster than memmem over a block. */
    const char *end = text + len;
    for (const char *p = text; end - p >= 3; p++) {
        if (!(p = memchr(p, 0xEF, (size_t)(end - p - 2))))
            return 0;
        if (memcmp(p, ENC_REPLACEMENT, 3) == 0)
            return 1;
    }
    return 0;
}

/* The unit a bad sequence is skipped by: a code unit of the encoding. */
static size_t skip_unit(ingest_encoding enc)
{
    return enc == ENC_UTF16LE || enc == ENC_UTF16BE ? 2 : 1;
}

/* UTF-8 input needs no conversion, only validation: valid runs are copied
 * as they are (glibc's UTF-8 to UTF-8 iconv goes through UCS-4 and costs
 * more than parsing the CSV). */
static sp_error convert_utf8(ingest_decoder *d, const char *src, size_t n,
                             int final, ingest_buf *out, size_t *consumed)
{
    const unsigned char *s = (const unsigned char *)src;
    size_t i = 0, run = 0;
    sp_error err = buf_reserve(out, n + 16);
    while (!err && i < n) {
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        int len = utf8_sequence(s + i, n - i);
        if (len > 0) {
            i += (size_t)len;
            continue;
        }
        if (len < 0 && !final)
            break;   /* cut by the chunk's end: keep it for the next call */
        /* Copy the valid run before the bad byte, then U+FFFD for it. */
        memcpy(out->data + out->len, src + run, i - run);
        out->len += i - run;
        d->invalid++;
        if (!(err = buf_append(out, ENC_REPLACEMENT, 3)))
            err = buf_reserve(out, n - i + 16);
        run = ++i;
    }
    if (err)
        return err;
    memcpy(out->data + out->len, src + run, i - run);
    out->len += i - run;
    *consumed = i;
    return SP_OK;
}

/* Converts src[0..n) into out; returns bytes consumed (less than n only
 * when an incomplete sequence is left at the end and !final). */
static sp_error convert(ingest_decoder *d, const char *src, size_t n,
                        int final, ingest_buf *out, size_t *consumed)
{
    if (d->enc == ENC_UTF8)
        return convert_utf8(d, src, n, final, out, consumed);
    char *in = (char *)src;
    size_t left = n;
    while (left > 0) {
        sp_error err = buf_reserve(out, left * 2 + 16);
        if (err)
            return err;
        char *dst = out->data + out->len;
        size_t room = out->cap - out->len;
        size_t r = iconv(d->cd, &in, &left, &dst, &room);
        out->len = (size_t)(dst - out->data);
        if (r != (size_t)-1)
            break;
        if (errno == E2BIG)
            continue;
        if (errno == EINVAL && !final)
            break;  /* incomplete sequence: keep it for the next call */
        /* EILSEQ, or EINVAL at the very end: replace and go on. */
        size_t skip = skip_unit(d->enc) < left ? skip_unit(d->enc) : left;
        in += skip;
        left -= skip;
        d->invalid++;
        if ((err = buf_append(out, ENC_REPLACEMENT, 3)) != SP_OK)
            return err;
        iconv(d->cd, NULL, NULL, NULL, NULL);   /* reset shift state */
    }
    *consumed = n - left;
    return SP_OK;
}

sp_error ingest_decoder_run(ingest_decoder *d, const char *in, size_t n,
                            int final, ingest_buf *out)
{
    out->len = 0;
    const char *src = in;
    size_t len = n;
    char *joined = NULL;
    if (d->n_held) {   /* a sequence cut by the previous chunk's end */
        if (!(joined = malloc(d->n_held + n)))
            return SP_ERR_NOMEM;
        memcpy(joined, d->held, d->n_held);
        memcpy(joined + d->n_held, in, n);
        src = joined;
        len = d->n_held + n;
        d->n_held = 0;
    }
    size_t used = len;
    sp_error err = convert(d, src, len, final, out, &used);
    /* iconv leaves at most one incomplete sequence (< 8 bytes) behind. */
    if (!err && used < len && len - used <= sizeof d->held) {
        d->n_held = len - used;
        memcpy(d->held, src + used, d->n_held);
    }
    free(joined);
    return err;
}
