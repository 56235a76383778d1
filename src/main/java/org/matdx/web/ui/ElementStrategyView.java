package org.matdx.web.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.matdx.core.Element;
import org.matdx.elementstrategy.CompositionScores;
import org.matdx.elementstrategy.CriticalList;
import org.matdx.elementstrategy.Score;

/**
 * An entry's element-strategy figures as its page shows them (#29: they existed in the API only):
 * supply concentration, critical-list shares, and the cradle-to-gate footprint — or, where an
 * element has no published figure, "unassessed", never a number that silently left it out.
 */
public final class ElementStrategyView {
    /** One line: what, the figure, and whether it is a gap rather than a value. */
    public record Row(String label, String value, boolean unassessed) {
    }

    private ElementStrategyView() {
    }

    public static List<Row> of(CompositionScores s, Messages m) {
        List<Row> rows = new ArrayList<>();
        rows.add(hhi(m.t("strategy.hhi_production"), s.hhiProduction(), m));
        rows.add(hhi(m.t("strategy.hhi_reserve"), s.hhiReserve(), m));
        for (CriticalList l : CriticalList.values()) {
            var share = s.critical(l);
            if (share != null && share.massFraction() > 0) {
                rows.add(new Row(m.t("strategy.critical." + l.code()), UiFormat.num(100 * share.massFraction()) + " % ("
                        + String.join(", ", share.elements().stream().map(Element::symbol).toList()) + ")", false));
            }
        }
        rows.add(footprint(m.t("strategy.ghg"), s.ghg(), "kg CO2-eq/kg", m));
        rows.add(footprint(m.t("strategy.ced"), s.ced(), "MJ/kg", m));
        return rows;
    }

    private static Row hhi(String label, Score score, Messages m) {
        if (score instanceof Score.Computed c) {
            return new Row(label, UiFormat.num(c.score()) + (c.band() == null ? "" : " · " + m.t("strategy.band." + c.band().name()
                    .toLowerCase(Locale.ROOT))) + " · " + m.t("strategy.dominant", c.dominant().symbol()), false);
        }
        return missing(label, (Score.Missing) score, m);
    }

    private static Row footprint(String label, Score score, String unit, Messages m) {
        if (score instanceof Score.Computed c) {
            return new Row(label, UiFormat.num(c.score()) + " " + unit, false);
        }
        return missing(label, (Score.Missing) score, m);
    }

    private static Row missing(String label, Score.Missing miss, Messages m) {
        String els = String.join(", ", miss.elements().stream().map(Element::symbol).toList());
        return new Row(label, miss.unassessed()
                ? m.t("strategy.unassessed", els, UiFormat.num(100 * miss.unassessedFraction()))
                : m.t("strategy.no_figure", els), true);
    }
}
