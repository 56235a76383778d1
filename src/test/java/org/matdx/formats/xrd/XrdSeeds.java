package org.matdx.formats.xrd;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The project's own XRD fixtures, as seeds for the fuzz targets of this package. */
final class XrdSeeds {
    private XrdSeeds() {
    }

    static byte[] xrdml() {
        return XrdFixtureReadersTest.xrdml("1.5", """
                    <scan appendNumber="0" mode="Continuous" scanAxis="Gonio" status="Completed">
                      <dataPoints>
                        <positions axis="2Theta" unit="deg"><startPosition>10</startPosition><endPosition>12</endPosition></positions>
                        <counts unit="counts">1 2 3</counts>
                      </dataPoints>
                    </scan>
                """).getBytes(StandardCharsets.UTF_8);
    }

    static List<byte[]> raw() {
        return List.of(XrdFixtures.rawV1(), XrdFixtures.rawV2(), XrdFixtures.rawV3(), XrdFixtures.rawV4());
    }

    static byte[] ras() {
        return XrdFixtures.ras(StandardCharsets.UTF_8, "TiO2 anatase", "Yamada");
    }

    static byte[] rasx() {
        try {
            return XrdFixtures.rasx();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static byte[] brml() {
        try {
            return XrdFixtures.brml();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
