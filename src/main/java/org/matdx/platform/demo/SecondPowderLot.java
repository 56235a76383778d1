package org.matdx.platform.demo;

import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.optimize.Campaign;
import tools.jackson.databind.node.ObjectNode;

/**
 * Transfer between campaigns: the battery lab sinters a second lot of the same LLZO powder and
 * starts from what the first campaign learned ({@code "transfer"}), so its first batch already
 * goes to the dense region instead of a space-filling design. Six trials have run.
 */
final class SecondPowderLot implements Seed {
    static final String NAME = "LLZO pellet sintering, second powder lot";

    @Override
    public String name() {
        return "sintering-second-lot";
    }

    @Override
    public void load(DemoContext ctx) {
        var alice = ctx.as("alice");
        var campaigns = ctx.campaigns();
        Campaign first = campaigns.list(alice, null).stream().filter(c -> c.name().equals("LLZO pellet sintering")).findFirst()
                .orElse(null);
        if (first == null) {
            return; // removed by its owner before this seed ran
        }
        ObjectNode config = (ObjectNode) Json.read(SinteringCampaign.CONFIG);
        config.put("name", NAME);
        config.putArray("transfer").add(first.id().toString());
        var c = campaigns.create(RequestContext.local(alice), first.datasetId(), config);
        campaigns.simulate(RequestContext.local(alice), c.id(), 6);
    }
}
