/**
 * Native search: element, formula, property, text and facet queries translated to SQL under the access policy.
 */
package org.matdx.search;
