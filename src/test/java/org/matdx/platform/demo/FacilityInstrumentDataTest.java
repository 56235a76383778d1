package org.matdx.platform.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.matdx.testing.TestPlatform;

class FacilityInstrumentDataTest {

    @Test
    void seedsAFacilityDatasetWithSamplesBatchAndAttachments() {
        try (TestPlatform tp = TestPlatform.start()) {
            var p = tp.platform();
            DemoContext ctx = p.demoContext();
            new DemoPeople().load(ctx);
            new FacilityInstrumentData().load(ctx);
            long measurements = p.db().read(h -> h.createQuery(
                    "SELECT count(*) FROM entries WHERE template = 'xrd.xy' AND jsonb_exists(data, 'peaks')").mapTo(Long.class).one());
            // the single scan, three batch rows and the run directory (xrd.xy comes from the test reader on this branch)
            assertThat(measurements).isEqualTo(5);
            long samples = p.db().read(h -> h.createQuery("SELECT count(*) FROM samples").mapTo(Long.class).one());
            assertThat(samples).isEqualTo(4);
            long tableRows = p.db().read(h -> h.createQuery(
                    "SELECT count(*) FROM entries WHERE template = 'table.csv'").mapTo(Long.class).one());
            assertThat(tableRows).isEqualTo(3);
            long restricted = p.db().read(h -> h.createQuery(
                    "SELECT count(*) FROM entry_files WHERE restricted AND name = 'beamtime-2026-11/proposal.txt'").mapTo(Long.class).one());
            assertThat(restricted).isEqualTo(1);
            long plots = p.db().read(h -> h.createQuery(
                    "SELECT count(*) FROM entry_files WHERE role = 'derived' AND name LIKE '%.plot.png'").mapTo(Long.class).one());
            assertThat(plots).isEqualTo(5);
        }
    }
}
