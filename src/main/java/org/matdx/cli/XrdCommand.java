package org.matdx.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.matdx.catalog.Catalog;
import org.matdx.core.Caller;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.diffraction.CandidateQuery;
import org.matdx.diffraction.DiffractionJson;
import org.matdx.diffraction.PhaseAnalyses;
import org.matdx.diffraction.PhaseIdentifier;
import org.matdx.diffraction.SimulationRequest;
import org.matdx.ingest.Ingest;
import org.matdx.formats.Parsed;
import org.matdx.ingest.Upload;
import org.matdx.store.UserStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code matdx xrd simulate|identify}: powder patterns of structure entries, phases in measured scans (docs/diffraction.md). */
@Command(name = "xrd", description = "Simulate powder patterns of structure entries and identify the phases of measured scans.",
        subcommands = {XrdCommand.Simulate.class, XrdCommand.Identify.class})
final class XrdCommand {

    /** What the diffraction commands use. */
    record Uses(UserStore users, Catalog catalog, PhaseAnalyses diffraction, Ingest ingest) implements PlatformCommand.Users {
    }

    /** Acting as the operator or a named user ({@code --as}), printing text or JSON. */
    abstract static class AsCaller extends ModelCommand.AsCaller<Uses> {
        @Option(names = "--json", description = "Print the result as JSON.")
        boolean json;
    }

    @Command(name = "simulate", description = {"The powder pattern of a structure entry: its lines (2θ, d, hkl, multiplicity, intensity).",
            "Example: matdx xrd simulate 0190f3c2-… --radiation MoKa --range 5,60"})
    static final class Simulate extends AsCaller {
        @Parameters(index = "0", paramLabel = "ENTRY", description = "A structure entry (its id).")
        String entry;

        @Option(names = "--radiation", defaultValue = "CuKa", description = "CuKa, CuKa1, MoKa, CoKa, CrKa, FeKa, AgKa or a wavelength in Å (default: ${DEFAULT-VALUE}).")
        String radiation;

        @Option(names = "--range", defaultValue = "5,90", paramLabel = "MIN,MAX", description = "2θ range in degrees (default: ${DEFAULT-VALUE}).")
        String range;

        @Option(names = "--debye-waller", paramLabel = "EL:B,…", description = "Isotropic B factors in Å², e.g. Na:1.5,Cl:1.2.")
        String debyeWaller;

        @Option(names = "--profile", paramLabel = "FILE", description = "Also write the full profile (pseudo-Voigt, Kα1+Kα2) as two columns to FILE.")
        Path profile;

        @Option(names = "--step", defaultValue = "0.02", description = "2θ step of the profile (default: ${DEFAULT-VALUE}).")
        double step;

