package org.matdx.platform.demo;

import java.time.Clock;
import java.util.List;
import org.matdx.core.Json;
import org.matdx.store.InstanceSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo data that {@code matdx up} loads, one seed per capability. Each seed loads once per
 * installation (recorded in {@code instance_settings}), so an existing installation picks up the
 * seeds that later versions add.
 */
public final class Demo {
    private static final Logger LOG = LoggerFactory.getLogger(Demo.class);

    /** In load order; later seeds may use what earlier ones created (users, groups). */
    static final List<Seed> SEEDS = List.of(
            new DemoPeople(),
            new OxideBandGaps(),
            new CathodeSynthesisRuns(),
            new ElementStrategyDemo(),
            new BandGapModels(),
            new ReferenceStructures(),
            new AccessAndVersions(),
            new SinteringCampaign(),
            new SecondPowderLot(),
            new DensityGrainTradeOff(),
            new TradeOffCampaigns(),
            new FacilityInstrumentData(),
            new DiffractionDemo(),
            new ProductsDemo(),
            new FormationEnthalpies());

    private Demo() {
    }

    /** How many pieces the demo data has. */
    public static int seeds() {
        return SEEDS.size();
    }

    /** Where loading stands, for the console, the pages and /api/v1/health ({@code platform.Startup}). */
    public interface Progress {
        /** Whether the server is stopping: loading ends before the next seed. */
        boolean stopping();

        void loading(int done, int of, String now);

        void ready(int of);
    }

    /**
     * Loads the seeds not yet loaded, in order, each recorded in {@code settings} once it is in, and
     * says how far it has come through {@code progress}.
     */
    public static void load(DemoContext ctx, InstanceSettings settings, Clock clock, Progress progress) {
        for (int i = 0; i < SEEDS.size(); i++) {
            Seed seed = SEEDS.get(i);
            String key = "demo.seed." + seed.name();
            if (settings.has(key)) {
                continue;
            }
            if (progress.stopping()) {
                LOG.info("Demo data stopped before {}; the next start loads the rest", seed.name());
                return;
            }
            progress.loading(i, SEEDS.size(), seed.name());
            LOG.info("Loading demo data {}/{}: {}", i + 1, SEEDS.size(), seed.name());
            seed.load(ctx);
            settings.record(key, Json.object().put("loaded", clock.instant().toString()));
        }
        progress.ready(SEEDS.size());
    }
}
