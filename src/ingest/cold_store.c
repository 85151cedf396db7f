/* cold_store.c - the text of columns no analysis reads (comments, contact
 * details) kept in a temporary file instead of memory: blocks of strings
 * like the dataset's text blocks, each written out once the next begins,
 * and read back one string at a time for the rows written. On a large
 * export these are most of the bytes a response takes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/util.h"
#include "ingest_internal.h"

static const char *cold_dir(void)
{
    const char *dir = getenv("TMPDIR");
    return dir && *dir ? dir : "/tmp";
}

void dataset_text_error(sp_diag *diag, const char *file, long line,
                        sp_error err)
{
    if (err == SP_ERR_INPUT)
        sp_diag_add(diag, SP_ERROR, file, line, 0,
                    "the text columns of the inputs hold more than 4 GiB, "
                    "the most satpipe keeps; read fewer responses at once, "
                    "or leave long text columns out of the spec");
    else if (err == SP_ERR_IO)
        sp_diag_add(diag, SP_ERROR, file, line, 0,
                    "cannot write the temporary file in %s that holds the "
                    "comment and contact columns' text: %s; set TMPDIR to a "
                    "folder with room",
                    cold_dir(), strerror(errno));
}

/* A temporary file in $TMPDIR (else /tmp), unlinked at once: it goes away
 * with the process however it ends. */
static int cold_open(void)
{
    char *path = sp_format("%s/satpipe-text-XXXXXX", cold_dir());
    if (!path)
        return -1;
    int fd = mkstemp(path);
    if (fd >= 0)
        unlink(path);
    free(path);
    return fd;
}

static sp_error cold_write(int fd, const char *bytes, size_t n, uint64_t at)
{
    while (n) {
        ssize_t w = pwrite(fd, bytes, n, (off_t)at);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return SP_ERR_IO;
        bytes += w;
        n -= (size_t)w;
        at += (uint64_t)w;
    }
    return SP_OK;
}

sp_error cold_flush(sp_dataset *ds)
{
    sp_text_block *b = ds->cold_block;
    if (!b)
        return SP_OK;
    if (ds->cold_fd < 0 && (ds->cold_fd = cold_open()) < 0)
        return SP_ERR_IO;
    if (cold_write(ds->cold_fd, b->bytes, b->used, ds->cold_file_size))
        return SP_ERR_IO;
    ds->cold_offsets[ds->n_cold_blocks - 1] = ds->cold_file_size;
    ds->cold_file_size += b->used;
    free(b);
    ds->cold_block = NULL;
    return SP_OK;
}

sp_error cold_copy(sp_dataset *ds, const char *text, size_t len,
                   sp_text_ref *ref)
{
    sp_text_block *b = ds->cold_block;
    int new_block = !b || b->size - b->used < len + 1;
    if (new_block) {
        if (ds->n_cold_blocks >= SP_TEXT_MAX_BLOCKS)
            return SP_ERR_INPUT;   /* a new block would have no ref */
        sp_error err = cold_flush(ds);
        if (!err && sp_grow((void **)&ds->cold_offsets, &ds->cold_blocks_cap,
                            ds->n_cold_blocks + 1,
                            sizeof *ds->cold_offsets))
            err = SP_ERR_NOMEM;
        if (err)
            return err;
    }
    const char *copy = sp_text_store(&ds->cold_block, text, len);
    if (!copy)
        return SP_ERR_NOMEM;
    ds->n_cold_blocks += (size_t)new_block;
    *ref = (sp_text_ref)(ds->n_cold_blocks << SP_TEXT_OFFSET_BITS) |
           (sp_text_ref)(copy - ds->cold_block->bytes);
    return SP_OK;
}

