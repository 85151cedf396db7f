/* layout_forms.c - LimeSurvey (code headings such as submitdate and
 * Q1[SQ001], or full headings such as "Response ID") and Google Forms
 * (Timestamp, grid columns "Question [Row]"): one header row each, so
 * they differ from plain CSV only in their metadata columns. */
#include "ingest_internal.h"

static size_t one_header_row(const ingest_record *head, size_t n_head)
{
    (void)head;
    (void)n_head;
    return 1;
}

static int limesurvey_detect(const ingest_record *head, size_t n_head)
{
    if (n_head < 1)
        return 0;
    const ingest_record *h = &head[0];
    return (ingest_record_find(h, "submitdate") >= 0 &&
            (ingest_record_find(h, "lastpage") >= 0 ||
             ingest_record_find(h, "startlanguage") >= 0)) ||
           (ingest_record_find(h, "Response ID") >= 0 &&
            ingest_record_find(h, "Date submitted") >= 0);
}

const ingest_layout ingest_layout_limesurvey = {
    .name = "limesurvey",
    .detect = limesurvey_detect,
    .header_rows = one_header_row,
    .id_columns = (const char *const[]){"id", "Response ID", NULL},
    .duration_columns = (const char *const[]){"interviewtime", "Total time",
                                              NULL},
    .start_columns = (const char *const[]){"startdate", "Date started", NULL},
    .end_columns = (const char *const[]){"submitdate", "Date submitted",
                                         NULL},
    .submitted_columns = (const char *const[]){"submitdate", "Date submitted",
                                               NULL},
};

static int google_forms_detect(const ingest_record *head, size_t n_head)
{
    return n_head >= 1 && head[0].n_fields > 0 &&
           (ingest_record_find(&head[0], "Timestamp") == 0 ||
            ingest_record_find(&head[0], "时间戳记") == 0);
}

const ingest_layout ingest_layout_google_forms = {
    .name = "google-forms",
    .detect = google_forms_detect,
    .header_rows = one_header_row,
    .end_columns = (const char *const[]){"Timestamp", "时间戳记", NULL},
};
