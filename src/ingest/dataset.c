/* dataset.c - lifecycle and row storage of sp_dataset. Columns grow
 * together, so that a row is appended by one call before its cells are
 * filled. */
#include "satpipe/dataset.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "ingest_internal.h"

/* Row lines: a block of 64 rows starts with its line, each other row
 * holds the lines since the row before, or LINE_ESCAPED when that is not
 * 0..254 (a new file, a record of many lines). */
#define LINE_BLOCK 64
#define LINE_ESCAPED 255

static sp_error line_reserve(sp_dataset *ds, size_t more)
{
    return sp_grow((void **)&ds->line_escapes, &ds->line_escapes_cap,
                   ds->n_line_escapes + more, sizeof *ds->line_escapes);
}

/* Row r's line (r = the rows so far; line_reserve made room). */
static void line_put(sp_dataset *ds, size_t r, uint32_t line)
{
    if (r % LINE_BLOCK == 0) {
        ds->line_base[r / LINE_BLOCK] = line;
        ds->line_step[r] = 0;
    } else if (line >= ds->last_line && line - ds->last_line < LINE_ESCAPED) {
        ds->line_step[r] = (uint8_t)(line - ds->last_line);
    } else {
        ds->line_step[r] = LINE_ESCAPED;
        ds->line_escapes[ds->n_line_escapes++] =
            (sp_row_value){(uint32_t)r, line};
    }
    ds->last_line = line;
}

static uint32_t line_escaped(const sp_dataset *ds, size_t row)
{
    size_t lo = 0, hi = ds->n_line_escapes;   /* row is in [lo, hi) */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (ds->line_escapes[mid].row <= row)
            lo = mid;
        else
            hi = mid;
    }
    return ds->line_escapes[lo].value;
}

uint32_t sp_dataset_line(const sp_dataset *ds, size_t row)
{
    size_t first = row - row % LINE_BLOCK;
    uint32_t line = ds->line_base[row / LINE_BLOCK];
    for (size_t r = first + 1; r <= row; r++)
        line = ds->line_step[r] == LINE_ESCAPED ? line_escaped(ds, r)
                                                : line + ds->line_step[r];
    return line;
}

sp_dataset *sp_dataset_new(const sp_spec *spec)
{
    sp_dataset *ds = calloc(1, sizeof *ds);
    if (!ds)
        return NULL;
    ds->spec = spec;
    ds->cold_fd = -1;
    size_t n = spec->n_variables ? spec->n_variables : 1;
    ds->columns = calloc(n, sizeof(sp_column));
    ds->labels = calloc(n, sizeof(char *));
    if (!ds->columns || !ds->labels) {
        free(ds->columns);
        free(ds->labels);
        free(ds);
        return NULL;
    }
    for (size_t v = 0; v < spec->n_variables; v++) {   /* valid codes only */
        const sp_variable *var = &spec->variables[v];
        long span = (long)var->max - var->min;
        sp_column *col = &ds->columns[v];
        col->base = var->min;
        col->cold_eligible = var->kind == SP_VALUE_TEXT &&
                             (var->role == SP_ROLE_COMMENT ||
                              var->role == SP_ROLE_CONTACT);
        ds->hash_unkeyed |= col->cold_eligible;
        col->width = span < (long)SP_CODE4_MISSING   ? SP_CODES_4BIT
                     : span < (long)SP_CODE8_MISSING ? SP_CODES_8BIT
                                                      : SP_CODES_16BIT;
    }
    return ds;
}

/* Forgets the text cells of rows [from, to); their bytes stay in the
 * blocks until the dataset is freed. */
static void free_texts(sp_dataset *ds, size_t from, size_t to)
{
    for (size_t v = 0; v < ds->spec->n_variables; v++) {
        sp_column *col = &ds->columns[v];
        if (ds->spec->variables[v].kind != SP_VALUE_TEXT)
            continue;
        for (size_t r = from; r < to; r++) {
            if (col->levels)
                col->levels[r] = 0;
            else
                col->texts[r] = 0;
        }
    }
}

