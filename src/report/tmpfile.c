/* tmpfile.c - atomic output: a temporary file in the target folder (so the
 * final rename stays on one file system and is atomic), renamed into place
 * at the end, removed on failure; and the checked close every writer ends
 * with. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/util.h"
#include "report_internal.h"

/* The temporary files being written, for sp_report_remove_temporaries:
 * a slot is filled before its flag is set and its flag cleared before the
 * slot is reused, so a signal handler reads only whole paths. Outputs
 * are written one after the other, from one thread. */
enum { PENDING_SLOTS = 8, PENDING_PATH = 4096 };
static char pending_path[PENDING_SLOTS][PENDING_PATH];
static volatile sig_atomic_t pending_used[PENDING_SLOTS];

static void pending_add(const char *path)
{
    size_t len = strlen(path);
    for (int i = 0; i < PENDING_SLOTS && len < PENDING_PATH; i++)
        if (!pending_used[i]) {
            memcpy(pending_path[i], path, len + 1);
            pending_used[i] = 1;
            return;
        }
}

static void pending_drop(const char *path)
{
    for (int i = 0; i < PENDING_SLOTS; i++)
        if (pending_used[i] && strcmp(pending_path[i], path) == 0)
            pending_used[i] = 0;
}

void sp_report_remove_temporaries(void)
{
    for (int i = 0; i < PENDING_SLOTS; i++)
        if (pending_used[i])
            unlink(pending_path[i]);
}

sp_error report_tmp_create(report_tmp *tmp, const char *path, sp_diag *diag)
{
    *tmp = (report_tmp){0};
    const char *slash = strrchr(path, '/');
    int dir_len = slash ? (int)(slash - path + 1) : 0;
    tmp->final_path = sp_strdup(path);
    tmp->tmp_path = sp_format("%.*s.%s.XXXXXX", dir_len, path,
                              slash ? slash + 1 : path);
    if (!tmp->final_path || !tmp->tmp_path) {
        report_tmp_discard(tmp);
        return SP_ERR_NOMEM;
    }
    /* SIGINT and the like wait until the file is on the list that their
     * handler empties: else one arriving in between would leave it. */
    sigset_t stop, old;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stop, &old);
    int fd = mkstemp(tmp->tmp_path);
    if (fd >= 0)
        pending_add(tmp->tmp_path);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (fd < 0) {
        sp_diag_add(diag, SP_ERROR, path, 0, 0,
                    "cannot create the output file: %s; check that the "
                    "folder exists and is writable", strerror(errno));
        free(tmp->tmp_path);
        tmp->tmp_path = NULL;
        report_tmp_discard(tmp);
        return SP_ERR_OUTPUT;
    }
    /* mkstemp makes the file 0600; give it the mode a new file gets.
     * umask can only be read by setting it: do this before any thread. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);   /* best effort: 0600 is still usable */
    close(fd);
    return SP_OK;
}

/* Flushes a file (or folder) to disk, so that after a power cut the
 * renamed output holds the new bytes or the old, never an empty file. */
static int tmp_sync(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

sp_error report_tmp_commit(report_tmp *tmp, sp_diag *diag)
{
    sp_error ret = SP_OK;
    if (tmp_sync(tmp->tmp_path) != 0) {
        sp_diag_add(diag, SP_ERROR, tmp->final_path, 0, 0,
                    "cannot flush the finished file to disk: %s",
                    strerror(errno));
        ret = SP_ERR_OUTPUT;
    } else if (rename(tmp->tmp_path, tmp->final_path) != 0) {
        sp_diag_add(diag, SP_ERROR, tmp->final_path, 0, 0,
                    "cannot move the finished file into place: %s",
                    strerror(errno));
        ret = SP_ERR_OUTPUT;
    } else {
        pending_drop(tmp->tmp_path);
        free(tmp->tmp_path);
        tmp->tmp_path = NULL;
        /* The rename itself lives in the folder; best effort. */
        const char *slash = strrchr(tmp->final_path, '/');
        char *dir = slash ? sp_format("%.*s", (int)(slash - tmp->final_path + 1),
                                      tmp->final_path)
                          : sp_strdup(".");
        if (dir)
            tmp_sync(dir);
        free(dir);
    }
    report_tmp_discard(tmp);
    return ret;
}

void report_tmp_discard(report_tmp *tmp)
{
    if (tmp->tmp_path) {
        unlink(tmp->tmp_path);
        pending_drop(tmp->tmp_path);
    }
    free(tmp->tmp_path);
    free(tmp->final_path);
    *tmp = (report_tmp){0};
}

FILE *report_open(const char *path, const char *display_path,
                  const char *what, sp_diag *diag)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        sp_diag_add(diag, SP_ERROR, display_path, 0, 0, "cannot write %s: %s",
                    what, strerror(errno));
    return fp;
}

sp_error report_close(FILE *fp, const char *display_path, const char *what,
                      sp_diag *diag)
{
    int failed = ferror(fp);
    if (fclose(fp) != 0 || failed) {
        sp_diag_add(diag, SP_ERROR, display_path, 0, 0, "cannot write %s: %s",
                    what, strerror(errno));
        return SP_ERR_OUTPUT;
    }
    return SP_OK;
}

void report_say_reading_failed(const char *display_path, const char *what,
                               sp_error err, sp_diag *diag)
{
    sp_diag_add(diag, SP_ERROR, display_path, 0, 0,
                "cannot write %s: %s", what,
                err == SP_ERR_NOMEM
                    ? "out of memory"
                    : "the comment and contact text kept in a temporary "
                      "file could not be read back; check the space and "
                      "health of TMPDIR (or /tmp) and run again");
}

sp_error report_fail_reading(FILE *fp, const char *display_path,
                             const char *what, sp_error err, sp_diag *diag)
{
    fclose(fp);
    report_say_reading_failed(display_path, what, err, diag);
    return err;
}
