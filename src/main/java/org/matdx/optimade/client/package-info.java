/**
 * The federated OPTIMADE client: other providers' databases searched from MatDX. A
 * {@link org.matdx.optimade.client.ProviderList} (the providers registry's format, stored by
 * {@link org.matdx.optimade.client.ProviderStore}) names the only hosts MatDX ever asks;
 * {@link org.matdx.optimade.client.Resolver} turns a provider into its databases as
 * optimade-python-tools does (index meta-database, child links, {@code /v1});
 * {@link org.matdx.optimade.client.Federation} asks them in parallel within
 * {@link org.matdx.optimade.client.FederationLimits} and imports a hit with its provenance.
 */
package org.matdx.optimade.client;
