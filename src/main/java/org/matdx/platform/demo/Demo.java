package org.matdx.platform.demo;

import java.util.List;
import org.matdx.core.Json;
import org.matdx.platform.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo data that {@code matdx up} loads, one seed per capability. Each seed loads once per
 * installation (recorded in {@code instance_settings}), so an existing installation picks up the
 * seeds that later versions add.
 */
public final class Demo {
    private static final Logger LOG = LoggerFactory.getLogger(Demo.class);

    /** A piece of demo data. Names are permanent: renaming one loads it again. */
    public interface Seed {
        String name();

        void load(DemoContext ctx);
    }

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

    public static void load(Platform p) {
        DemoContext ctx = new DemoContext(p);
        for (int i = 0; i < SEEDS.size(); i++) {
            Seed seed = SEEDS.get(i);
            String key = "demo.seed." + seed.name();
            boolean done = p.db().read(h -> h.createQuery("SELECT count(*) > 0 FROM instance_settings WHERE key = :k")
                    .bind("k", key).mapTo(Boolean.class).one());
            if (done) {
                continue;
            }
            if (p.startup().stopping()) {
                LOG.info("Demo data stopped before {}; the next start loads the rest", seed.name());
                return;
            }
            p.startup().loading(i, SEEDS.size(), seed.name());
            LOG.info("Loading demo data {}/{}: {}", i + 1, SEEDS.size(), seed.name());
            seed.load(ctx);
            p.db().run(h -> h.createUpdate("INSERT INTO instance_settings (key, value) VALUES (:k, CAST(:v AS jsonb))")
                    .bind("k", key).bind("v", Json.write(Json.object().put("loaded", p.config().clock().instant().toString())))
                    .execute());
        }
        p.startup().ready(SEEDS.size());
    }
}
