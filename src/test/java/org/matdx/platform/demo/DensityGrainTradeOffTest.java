package org.matdx.platform.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.matdx.core.RequestContext;
import org.matdx.platform.Bootstrap;
import org.matdx.testing.TestPlatform;
import org.matdx.web.ui.Messages;
import org.matdx.web.ui.ParetoPlot;

class DensityGrainTradeOffTest {

    @Test
    void seedsATwoObjectiveCampaignWhosePageHasAParetoFront() {
        try (TestPlatform tp = TestPlatform.start()) {
            var p = tp.platform();
            DemoContext ctx = p.demoContext();
            new DemoPeople().load(ctx);
            new DensityGrainTradeOff().load(ctx);
            var c = p.campaigns().list(Bootstrap.SYSTEM, null).stream()
                    .filter(x -> x.name().equals("LLZO density against grain size")).findFirst().orElseThrow();
            var view = p.campaigns().view(RequestContext.local(Bootstrap.SYSTEM), c.id());
            var plot = ParetoPlot.of(view, Messages.of("en"));
            assertThat(plot.trials()).isEqualTo(15);
            assertThat(plot.front()).hasSizeBetween(2, 14);
            assertThat(plot.hypervolume()).isPositive();
        }
    }
}