/* Column v's cache answers only while it hits: ids and comments are all
 * different, and looking them up would be wasted work. */
static sp_text_ref text_recent(const sp_dataset *ds, sp_column *col,
                               const char *text, size_t len)
{
    if (col->lookups >= 4096 && col->hits * 2 < col->lookups)
        return 0;
    col->lookups++;
    for (size_t i = 0; i < SP_TEXT_CACHE && col->recent[i]; i++) {
        const char *seen = ds->text_bases[(col->recent[i] >>
                                           SP_TEXT_OFFSET_BITS) - 1] +
                           (col->recent[i] & SP_TEXT_OFFSET_MASK);
        if (strncmp(seen, text, len) == 0 && seen[len] == '\0') {
            col->hits++;
            return col->recent[i];
        }
    }
    return 0;
}

/* *ref: a copy of text[0..len) in ds's text blocks. */
static sp_error text_copy(sp_dataset *ds, const char *text, size_t len,
                          sp_text_ref *ref)
{
    sp_text_block *newest = ds->text_blocks;
    if (newest && newest->size - newest->used < len + 1 &&
        ds->n_text_bases >= SP_TEXT_MAX_BLOCKS)
        return SP_ERR_INPUT;   /* a new block would have no ref */
    const char *copy = sp_text_store(&ds->text_blocks, text, len);
    if (!copy)
        return SP_ERR_NOMEM;
    if (ds->text_blocks != newest) {   /* a new block */
        if (sp_grow((void **)&ds->text_bases, &ds->text_bases_cap,
                    ds->n_text_bases + 1, sizeof *ds->text_bases))
            return SP_ERR_NOMEM;
        ds->text_bases[ds->n_text_bases++] = ds->text_blocks->bytes;
        ds->text_current = ds->n_text_bases;
    }
    *ref = (sp_text_ref)(ds->text_current << SP_TEXT_OFFSET_BITS) |
           (sp_text_ref)(copy - ds->text_bases[ds->text_current - 1]);
    return SP_OK;
}

static const char *ref_text(const sp_dataset *ds, sp_text_ref ref)
{
    return ds->text_bases[(ref >> SP_TEXT_OFFSET_BITS) - 1] +
           (ref & SP_TEXT_OFFSET_MASK);
}

/* Slots of a column's hash table of levels: at most half full. */
#define LEVEL_SLOTS 512u

/* The level (1 + index) of text[0..len) in col (whose level strings are
 * ds's), or 0 with *slot where it would go. */
static unsigned level_find(const sp_dataset *ds, const sp_column *col,
                           const char *text, size_t len, size_t *slot)
{
    size_t k = (size_t)sp_hash_bytes(SP_HASH_START, text, len) &
               (LEVEL_SLOTS - 1);
    for (; col->level_slots && col->level_slots[k];
         k = (k + 1) & (LEVEL_SLOTS - 1)) {
        unsigned level = col->level_slots[k];
        const char *seen = ref_text(ds, col->level_refs[level - 1]);
        if (strncmp(seen, text, len) == 0 && seen[len] == '\0')
            return level;
    }
    *slot = k;
    return 0;
}

/* A text column's tables of levels, allocated with its first level. */
static sp_error level_tables(sp_column *col)
{
    if (!col->level_slots &&
        !(col->level_slots = calloc(LEVEL_SLOTS, sizeof(uint16_t))))
        return SP_ERR_NOMEM;
    if (!col->level_refs &&
        !(col->level_refs = malloc(SP_TEXT_LEVELS * sizeof(sp_text_ref))))
        return SP_ERR_NOMEM;
    return SP_OK;
}

/* Adds ref (a text not in col, which has room and tables) as col's next
 * level at slot; returns the level. */
