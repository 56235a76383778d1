package org.matdx.platform;

import java.util.List;
import java.util.OptionalDouble;
import org.matdx.core.Composition;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.diffraction.CandidateQuery;
import org.matdx.diffraction.Identification;
import org.matdx.diffraction.PhaseAnalyses;
import org.matdx.diffraction.PhaseIdentifier;
import org.matdx.formats.Parsed;
import org.matdx.optimize.CampaignConfig;
import org.matdx.optimize.PhaseObjectives;

/**
 * Phase identification as the source of campaign objectives (optimisation does not depend on
 * diffraction): the trial's first powder pattern against the structures the caller may read,
 * restricted to the elements the file or else the trial's composition declares.
 */
final class XrdObjectives implements PhaseObjectives {
    private final PhaseAnalyses analyses;

    XrdObjectives(PhaseAnalyses analyses) {
        this.analyses = analyses;
    }

    @Override
    public OptionalDouble value(RequestContext context, CampaignConfig.XrdObjective objective, List<Parsed> records, Composition trial) {
        for (Parsed p : records) {
            PhaseAnalyses.Measured m;
            try {
                m = PhaseAnalyses.measured(p.series(), p.metadata(), p.composition() != null ? p.composition() : trial, true);
            } catch (Problem e) {
                continue; // not a powder pattern: another file may hold one
            }
            CandidateQuery q = CandidateQuery.parse(objective.candidates());
            Identification id = analyses.identify(context, m, q, PhaseIdentifier.Options.DEFAULT).identification();
            return OptionalDouble.of(objective.phase() == null ? id.purity() : id.fractionOf(objective.phase()));
        }
        return OptionalDouble.empty();
    }
}
