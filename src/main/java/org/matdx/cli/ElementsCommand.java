package org.matdx.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.matdx.core.Composition;
import org.matdx.core.Element;
import org.matdx.core.Elements;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.elementstrategy.CompositionScores;
import org.matdx.elementstrategy.CriticalList;
import org.matdx.elementstrategy.CriticalShare;
import org.matdx.elementstrategy.DataSource;
import org.matdx.elementstrategy.ElementRecord;
import org.matdx.elementstrategy.ElementResources;
import org.matdx.elementstrategy.ResourceJson;
import org.matdx.elementstrategy.ResourceProperty;
import org.matdx.elementstrategy.ResourceScorer;
import org.matdx.elementstrategy.Score;
import org.matdx.elementstrategy.SupplyRiskBand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code matdx elements …}: element-strategy facts of elements and scores of compositions (no database needed). */
@Command(name = "elements", description = "Element strategy: supply risk, abundance, cost and carbon of elements and compositions.",
        subcommands = {ElementsCommand.Show.class, ElementsCommand.ScoreCmd.class})
final class ElementsCommand {

    @Command(name = "show", description = "Print an element's record with the source of every value, e.g. 'matdx elements show Co'.")
    static final class Show implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "SYMBOL")
        String symbol;

        @Option(names = "--json", description = "Print JSON (as the API returns it).")
        boolean json;

        @Override
        public Integer call() {
            Element e = Elements.bySymbol(symbol.strip()).orElseThrow(() ->
                    Problem.invalid("SYMBOL", "'" + symbol + "' is not an element symbol (e.g. Co, Nd, Li)"));
            ElementResources data = ElementResources.standard();
            ElementRecord r = data.record(e);
            if (json) {
                System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(ResourceJson.element(r, data)));
                return 0;
            }
            PrintStream out = System.out;
            out.printf("%s  %s (Z = %d)%n", e.symbol(), e.name(), e.z());
            List<String> used = new ArrayList<>();
            for (ResourceProperty p : ResourceProperty.values()) {
                if (p == ResourceProperty.MAIN_PRODUCER_SHARE) {
                    continue;
                }
                boolean footprint = p == ResourceProperty.GHG || p == ResourceProperty.CED;
                String value = r.value(p).isPresent() ? number(r.value(p).getAsDouble()) + (p.unit().isEmpty() ? "" : " " + p.unit())
                        : footprint ? "— unassessed (no published figure)" : "— (no checked published value)";
                if ((p == ResourceProperty.HHI_PRODUCTION || p == ResourceProperty.HHI_RESERVE) && r.value(p).isPresent()) {
                    value += "  " + SupplyRiskBand.of(r.value(p).getAsDouble()).meaning();
                }
                var fp = data.footprint(e).filter(f -> f.value(p).isPresent());
                if (footprint && fp.isPresent()) {
                    value += "  (" + fp.get().boundary() + ", " + fp.get().scope() + ")";
                }
                String source = !footprint ? cite(data, p.column(), used)
                        : fp.map(f -> cite(data.footprintSources().get(f.source()), used)).orElse("");
                out.printf("  %-44s %s  %s%n", p.label(), value, source);
            }
            if (r.mainProducer() != null) {
                out.printf("  %-44s %s, %.0f %% of %s  %s%n", "leading producer", r.mainProducer(),
                        100 * r.value(ResourceProperty.MAIN_PRODUCER_SHARE).getAsDouble(), r.mainProducerBasis(),
                        cite(data, "main_producer", used));
            } else {
                out.printf("  %-44s %s  %s%n", "leading producer", "— (no checked published figure)", cite(data, "main_producer", used));
            }
            out.println("  critical-materials lists");
            for (CriticalList l : CriticalList.values()) {
                String v = r.listed(l) ? "listed, as " + r.lists().get(l) : "not listed";
                out.printf("    %-42s %s  %s%n", l.title(), v, cite(data, l.column(), used));
            }
            out.println("sources");
            for (String key : used) {
                DataSource s = Stream.concat(data.sources().values().stream(),
                        data.footprintSources().values().stream()).filter(x -> x.key().equals(key)).findFirst().orElseThrow();
                out.printf("  [%s] %s. %s%n", key, s.citation(), s.identifier());
            }
            return 0;
        }
    }

    @Command(name = "score", description = "Print a composition's element-strategy scores, e.g. 'matdx elements score Li2O'.")
    static final class ScoreCmd implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FORMULA")
        String formula;

        @Option(names = "--json", description = "Print JSON (as the API returns it).")
        boolean json;

        @Override
        public Integer call() {
            Composition c = Composition.parse(formula);
            ResourceScorer scorer = ResourceScorer.standard();
            CompositionScores s = scorer.score(c);
            if (json) {
                System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter()
                        .writeValueAsString(ResourceJson.scores(s, scorer.data())));
                return 0;
            }
            PrintStream out = System.out;
            List<String> fractions = new ArrayList<>();
            s.massFractions().forEach((e, w) -> fractions.add(e.symbol() + " " + String.format(Locale.ROOT, "%.4f", w)));
            out.printf("%s  (mass fractions: %s)%n", c.reducedFormula(), String.join(", ", fractions));
            out.printf("  %-28s %s%n", "HHI of production", describe(s.hhiProduction(), "%.0f"));
            out.printf("  %-28s %s%n", "HHI of reserves", describe(s.hhiReserve(), "%.0f"));
            out.println("  critical-element mass fraction");
            for (CriticalList l : CriticalList.values()) {
                CriticalShare share = s.critical(l);
                out.printf("    %-26s %.3f%s%n", l.code(), share.massFraction(), share.elements().isEmpty() ? ""
                        : "  (" + String.join(", ", share.elements().stream().map(Element::symbol).toList()) + ")");
            }
            out.printf("  %-28s %s%n", "crustal abundance", describe(s.abundance(), "%.4g"));
            out.printf("  %-28s %s%n", "elemental cost", describe(s.cost(), "%.4g"));
            out.printf("  %-28s %s%n", "cradle-to-gate GHG", describe(s.ghg(), "%.4g"));
            out.printf("  %-28s %s%n", "cradle-to-gate energy", describe(s.ced(), "%.4g"));
            // HHI inputs carry two significant figures; --json gives the unrounded values
            out.println("  (sources: matdx elements show SYMBOL; bands: HHI < 1500 low, ≤ 2500 medium, > 2500 high)");
            return 0;
        }
    }

    static String describe(Score score, String format) {
        return switch (score) {
            case Score.Computed c -> {
                String v = String.format(Locale.ROOT, format, c.score()) + (c.unit().isEmpty() ? "" : " " + c.unit());
                if (c.band() != null) {
                    v += "  " + c.band().code();
                }
                if (c.dominant() != null) {
                    v += c.band() == null && c.unit().equals("mg/kg")
                            ? "  (scarcest: " + c.dominant().symbol() + ")"
                            : String.format(Locale.ROOT, "  (dominated by %s, %.0f %%)", c.dominant().symbol(), 100 * c.dominantShare());
                }
                yield v;
            }
            case Score.Missing m when m.unassessed() -> String.format(Locale.ROOT,
                    "— %s; the assessed elements alone give at least %.4g", m.message(), m.assessedPart());
            case Score.Missing m -> "— cannot be computed: " + m.message();
        };
    }

    private static String cite(ElementResources data, String column, List<String> used) {
        return data.source(column).map(s -> cite(s, used)).orElse("");
    }

    private static String cite(DataSource s, List<String> used) {
        if (!used.contains(s.key())) {
            used.add(s.key());
        }
        return "[" + s.key() + ", " + s.year() + "]";
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
