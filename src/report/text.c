/* text.c - English and Simplified Chinese wording of the workbook. */
#include "text.h"

#include <string.h>

static const char *const text_en[TXT__COUNT] = {
    [TXT_SHEET_SUMMARY] = "Summary",
    [TXT_SHEET_DIMENSIONS] = "Dimensions",
    [TXT_SHEET_ITEMS] = "Items",
    [TXT_SHEET_DRIVERS] = "Drivers",
    [TXT_RESPONSES_READ] = "Responses read",
    [TXT_RESPONSES_VALID] = "Valid responses",
    [TXT_RESPONSES_EXCLUDED] = "Excluded responses",
    [TXT_INPUT_FILES] = "Input files",
    [TXT_EXCLUDED_SHARE] = "Share excluded",
    [TXT_OVERALL] = "Overall satisfaction",
    [TXT_DIMENSION_SCORES] = "Dimension scores",
    [TXT_DIMENSION] = "Dimension",
    [TXT_KEY] = "Key",
    [TXT_ITEMS] = "Items",
    [TXT_ITEM] = "Item",
    [TXT_REVERSED] = "Reversed",
    [TXT_YES] = "yes",
    [TXT_N] = "n",
    [TXT_MISSING] = "Missing",
    [TXT_MEAN] = "Mean",
    [TXT_SD] = "SD",
    [TXT_SE] = "SE",
    [TXT_CI_LOW] = "95% CI low",
    [TXT_CI_HIGH] = "95% CI high",
    [TXT_TOP2] = "Top-2-box",
    [TXT_CHART_TITLE] = "Mean score by dimension",
    [TXT_OUTCOME] = "Outcome",
    [TXT_R2] = "R²",
    [TXT_ADJ_R2] = "Adjusted R²",
    [TXT_CORRELATION] = "Correlation r",
    [TXT_BETA] = "Standardised beta",
    [TXT_DRIVERS_NOTE] =
        ("Regression of overall satisfaction on the dimension scores "
        "(respondents who answered all of them). A larger beta means a "
        "stronger driver."),
    [TXT_NOTE] = "Note",
    [TXT_FILE] = "File",
    [TXT_ROWS] = "Rows",
    [TXT_INVALID_VALUES] = "Invalid values",
    [TXT_DIMENSION_NOTE] =
        ("Dimension score: mean of a respondent's answered items (reversed "
        "items recoded) when at least half are answered. Top-2-box: share "
        "scoring at least one point below the scale maximum."),
    [TXT_ITEMS_NOTE] = ("Reversed items are shown after recoding "
                       "(min + max - answer)."),
    [TXT_QUESTION] = "Question",
    [TXT_SKIPPED_FILE] = "Skipped input file",
    [TXT_SHEET_QUALITY] = "Data quality",
    [TXT_SHEET_EXCLUSIONS] = "Exclusions",
    [TXT_STEP] = "Step",
    [TXT_RESPONSES] = "Responses",
    [TXT_SHARE_OF_READ] = "Share of read",
    [TXT_VALID] = "Valid",
    [TXT_LAYOUT] = "Layout",
    [TXT_ENCODING] = "Encoding",
    [TXT_LINE] = "Line",
    [TXT_ID] = "Respondent id",
    [TXT_REASON] = "Excluded because",
    [TXT_ALL_REASONS] = "All rules failed",
    [TXT_DURATION] = "Duration (s)",
    [TXT_ANSWERED] = "Items answered",
    [TXT_PER_FILE] = "Per input file",
    [TXT_SPEEDER_RULE] = ("Speeders: faster than %.0f seconds (the rule's "
                          "share of the median, %.0f seconds)."),
    [TXT_SPEEDER_OFF] = ("Speeders: not checked (no completion times, or the "
                         "rule is off)."),
    [TXT_GATE_PASSED] = ("Quality gate passed: %.1f%% excluded, at most "
                         "%.0f%% allowed."),
    [TXT_GATE_FAILED] = ("Quality gate FAILED: %.1f%% of responses were "
                         "excluded, more than the %.0f%% allowed. Check the "
                         "Data quality sheet before using these figures."),
    [TXT_ROWS_CAPPED] = ("Only the first %zu rows are listed here; %zu more "
                         "are counted on the Data quality sheet."),
};

