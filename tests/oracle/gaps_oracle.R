#!/usr/bin/Rscript
# Golden unweighted figures for testdata/gaps from base R: SERVQUAL gaps
# (perception - expectation) per item and for the dimension score (mean of
# a respondent's answered items when at least half are answered) with
# t.test(paired = TRUE); the Net Promoter Score with
# SE = 100 sqrt((p + d - (p - d)^2) / n) and a normal 95% interval.
# Usage: Rscript tests/oracle/gaps_oracle.R testdata/gaps/gaps.csv > \
#          testdata/gaps/expected.json
d <- read.csv(commandArgs(trailingOnly = TRUE)[1])
num <- function(x) formatC(x, digits = 15, format = "g")
gap <- function(p, e, name) {
  ok <- !is.na(p) & !is.na(e)
  t <- t.test(p[ok], e[ok], paired = TRUE)
  sprintf(paste0('"%s": {"n": %d, "mean": %s, "sd": %s, "se": %s, ',
                 '"t": %s, "p": %s, "ci_low": %s, "ci_high": %s}'),
          name, sum(ok), num(unname(t$estimate)), num(sd(p[ok] - e[ok])),
          num(unname(t$stderr)), num(unname(t$statistic)), num(t$p.value),
          num(t$conf.int[1]), num(t$conf.int[2]))
}
score <- function(cols) {
  x <- d[, cols]
  answered <- rowSums(!is.na(x))
  ifelse(answered >= length(cols) / 2, rowMeans(x, na.rm = TRUE), NA)
}
items <- sapply(1:3, function(k) gap(d[[paste0("P", k)]],
                                     d[[paste0("E", k)]], paste0("P", k)))
dim <- gap(score(c("P1", "P2", "P3")), score(c("E1", "E2", "E3")),
           "service")
x <- d$nps[!is.na(d$nps)]
p <- mean(x >= 9)
dd <- mean(x <= 6)
se <- 100 * sqrt((p + dd - (p - dd)^2) / length(x))
nps <- sprintf(paste0('"nps": {"n": %d, "promoters": %s, "detractors": %s, ',
                      '"nps": %s, "nps_se": %s, "nps_ci_low": %s, ',
                      '"nps_ci_high": %s}'),
               length(x), num(p), num(dd), num(100 * (p - dd)), num(se),
               num(100 * (p - dd) - qnorm(0.975) * se),
               num(100 * (p - dd) + qnorm(0.975) * se))
cat("{", paste(c(items, dim, nps), collapse = ",\n"), "}\n", sep = "\n")