static unsigned level_add(sp_column *col, size_t slot, sp_text_ref ref)
{
    col->level_refs[col->n_levels++] = ref;
    col->level_slots[slot] = (uint16_t)col->n_levels;
    return (unsigned)col->n_levels;
}

static void levels_free(sp_column *col)
{
    free(col->levels);
    free(col->level_refs);
    free(col->level_slots);
    col->levels = NULL;
    col->level_refs = NULL;
    col->level_slots = NULL;
    col->n_levels = 0;
}

/* Turns a text column of ds from levels into refs: its first `rows` rows.
 * A column no analysis reads goes cold: its values are copied to the
 * cold store, and so will the texts that follow. */
static sp_error levels_to_refs(sp_dataset *ds, sp_column *col, size_t rows)
{
    col->texts = malloc((ds->row_capacity ? ds->row_capacity : 1) *
                        sizeof(sp_text_ref));
    if (!col->texts)
        return SP_ERR_NOMEM;
    for (size_t l = 0; col->cold_eligible && l < col->n_levels; l++) {
        const char *text = ref_text(ds, col->level_refs[l]);
        sp_error err = cold_copy(ds, text, strlen(text), &col->level_refs[l]);
        if (err)
            return err;
    }
    col->cold = col->cold_eligible;
    for (size_t r = 0; r < rows; r++)
        col->texts[r] =
            col->levels[r] ? col->level_refs[col->levels[r] - 1] : 0;
    levels_free(col);
    return SP_OK;
}

sp_error dataset_set_text(sp_dataset *ds, size_t v, size_t row,
                          const char *text, size_t len)
{
    sp_column *col = &ds->columns[v];
    sp_error err;
    if (col->cold_eligible) {   /* each column's hash, in any order */
        uint64_t h = SP_HASH_START;
        for (size_t k = 0; k < sizeof v; k++)
            h = sp_hash_byte(h, (uint8_t)(v >> (8 * k)));
        h = sp_hash_bytes(h, text, len);
        ds->row_hash ^= (uint32_t)(h ^ (h >> 32));
    }
    if (col->levels) {
        size_t slot;
        unsigned level = level_find(ds, col, text, len, &slot);
        sp_text_ref ref;
        if (!level && col->n_levels < SP_TEXT_LEVELS) {
            if ((err = level_tables(col)) != SP_OK ||
                (err = text_copy(ds, text, len, &ref)) != SP_OK)
                return err;
            level = level_add(col, slot, ref);
        }
        if (level) {
            col->levels[row] = (uint8_t)level;
            return SP_OK;
        }
        if ((err = levels_to_refs(ds, col, row)) != SP_OK)
            return err;
    }
    sp_text_ref ref;
    if (col->cold) {
        if ((err = cold_copy(ds, text, len, &ref)) != SP_OK)
            return err;
        col->texts[row] = ref;
        return SP_OK;
    }
    ref = text_recent(ds, col, text, len);
    if (!ref) {
        if ((err = text_copy(ds, text, len, &ref)) != SP_OK)
            return err;
        memmove(col->recent + 1, col->recent,
                (SP_TEXT_CACHE - 1) * sizeof *col->recent);
        col->recent[0] = ref;
    }
    col->texts[row] = ref;
    return SP_OK;
}

static void seconds_free(sp_seconds *s)
{
    free(s->whole);
    free(s->exact);
}

void sp_dataset_free(sp_dataset *ds)
{
    if (!ds)
        return;
    sp_text_blocks_free(&ds->text_blocks);
    free(ds->text_bases);
    for (size_t v = 0; v < ds->spec->n_variables; v++) {
        free(ds->columns[v].codes);
        free(ds->columns[v].packed);
        free(ds->columns[v].numbers);
        free(ds->columns[v].texts);
        levels_free(&ds->columns[v]);
        free(ds->labels[v]);
    }
    free(ds->columns);
    free(ds->labels);
    free(ds->line_step);
    free(ds->line_base);
    free(ds->line_escapes);
    free(ds->invalid);
    free(ds->defect);
    seconds_free(&ds->duration);
    seconds_free(&ds->submitted);
    cold_free(ds);
    free(ds->flags);
    free(ds->unkeyed);
    for (size_t i = 0; i < ds->n_sources; i++) {
        free(ds->sources[i].path);
        free(ds->sources[i].absent);
        sp_strv_free(ds->sources[i].hints, ds->spec->n_variables);
        free(ds->sources[i].skipped);
    }
    free(ds->sources);
    free(ds);
}

