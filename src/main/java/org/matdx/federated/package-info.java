/**
 * Federated learning between MatDX nodes (docs/federation.md): several organisations, each with
 * its own MatDX and database, train one model while every row stays home. Secure aggregation
 * ({@link org.matdx.federated.SecureAggregation}: pairwise X25519 masks, Shamir shares for dropouts,
 * Bonawitz et al. 2017), gradient-boosted trees from summed histograms
 * ({@link org.matdx.federated.FederatedTrees}), the node's and the coordinator's sides of the
 * protocol; federated campaigns ({@link org.matdx.federated.FederatedBayes}: Bayesian optimisation from
 * summed random-Fourier-feature statistics). Not to be confused with {@code optimade.client}'s federated
 * <em>search</em>. Depends on {@code core}, {@code store}, {@code privacy}, {@code informatics},
 * {@code optimize}, {@code access}, {@code audit} and {@code catalog}; nothing below {@code platform}
 * depends on it.
 */
package org.matdx.federated;
