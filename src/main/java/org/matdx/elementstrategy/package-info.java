/**
 * Element strategy: supply risk, abundance, cost and carbon of elements and compositions.
 */
package org.matdx.elementstrategy;