        @Override
        protected int run(Uses p) throws IOException {
            UUID id = Ids.parseOrNull(entry);
            if (id == null) {
                throw Problem.invalid("ENTRY", "'" + entry + "' is not an entry id");
            }
            String[] r = range.split(",");
            if (r.length != 2) {
                throw Problem.invalid("--range", "write MIN,MAX, e.g. 5,90");
            }
            Map<String, String> params = new HashMap<>();
            params.put("radiation", radiation);
            params.put("two_theta_min", r[0].strip());
            params.put("two_theta_max", r[1].strip());
            if (debyeWaller != null) {
                params.put("debye_waller", debyeWaller);
            }
            params.put("profile", String.valueOf(profile != null));
            params.put("step", String.valueOf(step));
            SimulationRequest req = SimulationRequest.parse(params);
            ObjectNode out = req.run(p.diffraction().structure(RequestContext.cli(caller(p, Scope.READ)), id));
            if (profile != null) {
                JsonNode pr = out.remove("profile");
                StringBuilder sb = new StringBuilder("# 2theta intensity (simulated, " + req.radiation().name() + ")\n");
                for (int i = 0; i < pr.get("two_theta").size(); i++) {
                    sb.append(String.format(Locale.ROOT, "%.4f %.4f%n", pr.get("two_theta").get(i).asDouble(), pr.get("intensity").get(i).asDouble()));
                }
                Files.writeString(profile, sb.toString());
            }
            if (json) {
                System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(out));
                return 0;
            }
            System.out.printf(Locale.ROOT, "%s, %s (λ = %.5f Å), %d lines%n", out.get("formula").asString(), req.radiation().name(),
                    out.get("wavelength").asDouble(), out.get("peaks").size());
            System.out.printf("%10s %10s %12s %6s %8s%n", "2θ/°", "d/Å", "hkl", "mult", "I/Imax");
            for (JsonNode pk : out.get("peaks")) {
                if (pk.get("relative_intensity").asDouble() >= 0.5) {
                    JsonNode h = pk.get("hkl");
                    System.out.printf(Locale.ROOT, "%10.4f %10.5f %12s %6d %8.2f%n", pk.get("two_theta").asDouble(), pk.get("d").asDouble(),
                            h.get(0).asInt() + " " + h.get(1).asInt() + " " + h.get(2).asInt(), pk.get("multiplicity").asInt(),
                            pk.get("relative_intensity").asDouble());
                }
            }
            if (profile != null) {
                System.out.println("profile written to " + profile);
            }
            return 0;
        }
    }

    @Command(name = "identify", description = {"The phases of a measured scan (a file, or a measurement entry) and their weight fractions,",
            "against the structure entries you may read.",
            "Example: matdx xrd identify scan.xrdml --candidates 'Reference phases' --elements Li,Co,O"})
    static final class Identify extends AsCaller {
        @Parameters(index = "0", paramLabel = "FILE|ENTRY", description = "A scan file (any format MatDX reads) or a measurement entry id.")
        String source;

        @Option(names = "--candidates", paramLabel = "DATASET|QUERY",
                description = "Compare with this dataset (id or title) or these search results (a query such as elements=Co&nelements=1..3); repeatable.")
        List<String> candidates = new ArrayList<>();

        @Option(names = "--elements", split = ",", paramLabel = "EL", description = "Only candidates made of these elements (default: the sample's, when declared).")
        List<String> elements = new ArrayList<>();

        @Option(names = "--max-phases", defaultValue = "3", description = "At most this many phases (default: ${DEFAULT-VALUE}).")
        int maxPhases;

        @Option(names = "--limit", defaultValue = "2000", description = "At most this many candidates (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--store", description = "Store the analysis with the entry (an ENTRY you may change).")
        boolean store;

        @Override
        protected int run(Uses p) throws IOException {
            RequestContext context = RequestContext.cli(caller(p, store ? Scope.WRITE : Scope.READ));
            Caller caller = context.caller();
            ObjectNode cq = Json.object();
            var datasets = cq.putArray("datasets");
            String query = null;
            for (String c : candidates) {
                if (c.contains("=")) {
                    if (query != null) {
                        throw Problem.invalid("--candidates", "give one query (join conditions with &)");
                    }
                    query = c;
                } else {
                    datasets.add(ModelCommand.datasetId(p.catalog(), caller, c).toString());
                }
            }
            if (query != null) {
                cq.put("query", query);
            }
            var el = cq.putArray("elements");
            elements.forEach(e -> el.add(e.strip()));
            cq.put("limit", limit);
            CandidateQuery q = CandidateQuery.parse(cq);
            PhaseIdentifier.Options options = new PhaseIdentifier.Options(maxPhases, 0.01);
            UUID entry = Ids.parseOrNull(source);
            JsonNode result;
            if (store) {
                if (entry == null) {
                    throw Problem.invalid("--store", "store analyses with entries: give a measurement entry id, not a file");
                }
                p.diffraction().identifyAndStore(context, entry, q, options);
                result = p.diffraction().current(context, entry, false).orElseThrow();
            } else {
                PhaseAnalyses.Measured m = entry != null ? p.diffraction().measured(context, entry) : file(p, Path.of(source));
                result = DiffractionJson.identification(p.diffraction().identify(context, m, q, options).identification(),
                        x -> true, false);
            }
            if (json) {
                System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result));
                return 0;
            }
            print(result);
            return 0;
        }

        private static PhaseAnalyses.Measured file(Uses p, Path path) throws IOException {
            if (!Files.isRegularFile(path)) {
                throw Problem.invalid("FILE|ENTRY", "'" + path + "' is neither a file nor an entry id");
            }
            Ingest ingest = p.ingest();
            Upload u;
            try (InputStream in = Files.newInputStream(path)) {
                u = ingest.stage(path.getFileName().toString(), in, false);
            }
            try {
                for (Parsed r : ingest.preview(u, new Ingest.Options("auto", null, "en"))) {
                    try {
                        return PhaseAnalyses.measured(r.series(), r.metadata(), r.composition(), false);
                    } catch (Problem e) {
                        // another record of the file may hold the scan
                    }
                }
                throw new Problem(Problem.Type.UNPROCESSABLE, path.getFileName() + ": holds no powder pattern (a series over 2θ)");
            } finally {
                ingest.discard(List.of(u));
            }
        }

        static void print(JsonNode r) {
            JsonNode q = r.get("quality");
            System.out.printf(Locale.ROOT, "%d phase(s) from %d candidates; Rwp %.2f %%, GoF %.2f%n", r.get("phases").size(),
                    r.get("candidates_considered").asInt(), 100 * q.get("rwp").asDouble(), q.get("gof").asDouble());
            System.out.printf("%-12s %-40s %14s %30s%n", "formula", "name", "wt%", "a, b, c / Å");
            for (JsonNode ph : r.get("phases")) {
                JsonNode c = ph.get("cell");
                String esd = ph.get("weight_fraction_esd").isNumber()
                        ? String.format(Locale.ROOT, " ± %.1f", 100 * ph.get("weight_fraction_esd").asDouble()) : "";
                System.out.printf(Locale.ROOT, "%-12s %-40s %14s %30s%n", ph.get("formula").asString(), abbreviate(ph.get("name").asString()),
                        String.format(Locale.ROOT, "%.1f%s", 100 * ph.get("weight_fraction").asDouble(), esd),
                        String.format(Locale.ROOT, "%.4f %.4f %.4f", c.get("a").asDouble(), c.get("b").asDouble(), c.get("c").asDouble()));
            }
            System.out.println("search-match ranking:");
            int i = 0;
            for (JsonNode x : r.get("ranking")) {
                if (i++ >= 5) {
                    break;
                }
                System.out.printf(Locale.ROOT, "  %-12s %-40s score %5.1f%s%n", x.get("formula").asString(), abbreviate(x.get("name").asString()),
                        x.get("score").asDouble(), x.get("selected").asBoolean() ? "  (fitted)" : "");
            }
            r.get("notes").forEach(n -> System.out.println("note: " + n.asString()));
        }

        private static String abbreviate(String s) {
            return s.length() <= 40 ? s : s.substring(0, 39) + "…";
        }
    }
}
