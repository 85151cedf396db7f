#!/usr/bin/Rscript
# Writes testdata/bfi/bfi.csv: the 25 personality items of psychTools' bfi
# data set (2,800 respondents of the SAPA project, items on a 1-6 scale,
# with missing values and reverse-keyed items), as shipped by Debian's
# r-cran-psychtools, with its row names as a respondent id.
# Usage: Rscript tests/oracle/export_bfi.R testdata/bfi/bfi.csv
library(psychTools)
data(bfi)
out <- commandArgs(trailingOnly = TRUE)[1]
d <- data.frame(id = rownames(bfi), bfi[, 1:25], gender = bfi$gender,
                age = bfi$age)
write.csv(d, out, row.names = FALSE, na = "")
