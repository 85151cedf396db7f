/* error.c - sp_strerror and the diagnostics collector (see error.h). */
#include "satpipe/error.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char *const error_text[SP_ERR__COUNT] = {
    [SP_OK] = "no error",
    [SP_ERR_NOMEM] = "out of memory",
    [SP_ERR_IO] = "input/output error",
    [SP_ERR_USAGE] = "usage error",
    [SP_ERR_SPEC] = "invalid survey spec",
    [SP_ERR_INPUT] = "malformed input file",
    [SP_ERR_NO_DATA] = "no responses to analyse",
    [SP_ERR_OUTPUT] = "output could not be written",
};

const char *sp_strerror(sp_error err)
{
    if ((unsigned)err >= SP_ERR__COUNT)
        return "unknown error";
    return error_text[err];
}

sp_diag *sp_diag_new(void)
{
    return calloc(1, sizeof(sp_diag));
}

void sp_diag_free(sp_diag *diag)
{
    if (!diag)
        return;
    for (size_t i = 0; i < diag->count; i++) {
        free(diag->entries[i].file);
        free(diag->entries[i].message);
    }
    free(diag->entries);
    free(diag);
}

void sp_diag_add(sp_diag *diag, sp_severity severity, const char *file,
                 long line, long column, const char *fmt, ...)
{
    if (!diag)
        return;
    if (severity == SP_ERROR)
        diag->errors++;
    else
        diag->warnings++;
    if (sp_grow((void **)&diag->entries, &diag->capacity, diag->count + 1,
                sizeof(sp_diag_entry)) != SP_OK) {
        diag->dropped++;
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    char *message = sp_vformat(fmt, ap);
    va_end(ap);
    char *file_copy = file ? sp_strdup(file) : NULL;
    if (!message || (file && !file_copy)) {
        free(message);
        free(file_copy);
        diag->dropped++;
        return;
    }
    diag->entries[diag->count++] = (sp_diag_entry){
        .severity = severity, .file = file_copy, .line = line,
        .column = column, .message = message};
}

void sp_diag_append(sp_diag *diag, sp_diag *from)
{
    if (!diag || !from)
        return;
    diag->errors += from->errors;
    diag->warnings += from->warnings;
    diag->dropped += from->dropped;
    size_t moved = 0;
    if (from->count && sp_grow((void **)&diag->entries, &diag->capacity,
                diag->count + from->count, sizeof(sp_diag_entry)) == SP_OK) {
        memcpy(diag->entries + diag->count, from->entries,
               from->count * sizeof(sp_diag_entry));
        diag->count += moved = from->count;
    }
    for (size_t i = moved; i < from->count; i++) {   /* out of memory */
        free(from->entries[i].file);
        free(from->entries[i].message);
        diag->dropped++;
    }
    from->count = from->errors = from->warnings = from->dropped = 0;
}

void sp_diag_filter(sp_diag *diag, const unsigned char *keep)
{
    size_t kept = 0;
    for (size_t i = 0; diag && i < diag->count; i++) {
        sp_diag_entry *e = &diag->entries[i];
        if (keep[i]) {
            diag->entries[kept++] = *e;
            continue;
        }
        if (e->severity == SP_ERROR)
            diag->errors--;
        else
            diag->warnings--;
        free(e->file);
        free(e->message);
    }
    if (diag)
        diag->count = kept;
}

void sp_diag_downgrade(sp_diag *diag, size_t from)
{
    for (size_t i = from; diag && i < diag->count; i++)
        if (diag->entries[i].severity == SP_ERROR) {
            diag->entries[i].severity = SP_WARNING;
            diag->errors--;
            diag->warnings++;
        }
}

void sp_diag_print(const sp_diag *diag, sp_severity least, FILE *out)
{
    if (!diag)
        return;
    for (size_t i = 0; i < diag->count; i++) {
        const sp_diag_entry *e = &diag->entries[i];
        if (e->severity < least)
            continue;
        if (e->file) {
            fputs(e->file, out);
            if (e->line > 0)
                fprintf(out, ":%ld", e->line);
            if (e->column > 0)
                fprintf(out, ":%ld", e->column);
            fputs(": ", out);
        } else {
            fputs("satpipe: ", out);
        }
        fprintf(out, "%s: %s\n", e->severity == SP_ERROR ? "error" : "warning",
                e->message);
    }
    if (diag->dropped)
        fprintf(out, "(%zu further messages lost: out of memory)\n",
                diag->dropped);
}
