/**
 * Materials informatics: composition and structure features, models with uncertainty and explanations.
 */
package org.matdx.informatics;