/* Bytes of a narrow column's cells for `rows` rows. */
static size_t packed_bytes(const sp_column *col, size_t rows)
{
    return col->width == SP_CODES_4BIT ? rows / 2 + 1 : rows;
}

static void set_missing(sp_column *col, size_t r)
{
    switch (col->width) {
    case SP_CODES_4BIT:   /* an even row starts its byte: both halves */
        col->packed[r >> 1] = r & 1 ? col->packed[r >> 1] | 0xF0 : 0xFF;
        break;
    case SP_CODES_8BIT:
        col->packed[r] = SP_CODE8_MISSING;
        break;
    case SP_CODES_16BIT:
        col->codes[r] = SP_CODE_MISSING;
        break;
    }
}

/* Reallocates one per-row array to `cap` elements; 0 on failure. */
static int resize(void **array, size_t cap, size_t size)
{
    void *p = realloc(*array, cap * size);
    if (!p)
        return 0;
    *array = p;
    return 1;
}

static int seconds_resize(sp_seconds *s, size_t cap)
{
    return s->exact ? resize((void **)&s->exact, cap, sizeof(double))
                    : resize((void **)&s->whole, cap, sizeof(uint32_t));
}

static void seconds_unknown(sp_seconds *s, size_t row)
{
    if (s->exact)
        s->exact[row] = NAN;
    else
        s->whole[row] = SP_SECONDS_UNKNOWN;
}

/* s in doubles from now on: its first `rows` rows converted. */
static sp_error seconds_to_exact(sp_dataset *ds, sp_seconds *s, size_t rows)
{
    s->exact = malloc((ds->row_capacity ? ds->row_capacity : 1) *
                      sizeof(double));
    if (!s->exact)
        return SP_ERR_NOMEM;
    for (size_t r = 0; r < rows; r++)
        s->exact[r] = s->whole[r] == SP_SECONDS_UNKNOWN ? NAN : s->whole[r];
    free(s->whole);
    s->whole = NULL;
    return SP_OK;
}

sp_error dataset_set_seconds(sp_dataset *ds, sp_seconds *s, size_t row,
                             double x)
{
    if (!s->exact && x >= 0 && x < SP_SECONDS_UNKNOWN && x == floor(x)) {
        s->whole[row] = (uint32_t)x;
        return SP_OK;
    }
    sp_error err = s->exact ? SP_OK : seconds_to_exact(ds, s, row);
    if (!err)
        s->exact[row] = x;
    return err;
}

static sp_error reserve_rows(sp_dataset *ds, size_t needed)
{
    if (needed <= ds->row_capacity)
        return SP_OK;
    size_t cap = ds->row_capacity ? ds->row_capacity * 2 : 256;
    while (cap < needed)
        cap *= 2;
    if (!resize((void **)&ds->line_step, cap, 1) ||
        !resize((void **)&ds->line_base, cap / LINE_BLOCK + 1,
                sizeof(uint32_t)) ||
        !resize((void **)&ds->invalid, cap, sizeof(uint16_t)) ||
        !resize((void **)&ds->defect, cap, sizeof(uint8_t)) ||
        !seconds_resize(&ds->duration, cap) ||
        !seconds_resize(&ds->submitted, cap) ||
        !resize((void **)&ds->flags, cap, sizeof(uint8_t)))
        return SP_ERR_NOMEM;
    for (size_t v = 0; v < ds->spec->n_variables; v++) {
        sp_column *col = &ds->columns[v];
        int ok = 1;
        switch (ds->spec->variables[v].kind) {
        case SP_VALUE_RATING:
            ok = col->width == SP_CODES_16BIT
                     ? resize((void **)&col->codes, cap, sizeof(int16_t))
                     : resize((void **)&col->packed, packed_bytes(col, cap), 1);
            break;
        case SP_VALUE_NUMBER:
            ok = resize((void **)&col->numbers, cap, sizeof(double));
            break;
        case SP_VALUE_TEXT:
            ok = col->texts
                     ? resize((void **)&col->texts, cap, sizeof(sp_text_ref))
                     : resize((void **)&col->levels, cap, 1);
            break;
        case SP_VALUE_DURATION:   /* stored in ds->duration */
            break;
        }
        if (!ok)
            return SP_ERR_NOMEM;
    }
    ds->row_capacity = cap;
    return SP_OK;
}

