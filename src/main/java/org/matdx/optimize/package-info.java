/**
 * Closed-loop optimisation campaigns: Bayesian optimisation, trials, stopping rules.
 */
package org.matdx.optimize;
