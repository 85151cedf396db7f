/* history.c - the SQLite run history (see history.h). Schema version 1:
 *   meta(key, value)            application = satpipe, schema_version = 1
 *   runs(id, run_at, title, spec, version, waves)
 *   run_files(run_id, path, sha256, rows)
 *   figures(wave, kind, key, segment, value, n, n_eff, mean, sd, top2,
 *           promoters, detractors, importance, run_id)
 *           kind: dimension, item, overall, nps, segment, driver
 * A newer schema is refused; an empty database is created at version 1; a
 * database without satpipe's meta is someone else's and is refused. */
#include "satpipe/history.h"

#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/util.h"
#include "history_internal.h"
#include "satpipe/analyze.h"
#include "satpipe/version.h"

#define HISTORY_SCHEMA 1
#define HISTORY_BUSY_MS 30000
#define HISTORY_STR_(x) #x
#define HISTORY_STR(x) HISTORY_STR_(x)

struct sp_history {
    sqlite3 *db;
    char *path;
    int in_transaction;
};

static const char schema_v1[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE runs(id INTEGER PRIMARY KEY, run_at TEXT NOT NULL,"
    " title TEXT, spec TEXT, version TEXT, waves TEXT);"
    "CREATE TABLE run_files(run_id INTEGER NOT NULL REFERENCES runs(id),"
    " path TEXT NOT NULL, sha256 TEXT, rows INTEGER);"
    "CREATE TABLE figures(wave TEXT NOT NULL, kind TEXT NOT NULL,"
    " key TEXT NOT NULL, segment TEXT NOT NULL DEFAULT '',"
    " value TEXT NOT NULL DEFAULT '', n INTEGER, n_eff REAL, mean REAL,"
    " sd REAL, top2 REAL, promoters REAL, detractors REAL,"
    " importance REAL, run_id INTEGER REFERENCES runs(id),"
    " PRIMARY KEY(wave, kind, key, segment, value));"
    "INSERT INTO meta VALUES('application', 'satpipe');"
    "INSERT INTO meta VALUES('schema_version', '1');";

static sp_error history_fail(sp_history *h, sp_diag *diag, const char *what)
{
    sp_diag_add(diag, SP_ERROR, h->path, 0, 0, "%s: %s", what,
                sqlite3_errmsg(h->db));
    return SP_ERR_IO;
}

/* Schema: create it in an empty database, check it in ours, refuse
 * anything else. Runs inside the write transaction. */
static sp_error history_migrate(sp_history *h, sp_diag *diag)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(h->db, "SELECT count(*) FROM sqlite_master",
                                -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        sp_diag_add(diag, SP_ERROR, h->path, 0, 0,
                    "not a satpipe history database (%s); give another "
                    "--history file. This one was not changed.",
                    sqlite3_errmsg(h->db));
        return SP_ERR_IO;
    }
    int tables = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (tables == 0) {
        if (sqlite3_exec(h->db, schema_v1, NULL, NULL, NULL) != SQLITE_OK)
            return history_fail(h, diag, "cannot create the history tables");
        return SP_OK;
    }
    int version = -1;
    if (sqlite3_prepare_v2(h->db,
                           "SELECT (SELECT value FROM meta WHERE key = "
                           "'application'), (SELECT value FROM meta WHERE "
                           "key = 'schema_version')",
                           -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) &&
        strcmp((const char *)sqlite3_column_text(st, 0), "satpipe") == 0)
        version = sqlite3_column_int(st, 1);
    sqlite3_finalize(st);
    if (version < 1) {
        sp_diag_add(diag, SP_ERROR, h->path, 0, 0,
                    "this SQLite database is not a satpipe history; give "
                    "another --history file. This one was not changed.");
        return SP_ERR_IO;
    }
    if (version > HISTORY_SCHEMA) {
        sp_diag_add(diag, SP_ERROR, h->path, 0, 0,
                    "written by a newer satpipe (schema %d, this one knows "
                    "%d); upgrade satpipe", version, HISTORY_SCHEMA);
        return SP_ERR_IO;
    }
    return SP_OK;   /* version 1: nothing to migrate yet */
}

sp_error sp_history_open(const char *path, sp_history **out, sp_diag *diag)
{
    *out = NULL;
    sp_history *h = calloc(1, sizeof *h);
    if (!h || !(h->path = sp_strdup(path))) {
        free(h);
        return SP_ERR_NOMEM;
    }
    if (sqlite3_open_v2(path, &h->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        sp_error err = history_fail(h, diag, "cannot open the history");
        sp_history_close(h);
        return err;
    }
    sqlite3_busy_timeout(h->db, HISTORY_BUSY_MS);
    /* The write lock now: a second run waits here, then goes on. */
    int rc = sqlite3_exec(h->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        if (rc == SQLITE_BUSY)
            sp_diag_add(diag, SP_ERROR, path, 0, 0,
                        "the history is in use by another run for more "
                        "than %d s; try again later (%s)",
                        HISTORY_BUSY_MS / 1000, sqlite3_errmsg(h->db));
        else
            sp_diag_add(diag, SP_ERROR, path, 0, 0,
                        "cannot use the history: %s; give another "
                        "--history file. This one was not changed.",
                        sqlite3_errmsg(h->db));
        sp_history_close(h);
        return SP_ERR_IO;
    }
    h->in_transaction = 1;
    sp_error err = history_migrate(h, diag);
    if (err) {
        sp_history_close(h);
        return err;
    }
    *out = h;
    return SP_OK;
}

typedef struct figure_row {
    const char *wave, *kind, *key, *segment, *value;
    size_t n;
    double n_eff, mean, sd, top2, promoters, detractors, importance;
} figure_row;

static void bind_real(sqlite3_stmt *st, int i, double v)
{
    if (isfinite(v))
        sqlite3_bind_double(st, i, v);
    else
        sqlite3_bind_null(st, i);
}

static int insert_figure(sqlite3_stmt *st, const figure_row *f,
                         sqlite3_int64 run)
{
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, f->wave, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, f->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, f->key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, f->segment ? f->segment : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, f->value ? f->value : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)f->n);
    bind_real(st, 7, f->n_eff);
    bind_real(st, 8, f->mean);
    bind_real(st, 9, f->sd);
    bind_real(st, 10, f->top2);
    bind_real(st, 11, f->promoters);
    bind_real(st, 12, f->detractors);
    bind_real(st, 13, f->importance);
    sqlite3_bind_int64(st, 14, run);
    return sqlite3_step(st) == SQLITE_DONE;
}

