/**
 * Thermodynamic stability from the hub's own data: the convex hull of formation energies of a
 * chemical system (a phase diagram at 0 K, as Materials Project draws them), each entry's energy
 * above the hull and what it would decompose into — over exactly the entries the caller may read.
 */
package org.matdx.stability;
