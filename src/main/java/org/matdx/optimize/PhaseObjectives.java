package org.matdx.optimize;

import java.util.List;
import java.util.OptionalDouble;
import org.matdx.core.Composition;
import org.matdx.core.RequestContext;
import org.matdx.formats.Parsed;

/**
 * Objectives read from a trial's powder pattern by phase identification (the weight fraction of a
 * phase, or the phase purity). Implemented over the diffraction capability and wired by the
 * platform, so optimisation does not depend on how phases are identified; the reference structures
 * are those the caller may read.
 */
public interface PhaseObjectives {
    /**
     * The objective's value from the first powder pattern among the trial's file records, or empty
     * when none holds one; {@code trial} is the trial's composition when its parameters describe one.
     * The reference structures are read for the context's caller (the trial's report, its origin with it).
     */
    OptionalDouble value(RequestContext context, CampaignConfig.XrdObjective objective, List<Parsed> records, Composition trial);

    /** No phase identification (tools that run campaigns without one): no file gives such a value. */
    PhaseObjectives NONE = (context, objective, records, trial) -> OptionalDouble.empty();
}