static sqlite3_int64 insert_run(sp_history *h, const char *spec_path,
                                const sp_results *res)
{
    char when[32], waves[512] = "";
    time_t now = time(NULL);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    for (size_t i = 0; i < res->waves.n_waves; i++)
        snprintf(waves + strlen(waves), sizeof waves - strlen(waves), "%s%s",
                 i ? "," : "", res->waves.labels[i]);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h->db, "INSERT INTO runs(run_at, title, spec, "
                                  "version, waves) VALUES(?, ?, ?, ?, ?)",
                           -1, &st, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_text(st, 1, when, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, res->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, spec_path, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, SP_VERSION, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, waves, -1, SQLITE_STATIC);
    int ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    if (!ok || sqlite3_prepare_v2(h->db, "INSERT INTO run_files VALUES(?, ?, "
                                         "?, ?)", -1, &st, NULL) != SQLITE_OK)
        return 0;
    sqlite3_int64 run = sqlite3_last_insert_rowid(h->db);
    for (size_t i = 0; i < res->n_sources && ok; i++) {
        char hex[65] = "";
        int hashed = history_sha256(res->sources[i].path, hex);
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, run);
        sqlite3_bind_text(st, 2, res->sources[i].path, -1, SQLITE_STATIC);
        if (hashed)
            sqlite3_bind_text(st, 3, hex, -1, SQLITE_TRANSIENT);
        else
            sqlite3_bind_null(st, 3);
        sqlite3_bind_int64(st, 4, (sqlite3_int64)res->sources[i].rows);
        ok = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    return ok ? run : 0;
}

/* Every wave's figures; segments and drivers only when the run is one
 * wave, since they are computed over all the run's responses together and
 * would be wrong under any single wave's label. */
