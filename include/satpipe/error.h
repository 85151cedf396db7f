/* error.h - the one error enum of satpipe and the diagnostics collector.
 *
 * Every fallible function returns an sp_error; the details a person needs
 * (file, line, column, what to do) are added to an sp_diag, so that context
 * is collected in one place and printed once, by the CLI. */
#ifndef SATPIPE_ERROR_H
#define SATPIPE_ERROR_H

#include <stddef.h>
#include <stdio.h>

typedef enum sp_error {
    SP_OK = 0,
    SP_ERR_NOMEM,        /* out of memory */
    SP_ERR_IO,           /* a file could not be read or written */
    SP_ERR_USAGE,        /* the command line is wrong */
    SP_ERR_SPEC,         /* the survey spec is invalid or does not fit the data */
    SP_ERR_INPUT,        /* an export file is malformed */
    SP_ERR_NO_DATA,      /* nothing left to analyse */
    SP_ERR_OUTPUT,       /* the workbook or JSON could not be written */
    SP_ERR__COUNT
} sp_error;

/* A static English description of an error code; never NULL. */
const char *sp_strerror(sp_error err);

typedef enum sp_severity { SP_WARNING, SP_ERROR } sp_severity;

typedef struct sp_diag_entry {
    sp_severity severity;
    char *file;   /* may be NULL */
    long line;    /* 1-based, 0 when unknown */
    long column;  /* 1-based, 0 when unknown */
    char *message;
} sp_diag_entry;

typedef struct sp_diag {
    sp_diag_entry *entries;
    size_t count, capacity;
    size_t errors, warnings;
    size_t dropped;  /* entries lost to out-of-memory */
} sp_diag;

/* Allocates an empty collector; NULL when out of memory. */
sp_diag *sp_diag_new(void);
/* NULL-safe. */
void sp_diag_free(sp_diag *diag);

/* Adds one entry. file may be NULL, line/column 0 when unknown. Never fails:
 * an entry that cannot be stored is counted in diag->dropped. diag may be
 * NULL (the message is discarded). */
void sp_diag_add(sp_diag *diag, sp_severity severity, const char *file,
                 long line, long column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Moves every entry of `from` to the end of diag, in order, and leaves
 * `from` empty (a thread's own collector joining the run's). */
void sp_diag_append(sp_diag *diag, sp_diag *from);

/* Drops the entries i for which keep[i] is 0, keeping the others in
 * order (a thread's messages some of which the run already has enough of). */
void sp_diag_filter(sp_diag *diag, const unsigned char *keep);

/* Turns the errors added since entry `from` into warnings (a failure that
 * the caller decided to tolerate, such as a file skipped on request). */
void sp_diag_downgrade(sp_diag *diag, size_t from);

/* Prints entries of severity `least` or graver as "file:line:column:
 * error: message", one per line. */
void sp_diag_print(const sp_diag *diag, sp_severity least, FILE *out);

#endif
