/**
 * Model-use-only data, protected: differentially private gradient boosting (DP-GBDT after Li et al.,
 * AAAI 2020), the privacy budget and its accounting, the mechanisms it is built from (Laplace,
 * exponential-mechanism quantiles), per-caller prediction budgets kept in PostgreSQL, the owner's
 * choices (ε, withdrawal) and the membership-inference / reconstruction attack that measures all of it.
 * Depends on {@code core} and {@code store} only; {@code informatics} builds its private path on it.
 */
package org.matdx.privacy;