static int stage_figures(sp_history *h, const sp_results *res,
                         sqlite3_int64 run)
{
    const sp_waves_result *w = &res->waves;
    sqlite3_stmt *del, *ins;
    if (sqlite3_prepare_v2(h->db, "DELETE FROM figures WHERE wave = ?", -1,
                           &del, NULL) != SQLITE_OK)
        return 0;
    if (sqlite3_prepare_v2(h->db, "INSERT INTO figures VALUES(?, ?, ?, ?, ?, "
                                  "?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           -1, &ins, NULL) != SQLITE_OK) {
        sqlite3_finalize(del);
        return 0;
    }
    int ok = 1;
    for (size_t v = 0; v < w->n_waves && ok; v++) {
        sqlite3_reset(del);
        sqlite3_bind_text(del, 1, w->labels[v], -1, SQLITE_STATIC);
        ok = sqlite3_step(del) == SQLITE_DONE;
        for (size_t m = 0; m < w->n_measures && ok; m++) {
            const sp_wave_figure *f = &w->figures[v * w->n_measures + m];
            figure_row r = {w->labels[v], w->kinds[m], w->keys[m], NULL,
                            NULL, f->n, f->n_eff, f->mean, f->sd, f->top2,
                            f->promoters, f->detractors, NAN};
            ok = insert_figure(ins, &r, run);
        }
    }
    const char *latest = w->labels[w->n_waves - 1];
    int one_wave = w->n_waves == 1;
    for (size_t i = 0; one_wave && i < res->n_segments && ok; i++) {
        const sp_segment_result *seg = &res->segments[i];
        for (size_t g = 0; g < seg->n_values && ok; g++)
            for (size_t m = 0; m < res->n_measures && ok; m++) {
                const sp_segment_cell *c = &seg->cells[g * res->n_measures + m];
                figure_row r = {latest, "segment", res->measure_keys[m],
                                seg->column, seg->values[g].label, c->n,
                                c->n_eff, c->mean, c->sd, c->top2, NAN, NAN,
                                NAN};
                ok = insert_figure(ins, &r, run);
            }
    }
    for (size_t j = 0; one_wave && j < res->drivers.n_items && ok; j++) {
        const sp_driver_result *d = &res->drivers.items[j];
        figure_row r = {latest, "driver", d->key, NULL, NULL, res->drivers.n,
                        NAN, NAN, NAN, NAN, NAN, NAN, d->rw_pct};
        ok = insert_figure(ins, &r, run);
    }
    sqlite3_finalize(del);
    sqlite3_finalize(ins);
    return ok;
}

/* Overall satisfaction and the NPS in the trend's latest two waves. */
static sp_error read_headline(sp_history *h, sp_trend *t)
{
    if (t->n_waves < 2)
        return SP_OK;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h->db, "SELECT n, n_eff, mean, sd, top2, "
                                  "promoters, detractors FROM figures WHERE "
                                  "kind = ? AND key = ? AND wave = ?",
                           -1, &st, NULL) != SQLITE_OK)
        return SP_ERR_IO;
    for (int nps = 0; nps < 2; nps++)
        for (int v = 0; v < 2; v++) {
            sp_wave_figure *f = nps ? &t->nps[v] : &t->overall[v];
            const char *kind = nps ? "nps" : "overall";
            *f = (sp_wave_figure){.n_eff = NAN, .mean = NAN, .sd = NAN,
                                  .top2 = NAN, .promoters = NAN,
                                  .detractors = NAN, .nps = NAN,
                                  .nps_se = NAN};
            sqlite3_reset(st);
            sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 3, t->waves[t->n_waves - 2 + (size_t)v], -1,
                              SQLITE_STATIC);
            if (sqlite3_step(st) != SQLITE_ROW)
                continue;
            double col[6];
            for (int c = 0; c < 6; c++)
                col[c] = sqlite3_column_type(st, c + 1) == SQLITE_NULL
                             ? NAN : sqlite3_column_double(st, c + 1);
            f->n = (size_t)sqlite3_column_int64(st, 0);
            f->n_eff = col[0];
            f->mean = col[1];
            f->sd = col[2];
            f->top2 = col[3];
            if (nps) {
                f->promoters = col[4];
                f->detractors = col[5];
                f->nps = 100 * (col[4] - col[5]);
                f->nps_se = sp_nps_se(col[4], col[5], col[0]);
            }
        }
    sqlite3_finalize(st);
    return SP_OK;
}

/* The last SP_TREND_WAVES waves, each dimension's mean in each, and the
 * latest change tested on the stored n_eff, mean and sd. */
