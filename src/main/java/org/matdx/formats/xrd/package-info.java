/**
 * Readers for X-ray diffraction files: PANalytical XRDML, Rigaku RASX and RAS, Bruker BRML and RAW
 * (v1–v4), and generic two-column text. Each is written to its format's published layout and yields
 * one {@link org.matdx.formats.Parsed} measurement per file with a series per scan or range.
 */
package org.matdx.formats.xrd;
