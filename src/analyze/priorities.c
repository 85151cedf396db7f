/* priorities.c - importance-performance analysis (Martilla & James 1977)
 * of the dimensions: importance is the rescaled relative weight from the
 * overall driver analysis, performance the mean score (or the top-box
 * share); quadrants are cut at the means of both axes over the dimensions
 * (or, with `quadrants: midpoint`, at an equal share of importance and the
 * scale midpoint). The priority index is importance x room to grow: the
 * distance from performance to the target (the scale maximum, or the
 * spec's `targets:`) as a share of the scale's range. Ranked by index, the
 * strongest item drivers of each dimension listed with it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "satpipe/analyze.h"

#define TOP_ITEMS 2

static int compare_priorities(const void *pa, const void *pb)
{
    const sp_priority *a = pa, *b = pb;
    if (a->index != b->index)
        return a->index > b->index ? -1 : 1;
    return a->importance > b->importance ? -1 : a->importance < b->importance;
}

/* The TOP_ITEMS item drivers of dimension d with the largest weights. */
static sp_error top_items(const sp_results *res, const sp_spec *spec,
                          size_t d, sp_priority *pr)
{
    const sp_drivers_result *it = &res->item_drivers;
    size_t first = 0;
    for (size_t k = 0; k < d; k++)
        first += spec->dimensions[k].n_items;
    size_t n = spec->dimensions[d].n_items;
    if (first + n > it->n_items)
        return SP_OK;
    pr->top_items = calloc(TOP_ITEMS, sizeof(char *));
    if (!pr->top_items)
        return SP_ERR_NOMEM;
    unsigned char used[256] = {0};
    for (size_t t = 0; t < TOP_ITEMS && t < n && n <= sizeof used; t++) {
        size_t best = SP_NO_DRIVER;
        for (size_t i = 0; i < n; i++) {
            double v = it->items[first + i].rw_pct;
            if (!used[i] && !isnan(v) &&
                (best == SP_NO_DRIVER || v > it->items[first + best].rw_pct))
                best = i;
        }
        if (best == SP_NO_DRIVER)
            break;
        used[best] = 1;
        if (!(pr->top_items[pr->n_top_items++] =
                  sp_strdup(it->items[first + best].key)))
            return SP_ERR_NOMEM;
    }
    return SP_OK;
}

sp_error sp_priorities_compute(sp_results *res, const sp_spec *spec)
{
    const sp_drivers_result *dr = &res->drivers;
    size_t p = res->n_dimensions;
    res->performance_top_box = spec->priority_top_box;
    res->importance_cut = res->performance_cut = NAN;
    if (p == 0 || dr->n_items != p || isnan(dr->items[0].rw_pct))
        return SP_OK;   /* no importances: the Drivers note says why */
    res->priorities = calloc(p, sizeof(sp_priority));
    if (!res->priorities)
        return SP_ERR_NOMEM;
    double range = spec->scale_max - spec->scale_min;
    double imp_sum = 0, perf_sum = 0;
    for (size_t d = 0; d < p; d++) {
        sp_priority *pr = &res->priorities[res->n_priorities++];
        const sp_dimension_result *dim = &res->dimensions[d];
        if (!(pr->key = sp_strdup(dim->key)) ||
            !(pr->label = sp_strdup(dim->label)))
            return SP_ERR_NOMEM;
        pr->importance = dr->items[d].rw_pct;
        pr->performance = spec->priority_top_box ? dim->stats.top2
                                                 : dim->stats.mean;
        double target = spec->dimensions[d].target;
        pr->target = !isnan(target) ? target
                     : spec->priority_top_box ? 1.0
                                              : spec->scale_max;
        double room = pr->target - pr->performance;
        if (room < 0)
            room = 0;
        pr->index = pr->importance *
                    (spec->priority_top_box ? room : room / range);
        imp_sum += pr->importance;
        perf_sum += pr->performance;
        sp_error err = top_items(res, spec, d, pr);
        if (err)
            return err;
    }
    if (spec->quadrants_midpoint) {
        res->importance_cut = 100.0 / (double)p;
        res->performance_cut = spec->priority_top_box
                                   ? 0.5
                                   : (spec->scale_min + spec->scale_max) / 2.0;
    } else {
        res->importance_cut = imp_sum / (double)p;
        res->performance_cut = perf_sum / (double)p;
    }
    for (size_t d = 0; d < p; d++) {
        sp_priority *pr = &res->priorities[d];
        int important = pr->importance >= res->importance_cut;
        int performing = pr->performance >= res->performance_cut;
        pr->quadrant = important ? (performing ? SP_QUADRANT_KEEP_UP
                                               : SP_QUADRANT_CONCENTRATE)
                                 : (performing ? SP_QUADRANT_OVERKILL
                                               : SP_QUADRANT_LOW_PRIORITY);
    }
    qsort(res->priorities, p, sizeof(sp_priority), compare_priorities);
    for (size_t d = 0; d < p; d++)
        res->priorities[d].rank = d + 1;
    return SP_OK;
}

const char *sp_quadrant_key(int quadrant)
{
    switch (quadrant) {
    case SP_QUADRANT_CONCENTRATE: return "concentrate_here";
    case SP_QUADRANT_KEEP_UP: return "keep_up_the_good_work";
    case SP_QUADRANT_LOW_PRIORITY: return "low_priority";
    case SP_QUADRANT_OVERKILL: return "possible_overkill";
    default: return "none";
    }
}