static sp_error read_trend(sp_history *h, sp_results *res)
{
    sp_trend *t = calloc(1, sizeof *t);
    if (!t)
        return SP_ERR_NOMEM;
    res->trend = t;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h->db, "SELECT wave FROM (SELECT DISTINCT wave "
                                  "FROM figures WHERE kind = 'dimension' "
                                  "ORDER BY wave DESC LIMIT "
                                  HISTORY_STR(SP_TREND_WAVES)
                                  ") ORDER BY wave",
                           -1, &st, NULL) != SQLITE_OK)
        return SP_ERR_IO;
    t->waves = calloc(SP_TREND_WAVES, sizeof(char *));
    int ok = t->waves != NULL;
    while (ok && sqlite3_step(st) == SQLITE_ROW)
        ok = (t->waves[t->n_waves++] = sp_strdup(
                  (const char *)sqlite3_column_text(st, 0))) != NULL;
    sqlite3_finalize(st);
    if (!ok)
        return SP_ERR_NOMEM;
    t->dimensions = calloc(res->n_dimensions ? res->n_dimensions : 1,
                           sizeof *t->dimensions);
    if (!t->waves || !t->dimensions)
        return SP_ERR_NOMEM;
    if (sqlite3_prepare_v2(h->db, "SELECT n, n_eff, mean, sd FROM figures "
                                  "WHERE kind = 'dimension' AND key = ? AND "
                                  "wave = ?", -1, &st, NULL) != SQLITE_OK)
        return SP_ERR_IO;
    for (size_t d = 0; d < res->n_dimensions; d++) {
        sp_trend_dimension *td = &t->dimensions[t->n_dimensions++];
        td->key = sp_strdup(res->dimensions[d].key);
        td->label = sp_strdup(res->dimensions[d].label);
        td->mean = malloc(SP_TREND_WAVES * sizeof(double));
        td->n = calloc(SP_TREND_WAVES, sizeof(size_t));
        if (!td->key || !td->label || !td->mean || !td->n) {
            sqlite3_finalize(st);
            return SP_ERR_NOMEM;
        }
        double n_eff[SP_TREND_WAVES], sd[SP_TREND_WAVES];
        for (size_t v = 0; v < t->n_waves; v++) {
            td->mean[v] = sd[v] = n_eff[v] = NAN;
            sqlite3_reset(st);
            sqlite3_bind_text(st, 1, td->key, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, t->waves[v], -1, SQLITE_STATIC);
            if (sqlite3_step(st) != SQLITE_ROW)
                continue;
            td->n[v] = (size_t)sqlite3_column_int64(st, 0);
            n_eff[v] = sqlite3_column_type(st, 1) == SQLITE_NULL
                           ? NAN : sqlite3_column_double(st, 1);
            td->mean[v] = sqlite3_column_type(st, 2) == SQLITE_NULL
                              ? NAN : sqlite3_column_double(st, 2);
            sd[v] = sqlite3_column_type(st, 3) == SQLITE_NULL
                        ? NAN : sqlite3_column_double(st, 3);
        }
        td->change = td->p = NAN;
        if (t->n_waves >= 2) {
            size_t a = t->n_waves - 1, b = t->n_waves - 2;
            double tt, df;
            td->change = td->mean[a] - td->mean[b];
            sp_welch_t(td->mean[a], sd[a] * sd[a], n_eff[a], td->mean[b],
                       sd[b] * sd[b], n_eff[b], &tt, &df, &td->p);
            td->significant = td->p < 0.05;
        }
    }
    sqlite3_finalize(st);
    return read_headline(h, t);
}

sp_error sp_history_stage(sp_history *h, const char *spec_path,
                          sp_results *res, sp_diag *diag)
{
    if (res->waves.n_waves == 0) {
        sp_diag_add(diag, SP_ERROR, h->path, 0, 0,
                    "the history keeps figures by wave: name a 'wave:' column "
                    "in the spec or give --wave LABEL (e.g. --wave 2026Q3)");
        return SP_ERR_USAGE;
    }
    if (res->waves.n_waves > 1 && (res->n_segments || res->drivers.n_items))
        sp_diag_add(diag, SP_WARNING, h->path, 0, 0,
                    "segment means and driver importances cover all %zu "
                    "waves of this run together, so the history keeps them "
                    "for none; run each wave on its own (--wave) to keep "
                    "them", res->waves.n_waves);
    sqlite3_int64 run = insert_run(h, spec_path, res);
    if (!run || !stage_figures(h, res, run))
        return history_fail(h, diag, "cannot store the run");
    sp_error err = read_trend(h, res);
    if (err == SP_ERR_IO)
        return history_fail(h, diag, "cannot read the trend");
    return err;
}

sp_error sp_history_commit(sp_history *h, sp_diag *diag)
{
    if (sqlite3_exec(h->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        return history_fail(h, diag, "cannot store the run");
    h->in_transaction = 0;
    return SP_OK;
}

void sp_history_close(sp_history *h)
{
    if (!h)
        return;
    if (h->in_transaction)
        sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(h->db);
    free(h->path);
    free(h);
}
