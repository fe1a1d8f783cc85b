# Reference values for tests/test_tetrachoric.py: R's psych::tetrachoric and
# polycor::polychor on a few hundred 2 x 2 tables.
#
#   Rscript tests/data/make_tetrachoric_reference.R > tests/data/tetrachoric_reference.json
#
# Made with Debian bookworm's r-base-core 4.2.2, r-cran-psych 2.2.9 and
# r-cran-polycor 0.8-1 (apt-get install r-cran-psych r-cran-polycor).
#
# A table is c(n00, n01, n10, n11), row-major: row 0 is X below its cut,
# column 0 is Y below its cut. For each table:
#   psych_default  tetrachoric(table)$rho, psych's defaults (correct = 0.5):
#                  its optimize() runs at R's default tolerance
#                  (.Machine$double.eps^0.25, about 1.2e-4 in rho).
#   psych          the same code (psych:::tetrac, the 0.5 correction of zero
#                  cells, its cuts and its likelihood psych:::tetraF) with only
#                  optimize()'s tolerance lowered to 1e-12.
#   polycor        polychor(corrected table, ML = TRUE, std.err = TRUE): the full
#                  maximum likelihood (rho and both cuts; optim's Nelder-Mead
#                  with reltol = 1e-15); polycor_se is sqrt(var[1, 1]), the inverse
#                  of optim()'s numerical 3 x 3 Hessian of the log-likelihood.
#                  Its finite differences (step ndeps = 1e-3) lose accuracy as
#                  |rho| -> 1, where the likelihood curves over a shorter range:
#   polycor_se_fine  the same with optim's ndeps = 1e-5 (the Hessian's step).
#                  Both null where |rho| >= 0.995: polychor caps rho at 0.9999 and its
#                  Hessian's finite-difference step (1e-3) would cross the cap.
# The corrected table is psych's: every zero cell replaced by 0.5.
# Tables with a whole row or column empty are drawn again (no estimate exists).
suppressMessages({
  library(psych)
  library(polycor)
})

tight_tetrac <- psych:::tetrac
body(tight_tetrac) <- do.call(substitute, list(body(tight_tetrac), list(
  optimize = quote(function(...) stats::optimize(..., tol = 1e-12))
)))

draw_table <- function(rho, a, b, n) {
  z1 <- rnorm(n)
  z2 <- rho * z1 + sqrt(1 - rho^2) * rnorm(n)
  c(sum(z1 <= a & z2 <= b), sum(z1 <= a & z2 > b),
    sum(z1 > a & z2 <= b), sum(z1 > a & z2 > b))
}

estimable <- function(t) {
  all(c(t[1] + t[2], t[3] + t[4], t[1] + t[3], t[2] + t[4]) > 0)
}

set.seed(20261205)
fixed <- list(
  c(468, 71, 71, 389), c(30, 10, 5, 55), c(50, 10, 12, 0), c(40, 8, 3, 9),
  c(20, 30, 40, 10), c(900, 5, 5, 90), c(10, 3, 4, 12), c(1, 1, 1, 1),
  c(0, 25, 30, 5), c(12, 0, 0, 14), c(3000, 10, 12, 3000), c(5, 0, 7, 1)
)
tables <- fixed
while (length(tables) < 300) {
  k <- length(tables)
  rho <- if (k %% 10 == 0) sample(c(-1, 1), 1) * runif(1, 0.95, 0.998) else runif(1, -0.95, 0.95)
  n <- sample(c(15, 30, 60, 150, 400, 1000, 3000), 1)
  t <- draw_table(rho, runif(1, -1.6, 1.6), runif(1, -1.6, 1.6), n)
  if (estimable(t)) tables[[k + 1]] <- t
}

fmt <- function(x) ifelse(is.na(x), "null", sprintf("%.17g", x))
rows <- character(0)
for (t in tables) {
  m <- matrix(t, 2, 2, byrow = TRUE)
  corrected <- m
  corrected[corrected == 0] <- 0.5
  psych_default <- suppressMessages(tetrachoric(m))$rho
  psych_tight <- suppressMessages(tight_tetrac(m, correct = 0.5, i = 1, j = 1, global = FALSE))$rho
  pc <- fine <- list(rho = NA, var = matrix(NA, 1, 1))
  if (abs(psych_tight) < 0.995) {
    pc <- polychor(corrected, ML = TRUE, std.err = TRUE,
                   control = list(reltol = 1e-15, maxit = 20000))
    fine <- polychor(corrected, ML = TRUE, std.err = TRUE,
                     control = list(reltol = 1e-15, maxit = 20000, ndeps = rep(1e-5, 3)))
  }
  rows <- c(rows, sprintf(
    paste0('    {"table": [%s], "corrected": %s, "psych_default": %s, "psych": %s, ',
           '"polycor": %s, "polycor_se": %s, "polycor_se_fine": %s}'),
    paste(fmt(t), collapse = ", "), tolower(min(t) == 0), fmt(psych_default),
    fmt(psych_tight), fmt(pc$rho), fmt(sqrt(pc$var[1, 1])), fmt(sqrt(fine$var[1, 1]))
  ))
}
cat('{\n  "made_by": "tests/data/make_tetrachoric_reference.R",\n')
cat(sprintf('  "versions": {"R": "%s", "psych": "%s", "polycor": "%s"},\n',
            getRversion(), packageVersion("psych"), packageVersion("polycor")))
cat('  "tables": [\n')
cat(paste(rows, collapse = ",\n"))
cat('\n  ]\n}\n')
