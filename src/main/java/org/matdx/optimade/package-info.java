/**
 * OPTIMADE v1.2: the filter grammar, its translation to SQL, and the JSON:API responses.
 */
package org.matdx.optimade;