sp_error dataset_begin_row(sp_dataset *ds, uint32_t line)
{
    sp_error err = reserve_rows(ds, ds->n_rows + 1);
    if (err)
        return err;
    size_t r = ds->n_rows;
    if (r >= UINT32_MAX)
        return SP_ERR_INPUT;   /* past what rows are numbered with */
    ds->row_hash = 0;
    ds->row_line = line;
    ds->invalid[r] = 0;
    ds->defect[r] = SP_ROW_OK;
    seconds_unknown(&ds->duration, r);
    seconds_unknown(&ds->submitted, r);
    ds->flags[r] = 0;
    for (size_t v = 0; v < ds->spec->n_variables; v++) {
        sp_column *col = &ds->columns[v];
        switch (ds->spec->variables[v].kind) {
        case SP_VALUE_RATING:
            set_missing(col, r);
            break;
        case SP_VALUE_NUMBER:
            col->numbers[r] = NAN;
            break;
        case SP_VALUE_TEXT:
            if (col->levels)
                col->levels[r] = 0;
            else
                col->texts[r] = 0;
            break;
        case SP_VALUE_DURATION:
            break;
        }
    }
    return SP_OK;
}

sp_error dataset_end_row(sp_dataset *ds)
{
    size_t r = ds->n_rows, id = ds->spec->id;
    if (line_reserve(ds, 1) != SP_OK)
        return SP_ERR_NOMEM;
    line_put(ds, r, ds->row_line);
    if (ds->hash_unkeyed &&
        (id == SP_NO_VARIABLE || !sp_dataset_text_ref(ds, id, r))) {
        if (sp_grow((void **)&ds->unkeyed, &ds->unkeyed_cap,
                    ds->n_unkeyed + 1, sizeof *ds->unkeyed))
            return SP_ERR_NOMEM;
        ds->unkeyed[ds->n_unkeyed++] =
            (sp_row_value){(uint32_t)r, ds->row_hash};
    }
    ds->sources[ds->n_sources - 1].rows++;
    ds->n_rows++;
    return SP_OK;
}

void dataset_discard_row(sp_dataset *ds)
{
    free_texts(ds, ds->n_rows, ds->n_rows + 1);
}

void dataset_truncate(sp_dataset *ds, size_t n_rows)
{
    if (n_rows >= ds->n_rows)
        return;
    for (size_t r = n_rows; r < ds->n_rows; r++)
        ds->sources[sp_dataset_source(ds, r)].rows--;
    while (ds->n_unkeyed && ds->unkeyed[ds->n_unkeyed - 1].row >= n_rows)
        ds->n_unkeyed--;
    while (ds->n_line_escapes &&
           ds->line_escapes[ds->n_line_escapes - 1].row >= n_rows)
        ds->n_line_escapes--;
    ds->last_line = n_rows ? sp_dataset_line(ds, n_rows - 1) : 0;
    free_texts(ds, n_rows, ds->n_rows);
    ds->n_rows = n_rows;
}

