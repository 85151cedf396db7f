#!/usr/bin/Rscript
# Golden reliability figures for testdata/bfi, from R's psych package
# (Debian r-cran-psych): psych::alpha on the respondents who answered every
# item of a scale (listwise, as satpipe, SPSS and PSPP do), after reversing
# the reverse-keyed items (7 - x), and psych::alpha.ci for the Feldt
# interval. Also each item's n, mean, sd and median (base R).
# Usage: Rscript tests/oracle/reliability_oracle.R testdata/bfi/bfi.csv > \
#          testdata/bfi/expected.json
suppressMessages(library(psych))
d <- read.csv(commandArgs(trailingOnly = TRUE)[1])
scales <- list(
  agreeableness = list(items = paste0("A", 1:5), reverse = "A1"),
  conscientiousness = list(items = paste0("C", 1:5), reverse = c("C4", "C5")),
  extraversion = list(items = paste0("E", 1:5), reverse = c("E1", "E2")),
  neuroticism = list(items = paste0("N", 1:5), reverse = character(0)),
  openness = list(items = paste0("O", 1:5), reverse = c("O2", "O5")))
num <- function(x) formatC(x, digits = 15, format = "g")
vec <- function(x) paste0("[", paste(num(x), collapse = ", "), "]")
out <- c()
for (key in names(scales)) {
  s <- scales[[key]]
  x <- d[, s$items]
  for (r in s$reverse) x[[r]] <- 7 - x[[r]]
  complete <- na.omit(x)
  a <- alpha(complete, check.keys = FALSE, warnings = FALSE)
  ci <- alpha.ci(a$total$raw_alpha, nrow(complete), length(s$items))
  items <- sapply(s$items, function(i) {
    v <- x[[i]][!is.na(x[[i]])]
    sprintf('{"column": "%s", "n": %d, "mean": %s, "sd": %s, "median": %s}',
            i, length(v), num(mean(v)), num(sd(v)), num(median(v)))
  })
  out <- c(out, sprintf(paste0(
    '{"key": "%s", "alpha_n": %d, "alpha": %s, "alpha_std": %s, ',
    '"mean_r": %s, "alpha_ci": [%s, %s], "item_total_r": %s, ',
    '"alpha_if_deleted": %s, "items": [%s]}'),
    key, nrow(complete), num(a$total$raw_alpha), num(a$total$std.alpha),
    num(a$total$average_r), num(ci$lower.ci), num(ci$upper.ci),
    vec(a$item.stats$r.drop), vec(a$alpha.drop$raw_alpha),
    paste(items, collapse = ", ")))
}
cat('{"dimensions": [', paste(out, collapse = ",\n"), ']}\n', sep = "\n")
