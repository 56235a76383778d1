package org.matdx.formats.jcamp;

import java.util.Locale;

/**
 * JCAMP-DX unit words ({@code ##XUNITS=1/CM}, {@code ##YUNITS=ABSORBANCE}) as axis names and the
 * unit symbols the rest of MatDX uses ({@code 1/cm}, {@code nm}, {@code absorbance}).
 */
final class JcampUnits {
    /** An axis name and unit. */
    record Named(String name, String unit) {
    }

    private JcampUnits() {
    }

    static Named x(String units) {
        String u = units == null ? "" : units.strip();
        return switch (u.toUpperCase(Locale.ROOT).replace(" ", "")) {
            case "1/CM", "CM-1", "CM^-1", "1/CENTIMETERS", "WAVENUMBERS" -> new Named("wavenumber", "1/cm");
            case "NANOMETERS", "NM" -> new Named("wavelength", "nm");
            case "MICROMETERS", "MICRONS", "UM", "µM" -> new Named("wavelength", "µm");
            case "HZ" -> new Named("frequency", "Hz");
            case "PPM" -> new Named("chemical shift", "ppm");
            case "SECONDS", "S", "SEC" -> new Named("time", "s");
            case "MILLISECONDS", "MS" -> new Named("time", "ms");
            case "MINUTES", "MIN" -> new Named("time", "min");
            case "M/Z" -> new Named("m/z", "m/z");
            case "EV" -> new Named("energy", "eV");
            case "DEGREES", "DEG" -> new Named("angle", "°");
            case "" -> new Named("x", "");
            default -> new Named("x", u.toLowerCase(Locale.ROOT));
        };
    }

    static Named y(String units) {
        String u = units == null ? "" : units.strip();
        return switch (u.toUpperCase(Locale.ROOT).replace(" ", "")) {
            case "ABSORBANCE" -> new Named("absorbance", "absorbance");
            case "TRANSMITTANCE" -> new Named("transmittance", "transmittance");
            case "REFLECTANCE" -> new Named("reflectance", "reflectance");
            case "KUBELKA-MUNK", "KUBELKAMUNK" -> new Named("Kubelka-Munk", "Kubelka-Munk");
            case "COUNTS" -> new Named("intensity", "counts");
            case "ARBITRARYUNITS", "ARB.UNITS", "A.U." -> new Named("intensity", "arb. units");
            case "RELATIVEABUNDANCE" -> new Named("abundance", "relative abundance");
            case "PICOAMPERES" -> new Named("ion current", "pA");
            case "" -> new Named("y", "");
            default -> new Named("intensity", u);
        };
    }
}