/* Copies bytes of from to to, then frees from (NULL: nothing). */
static void move_array(void *to, void *from, size_t bytes)
{
    if (from) {
        memcpy(to, from, bytes);
        free(from);
    }
}

/* Appends the n narrow cells of `from` at row r0 of `to`, then frees
 * them. 4-bit cells are copied byte by byte when r0 is even (a byte holds
 * rows 2k and 2k + 1), else cell by cell. */
static void move_packed(sp_column *to, sp_column *from, size_t r0, size_t n)
{
    if (!from->packed)
        return;
    if (to->width == SP_CODES_8BIT) {
        memcpy(to->packed + r0, from->packed, n);
    } else if (r0 % 2 == 0) {
        memcpy(to->packed + r0 / 2, from->packed, (n + 1) / 2);
    } else {
        for (size_t r = 0; r < n; r++) {
            unsigned cell = (from->packed[r >> 1] >> ((r & 1) << 2)) & 15u;
            size_t at = r0 + r;
            uint8_t *b = &to->packed[at >> 1];
            unsigned shift = (at & 1) << 2;
            *b = (uint8_t)(at & 1 ? (*b & 0x0F) | cell << shift : cell | 0xF0);
        }
    }
    free(from->packed);
    from->packed = NULL;
}

/* Appends from's n seconds at row r0 of `to` (in doubles if either is:
 * reserve_for saw to it), and frees them. */
static void move_seconds(sp_seconds *to, sp_seconds *from, size_t r0,
                         size_t n)
{
    if (!to->exact)
        memcpy(to->whole + r0, from->whole, n * sizeof *to->whole);
    else
        for (size_t r = 0; r < n; r++)
            to->exact[r0 + r] = sp_seconds_at(from, r);
    seconds_free(from);
    *from = (sp_seconds){0};
}

/* Whether the values of from's text column col, joined to ds's column
 * `to`, still fit in levels. */
static int levels_fit(const sp_dataset *ds, const sp_column *to,
                      const sp_dataset *from, const sp_column *col)
{
    if (col->texts)
        return 0;
    size_t added = 0;   /* from's levels are distinct: count the new */
    for (size_t l = 0; l < col->n_levels; l++) {
        const char *text = ref_text(from, col->level_refs[l]);
        size_t slot;
        added += !level_find(ds, to, text, strlen(text), &slot);
    }
    return to->n_levels + added <= SP_TEXT_LEVELS;
}

/* Room in ds for from's rows and text blocks; each text column of ds
 * turned into refs unless from's values join its levels; a column cold in
 * either cold in both, and from's cold store appended to ds's (*cold_shift
 * moves from's cold refs into it). */
static sp_error reserve_for(sp_dataset *ds, sp_dataset *from,
                            sp_text_ref *cold_shift)
{
    *cold_shift = 0;
    if (ds->n_text_bases + from->n_text_bases > SP_TEXT_MAX_BLOCKS)
        return SP_ERR_INPUT;   /* more text than refs can reach */
    if (reserve_rows(ds, ds->n_rows + from->n_rows) != SP_OK ||
        sp_grow((void **)&ds->text_bases, &ds->text_bases_cap,
                ds->n_text_bases + from->n_text_bases,
                sizeof *ds->text_bases) != SP_OK)
        return SP_ERR_NOMEM;
    if (sp_grow((void **)&ds->unkeyed, &ds->unkeyed_cap,
                ds->n_unkeyed + from->n_unkeyed, sizeof *ds->unkeyed) ||
        line_reserve(ds, from->n_line_escapes + 1))   /* its first too */
        return SP_ERR_NOMEM;
    sp_seconds *mine[] = {&ds->duration, &ds->submitted};
    const sp_seconds *theirs[] = {&from->duration, &from->submitted};
    for (size_t i = 0; i < 2 && from->n_rows; i++)   /* doubles if either */
        if (theirs[i]->exact && !mine[i]->exact &&
            seconds_to_exact(ds, mine[i], ds->n_rows) != SP_OK)
            return SP_ERR_NOMEM;
    for (size_t v = 0; v < ds->spec->n_variables && from->n_rows; v++) {
        sp_column *to = &ds->columns[v], *col = &from->columns[v];
        if (ds->spec->variables[v].kind != SP_VALUE_TEXT)
            continue;
        sp_error err = SP_OK;
        if (!to->texts)
            err = levels_fit(ds, to, from, col)
                      ? (col->n_levels ? level_tables(to) : SP_OK)
                      : levels_to_refs(ds, to, ds->n_rows);
        if (!err && to->cold && !col->texts)   /* into from's cold store */
            err = levels_to_refs(from, col, from->n_rows);
        if (err)
            return err;
    }
    return from->n_rows ? cold_append(ds, from, cold_shift) : SP_OK;
}

