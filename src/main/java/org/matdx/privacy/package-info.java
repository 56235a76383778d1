/**
 * Model-use-only data, protected: differentially private gradient boosting (Gaussian leaves on
 * every row, Maddock et al. CCS 2022, on Li et al.'s DP-GBDT, AAAI 2020), the privacy budget and its
 * accounting (zCDP for the trees, pure ε for the rest), the mechanisms it is built from (Gaussian,
 * Laplace, exponential-mechanism quantiles), per-caller prediction budgets kept in PostgreSQL, the owner's
 * choices (ε, withdrawal) and the membership-inference / reconstruction attack that measures all of it.
 * Depends on {@code core} and {@code store} only; {@code informatics} builds its private path on it.
 */
package org.matdx.privacy;
