/**
 * Life-cycle figures of products: bills of materials (a tree of components with masses, each a
 * composition, a hub entry or another product), their carbon footprint, energy demand,
 * critical-element content, supply risk and recycled content rolled up with each part's
 * contribution; what-if substitution; and signed digital product passports. Element figures come
 * from {@code resources} (one scorer); entries are read through {@code access.Gate} as the caller
 * may see them.
 */
package org.matdx.lca;