/* Appends from's n text cells at row r0 of `to`, from's refs shifted to
 * ds's blocks (which now hold from's: by shift, or cold_shift for a cold
 * column), and frees them. reserve_for chose to's form: levels only when
 * from's values fit, cold in both or neither. */
static void move_texts(const sp_dataset *ds, sp_column *to, sp_column *col,
                       size_t r0, size_t n, sp_text_ref shift,
                       sp_text_ref cold_shift)
{
    if (col->cold)
        shift = cold_shift;
    if (to->levels) {
        uint8_t level_of[SP_TEXT_LEVELS + 1] = {0};   /* from's -> to's */
        for (size_t l = 0; l < col->n_levels; l++) {
            sp_text_ref ref = col->level_refs[l] + shift;
            const char *text = ref_text(ds, ref);
            size_t slot;
            unsigned level = level_find(ds, to, text, strlen(text), &slot);
            level_of[l + 1] =
                (uint8_t)(level ? level : level_add(to, slot, ref));
        }
        for (size_t r = 0; r < n; r++)
            to->levels[r0 + r] = level_of[col->levels[r]];
    } else {
        for (size_t r = 0; r < n; r++) {
            sp_text_ref ref =
                !col->levels     ? col->texts[r]
                : col->levels[r] ? col->level_refs[col->levels[r] - 1]
                                 : 0;
            to->texts[r0 + r] = ref ? ref + shift : 0;
        }
    }
    free(col->texts);
    col->texts = NULL;
    levels_free(col);
}

/* Moves from's rows to the end of ds (reserve_for made room), and its
 * text blocks with them.
 * Each of from's arrays is freed as soon as it is copied, so that two
 * copies of a large dataset are never held at once. */
