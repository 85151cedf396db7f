/* text.h - the workbook's words in each supported language (spec key
 * `language`). Sheets ask for a text by id; nothing else holds wording. */
#ifndef SATPIPE_REPORT_TEXT_H
#define SATPIPE_REPORT_TEXT_H

typedef enum report_text_id {
    TXT_SHEET_SUMMARY,
    TXT_SHEET_DIMENSIONS,
    TXT_SHEET_ITEMS,
    TXT_SHEET_DRIVERS,
    TXT_RESPONSES_READ,
    TXT_RESPONSES_VALID,
    TXT_RESPONSES_EXCLUDED,
    TXT_INPUT_FILES,
    TXT_EXCLUDED_SHARE,
    TXT_OVERALL,
    TXT_DIMENSION_SCORES,
    TXT_DIMENSION,
    TXT_KEY,
    TXT_ITEMS,
    TXT_ITEM,
    TXT_REVERSED,
    TXT_YES,
    TXT_N,
    TXT_MISSING,
    TXT_MEAN,
    TXT_SD,
    TXT_SE,
    TXT_CI_LOW,
    TXT_CI_HIGH,
    TXT_TOP2,
    TXT_CHART_TITLE,
    TXT_OUTCOME,
    TXT_R2,
    TXT_ADJ_R2,
    TXT_CORRELATION,
    TXT_BETA,
    TXT_DRIVERS_NOTE,
    TXT_NOTE,
    TXT_FILE,
    TXT_ROWS,
    TXT_INVALID_VALUES,
    TXT_DIMENSION_NOTE,
    TXT_ITEMS_NOTE,
    TXT_QUESTION,
    TXT_SKIPPED_FILE,
    TXT__COUNT
} report_text_id;

/* The text for id in language ("en" or "zh-CN"; anything else: English). */
const char *report_text(const char *language, report_text_id id);

#endif
