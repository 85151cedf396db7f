/* inputs.c - turns the command line's inputs (files and folders) into the
 * list of export files. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../core/util.h"
#include "ingest_internal.h"
#include "satpipe/ingest.h"

typedef struct file_list {
    char **files;
    size_t n, cap;
} file_list;

static sp_error list_add(file_list *l, char *path)
{
    if (!path)
        return SP_ERR_NOMEM;
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->files[i], path) == 0) {   /* given twice: read once */
            free(path);
            return SP_OK;
        }
    if (sp_grow((void **)&l->files, &l->cap, l->n + 1, sizeof(char *))) {
        free(path);
        return SP_ERR_NOMEM;
    }
    l->files[l->n++] = path;
    return SP_OK;
}

static int has_csv_suffix(const char *name)
{
    size_t len = strlen(name);
    return len > 4 && strcasecmp(name + len - 4, ".csv") == 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds every *.csv of a folder (not hidden files), sorted by name. */
static sp_error list_folder(file_list *l, const char *dir, sp_diag *diag)
{
    DIR *d = opendir(dir);
    if (!d) {
        sp_diag_add(diag, SP_ERROR, dir, 0, 0, "cannot open folder: %s",
                    strerror(errno));
        return SP_ERR_IO;
    }
    file_list found = {0};
    sp_error err = SP_OK;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || !has_csv_suffix(e->d_name))
            continue;
        size_t len = strlen(dir);
        const char *sep = len && dir[len - 1] == '/' ? "" : "/";
        if ((err = list_add(&found, sp_format("%s%s%s", dir, sep,
                                              e->d_name))) != SP_OK)
            break;
    }
    closedir(d);
    if (!err && found.n == 0) {
        sp_diag_add(diag, SP_ERROR, dir, 0, 0,
                    "the folder holds no .csv file; give the folder of the "
                    "exports, or the files themselves");
        err = SP_ERR_IO;
    }
    if (found.n)
        qsort(found.files, found.n, sizeof(char *), compare_names);
    for (size_t i = 0; i < found.n; i++) {
        if (!err)
            err = list_add(l, found.files[i]);
        else
            free(found.files[i]);
    }
    free(found.files);
    return err;
}

sp_error sp_ingest_list_inputs(char *const *inputs, size_t n_inputs,
                               char ***files, size_t *n_files, sp_diag *diag)
{
    file_list l = {0};
    sp_error ret = SP_OK;
    for (size_t i = 0; i < n_inputs; i++) {
        struct stat st;
        sp_error err;
        if (stat(inputs[i], &st) != 0) {
            ingest_say_cannot_open(diag, inputs[i]);
            err = SP_ERR_IO;
        } else if (S_ISDIR(st.st_mode)) {
            err = list_folder(&l, inputs[i], diag);
        } else {
            err = list_add(&l, sp_strdup(inputs[i]));
        }
        if (err == SP_ERR_NOMEM) {
            ret = err;
            break;
        }
        if (err && !ret)
            ret = err;
    }
    if (!ret && l.n == 0) {
        sp_diag_add(diag, SP_ERROR, NULL, 0, 0, "no input files given");
        ret = SP_ERR_USAGE;
    }
    if (ret) {
        sp_ingest_free_list(l.files, l.n);
        return ret;
    }
    *files = l.files;
    *n_files = l.n;
    return SP_OK;
}

void sp_ingest_free_list(char **files, size_t n_files)
{
    sp_strv_free(files, n_files);
}

void ingest_say_cannot_open(sp_diag *diag, const char *path)
{
    sp_diag_add(diag, SP_ERROR, path, 0, 0,
                "cannot open: %s; check the path and its permissions",
                strerror(errno));
}