static void move_rows(sp_dataset *ds, sp_dataset *from,
                      sp_text_ref cold_shift)
{
    size_t r0 = ds->n_rows, n = from->n_rows;
    for (size_t v = 0; v < ds->spec->n_variables; v++)
        if (!ds->labels[v]) {
            ds->labels[v] = from->labels[v];
            from->labels[v] = NULL;
        }
    /* from's block i becomes ds's block blocks0 + i. */
    sp_text_ref shift = (sp_text_ref)(ds->n_text_bases << SP_TEXT_OFFSET_BITS);
    size_t blocks0 = ds->n_text_bases;
    if (from->n_text_bases)
        memcpy(ds->text_bases + blocks0, from->text_bases,
               from->n_text_bases * sizeof *ds->text_bases);
    ds->n_text_bases += from->n_text_bases;
    if (from->text_blocks) {   /* after ds's newest, so ds keeps filling it */
        sp_text_block *last = from->text_blocks;
        while (last->next)
            last = last->next;
        last->next = ds->text_blocks ? ds->text_blocks->next : NULL;
        if (ds->text_blocks) {
            ds->text_blocks->next = from->text_blocks;
        } else {
            ds->text_blocks = from->text_blocks;
            ds->text_current = blocks0 + from->text_current;
        }
        from->text_blocks = NULL;
    }
    from->n_text_bases = 0;
    if (n == 0)
        return;
#define MOVE(to, array)                                                     \
    (move_array((to) + r0, (array), n * sizeof *(to)), (array) = NULL)
    /* from's lines in turn, each put as if read here. */
    uint32_t line = 0;
    for (size_t r = 0, e = 0; r < n; r++) {
        if (r % LINE_BLOCK == 0) {
            line = from->line_base[r / LINE_BLOCK];
        } else if (from->line_step[r] == LINE_ESCAPED) {
            while (from->line_escapes[e].row < r)
                e++;
            line = from->line_escapes[e].value;
        } else {
            line += from->line_step[r];
        }
        line_put(ds, r0 + r, line);
    }
    MOVE(ds->invalid, from->invalid);
    MOVE(ds->defect, from->defect);
    move_seconds(&ds->duration, &from->duration, r0, n);
    move_seconds(&ds->submitted, &from->submitted, r0, n);
    MOVE(ds->flags, from->flags);
    for (size_t i = 0; i < from->n_unkeyed; i++)
        ds->unkeyed[ds->n_unkeyed++] = (sp_row_value){
            (uint32_t)(r0 + from->unkeyed[i].row), from->unkeyed[i].value};
    from->n_unkeyed = 0;
    for (size_t v = 0; v < ds->spec->n_variables; v++) {
        sp_column *to = &ds->columns[v], *col = &from->columns[v];
        MOVE(to->codes, col->codes);
        move_packed(to, col, r0, n);
        MOVE(to->numbers, col->numbers);
        if (ds->spec->variables[v].kind == SP_VALUE_TEXT)
            move_texts(ds, to, col, r0, n, shift, cold_shift);
    }
#undef MOVE
    ds->n_rows += n;
    from->n_rows = 0;
}

sp_error dataset_append(sp_dataset *ds, sp_dataset *from)
{
    sp_text_ref cold_shift;
    sp_error err = reserve_for(ds, from, &cold_shift);
    if (err)
        return err;
    if (sp_grow((void **)&ds->sources, &ds->source_capacity,
                ds->n_sources + from->n_sources, sizeof(sp_source)) != SP_OK)
        return SP_ERR_NOMEM;
    for (size_t i = 0; i < from->n_sources; i++) {
        ds->sources[ds->n_sources] = from->sources[i];
        ds->sources[ds->n_sources++].first_row += ds->n_rows;
    }
    from->n_sources = 0;
    move_rows(ds, from, cold_shift);
    return SP_OK;
}

sp_error dataset_append_part(sp_dataset *ds, sp_dataset *from,
                             uint32_t source)
{
    sp_text_ref cold_shift;
    sp_error err = reserve_for(ds, from, &cold_shift);
    if (err)
        return err;
    if (from->n_sources) {
        ds->sources[source].rows += from->sources[0].rows;
        ds->sources[source].invalid += from->sources[0].invalid;
        from->sources[0].rows = 0;
    }
    move_rows(ds, from, cold_shift);
    return SP_OK;
}

sp_error dataset_add_source(sp_dataset *ds, const char *path, uint32_t *index)
{
    if (ds->n_sources >= UINT32_MAX)
        return SP_ERR_NOMEM;
    if (sp_grow((void **)&ds->sources, &ds->source_capacity,
                ds->n_sources + 1, sizeof(sp_source)) != SP_OK)
        return SP_ERR_NOMEM;
    sp_source *src = &ds->sources[ds->n_sources];
    *src = (sp_source){.layout = "", .encoding = "", .delimiter = ',',
                       .halves = 1, .first_row = ds->n_rows};
    src->path = sp_strdup(path);
    src->absent = calloc(ds->spec->n_variables ? ds->spec->n_variables : 1, 1);
    if (!src->path || !src->absent) {
        free(src->path);
        free(src->absent);
        return SP_ERR_NOMEM;
    }
    *index = (uint32_t)ds->n_sources++;
    return SP_OK;
}