sp_error cold_append(sp_dataset *ds, sp_dataset *from, sp_text_ref *shift)
{
    *shift = (sp_text_ref)(ds->n_cold_blocks << SP_TEXT_OFFSET_BITS);
    if (!from->n_cold_blocks)
        return SP_OK;
    if (ds->n_cold_blocks + from->n_cold_blocks > SP_TEXT_MAX_BLOCKS)
        return SP_ERR_INPUT;
    sp_error err = cold_flush(ds);
    if (!err)
        err = cold_flush(from);
    if (!err && ds->cold_fd < 0 && (ds->cold_fd = cold_open()) < 0)
        err = SP_ERR_IO;
    if (!err && sp_grow((void **)&ds->cold_offsets, &ds->cold_blocks_cap,
                        ds->n_cold_blocks + from->n_cold_blocks,
                        sizeof *ds->cold_offsets))
        err = SP_ERR_NOMEM;
    char *chunk = err ? NULL : malloc(1u << 20);
    if (!err && !chunk)
        err = SP_ERR_NOMEM;
    /* from's file follows ds's: its blocks' offsets move by ds's size. */
    for (uint64_t at = 0; !err && at < from->cold_file_size;) {
        size_t want = from->cold_file_size - at < (1u << 20)
                          ? (size_t)(from->cold_file_size - at)
                          : (size_t)1 << 20;
        ssize_t got = pread(from->cold_fd, chunk, want, (off_t)at);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0 ||
            cold_write(ds->cold_fd, chunk, (size_t)got,
                       ds->cold_file_size + at))
            err = SP_ERR_IO;
        else
            at += (uint64_t)got;
    }
    free(chunk);
    if (err)
        return err;
    for (size_t i = 0; i < from->n_cold_blocks; i++)
        ds->cold_offsets[ds->n_cold_blocks + i] =
            ds->cold_file_size + from->cold_offsets[i];
    ds->n_cold_blocks += from->n_cold_blocks;
    ds->cold_file_size += from->cold_file_size;
    return SP_OK;
}

void cold_free(sp_dataset *ds)
{
    if (ds->cold_fd >= 0)
        close(ds->cold_fd);
    ds->cold_fd = -1;
    free(ds->cold_offsets);
    free(ds->cold_block);
    ds->cold_offsets = NULL;
    ds->cold_block = NULL;
}

/* Bytes read from the cold file at a time. */
#define COLD_WINDOW (64u << 10)

/* The string at `at` of the cold file, from buf's window when it holds it
 * whole, else read with the bytes after it (a string never spans blocks,
 * and every block ends with a NUL). */
static sp_error cold_read(const sp_dataset *ds, uint64_t at,
                          sp_text_buf *buf, const char **text)
{
    if (at >= buf->start && at < buf->start + buf->len &&
        memchr(buf->data + (at - buf->start), '\0',
               buf->len - (size_t)(at - buf->start))) {
        *text = buf->data + (at - buf->start);
        return SP_OK;
    }
    buf->start = at;
    buf->len = 0;
    for (;;) {
        if (buf->cap - buf->len < COLD_WINDOW) {
            size_t grown = buf->cap ? 2 * buf->cap : COLD_WINDOW;
            char *p = realloc(buf->data, grown);
            if (!p)
                return SP_ERR_NOMEM;
            buf->data = p;
            buf->cap = grown;
        }
        ssize_t got = pread(ds->cold_fd, buf->data + buf->len,
                            buf->cap - buf->len, (off_t)(at + buf->len));
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return SP_ERR_IO;
        char *nul = memchr(buf->data + buf->len, '\0', (size_t)got);
        buf->len += (size_t)got;
        if (nul) {
            *text = buf->data;
            return SP_OK;
        }
    }
}

sp_error sp_dataset_text_read(const sp_dataset *ds, size_t variable,
                              size_t row, sp_text_buf *buf,
                              const char **text)
{
    const sp_column *col = &ds->columns[variable];
    sp_text_ref ref = sp_dataset_text_ref(ds, variable, row);
    if (!ref || !col->cold) {
        *text = sp_dataset_text(ds, variable, row);
        return SP_OK;
    }
    size_t block = (ref >> SP_TEXT_OFFSET_BITS) - 1;
    size_t offset = ref & SP_TEXT_OFFSET_MASK;
    if (block + 1 == ds->n_cold_blocks && ds->cold_block) {
        *text = ds->cold_block->bytes + offset;   /* not written yet */
        return SP_OK;
    }
    return cold_read(ds, ds->cold_offsets[block] + offset, buf, text);
}
