/**
 * Image analysis for microscope data: intensity statistics, particle segmentation and size
 * distributions in calibrated units, Fourier transforms with lattice spacings, and decomposition
 * of spectrum images. Depends only on {@code core}; ingest and the web layer call it.
 */
package org.matdx.imaging;