static const char *const text_zh[TXT__COUNT] = {
    [TXT_SHEET_SUMMARY] = "摘要",
    [TXT_SHEET_DIMENSIONS] = "维度",
    [TXT_SHEET_ITEMS] = "题项",
    [TXT_SHEET_DRIVERS] = "驱动因素",
    [TXT_RESPONSES_READ] = "读取的答卷",
    [TXT_RESPONSES_VALID] = "有效答卷",
    [TXT_RESPONSES_EXCLUDED] = "剔除的答卷",
    [TXT_INPUT_FILES] = "输入文件",
    [TXT_EXCLUDED_SHARE] = "剔除比例",
    [TXT_OVERALL] = "总体满意度",
    [TXT_DIMENSION_SCORES] = "维度得分",
    [TXT_DIMENSION] = "维度",
    [TXT_KEY] = "代码",
    [TXT_ITEMS] = "题项数",
    [TXT_ITEM] = "题项",
    [TXT_REVERSED] = "反向计分",
    [TXT_YES] = "是",
    [TXT_N] = "样本量",
    [TXT_MISSING] = "缺失",
    [TXT_MEAN] = "均值",
    [TXT_SD] = "标准差",
    [TXT_SE] = "标准误",
    [TXT_CI_LOW] = "95%置信区间下限",
    [TXT_CI_HIGH] = "95%置信区间上限",
    [TXT_TOP2] = "前两项占比",
    [TXT_CHART_TITLE] = "各维度平均得分",
    [TXT_OUTCOME] = "结果变量",
    [TXT_R2] = "R²",
    [TXT_ADJ_R2] = "调整后R²",
    [TXT_CORRELATION] = "相关系数 r",
    [TXT_BETA] = "标准化回归系数",
    [TXT_DRIVERS_NOTE] = ("总体满意度对各维度得分的回归（仅含全部作答的受访者）。"
                         "系数越大，驱动作用越强。"),
    [TXT_NOTE] = "说明",
    [TXT_FILE] = "文件",
    [TXT_ROWS] = "行数",
    [TXT_INVALID_VALUES] = "无效值",
    [TXT_DIMENSION_NOTE] = ("维度得分：受访者已答题项的均值（反向题已转换），"
                           "至少答一半题项时计算。前两项占比：得分不低于量表最高分减一的比例。"),
    [TXT_ITEMS_NOTE] = "反向题显示转换后的数值（最小值+最大值-答案）。",
    [TXT_QUESTION] = "题目",
    [TXT_SKIPPED_FILE] = "跳过的输入文件",
    [TXT_SHEET_QUALITY] = "数据质量",
    [TXT_SHEET_EXCLUSIONS] = "剔除明细",
    [TXT_STEP] = "步骤",
    [TXT_RESPONSES] = "答卷数",
    [TXT_SHARE_OF_READ] = "占读取比例",
    [TXT_VALID] = "有效",
    [TXT_LAYOUT] = "格式",
    [TXT_ENCODING] = "编码",
    [TXT_LINE] = "行号",
    [TXT_ID] = "受访者编号",
    [TXT_REASON] = "剔除原因",
    [TXT_ALL_REASONS] = "违反的全部规则",
    [TXT_DURATION] = "用时（秒）",
    [TXT_ANSWERED] = "已答题项",
    [TXT_PER_FILE] = "各输入文件",
    [TXT_SPEEDER_RULE] = "过快作答：用时少于 %.0f 秒（中位用时 %.0f 秒的规定比例）。",
    [TXT_SPEEDER_OFF] = "过快作答：未检查（无用时数据或规则已关闭）。",
    [TXT_GATE_PASSED] = "质量检查通过：剔除 %.1f%%，上限 %.0f%%。",
    [TXT_GATE_FAILED] = ("质量检查未通过：%.1f%% 的答卷被剔除，超过上限 %.0f%%。"
                         "使用这些数字前请查看数据质量表。"),
    [TXT_ROWS_CAPPED] = "此处只列出前 %zu 行；其余 %zu 行计入数据质量表。",
};

const char *report_text(const char *language, report_text_id id)
{
    if (language && strcmp(language, "zh-CN") == 0 && text_zh[id])
        return text_zh[id];
    return text_en[id];
}
