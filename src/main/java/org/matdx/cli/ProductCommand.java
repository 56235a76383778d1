package org.matdx.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.elementstrategy.ResourceScorer;
import org.matdx.lca.BomReader;
import org.matdx.lca.Passport;
import org.matdx.lca.ProductFootprint;
import org.matdx.lca.ProductJson;
import org.matdx.lca.Resolved;
import org.matdx.lca.Rollup;
import org.matdx.lca.Products;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code matdx product …}: a bill of materials' footprint, and checking a passport's signature (docs/lca.md). */
@Command(name = "product", description = "Bills of materials: footprint, critical and recycled content; verify signed passports.",
        subcommands = {ProductCommand.Footprint.class, ProductCommand.Verify.class})
final class ProductCommand {

    /** What verifying a passport uses. */
    record Uses(Products products) {
    }

    abstract static class Base extends PlatformCommand<Uses> {
    }

    /** A document read from a file as untrusted JSON, within the same size cap as a request. */
    static JsonNode read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw Problem.invalid("FILE", file + " is not a file");
        }
        if (Files.size(file) > 16L * 1024 * 1024) {
            throw Problem.invalid("FILE", file + " is larger than 16 MB");
        }
        return Json.readUntrusted(Files.readString(file), "");
    }

    @Command(name = "footprint", description = {
            "Roll up a bill of materials (JSON, see docs/lca.md) without a server: formulas only;",
            "parts naming hub entries or products are shown as not visible (use the API for those)."})
    static final class Footprint implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Option(names = "--json", description = "Print JSON (as the API returns it).")
        boolean json;

        @Override
        public Integer call() throws IOException {
            ProductFootprint f = new Rollup(ResourceScorer.standard()).of(BomReader.read(read(file)), Resolved.FORMULAS_ONLY);
            if (json) {
                System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(ProductJson.footprint(f)));
                return 0;
            }
            PrintStream out = System.out;
            out.printf(Locale.ROOT, "%s  (per %s, %.6g kg)%n", f.name(), f.functionalUnit(), f.massKg());
            out.printf(Locale.ROOT, "  %-34s %s%n", "carbon footprint (GWP100)", figure(f.gwp(), "kg CO2-eq"));
            out.printf(Locale.ROOT, "  %-34s %.4g kg CO2-eq (%.4g kWh)%n", "  of which process electricity", f.processGwp(), f.electricityKwh());
            out.printf(Locale.ROOT, "  %-34s %s%n", "energy demand of the materials", figure(f.ced(), "MJ"));
            out.printf(Locale.ROOT, "  %-34s %s%n", "supply risk (HHI of production)", figure(f.hhiProduction(), ""));
            out.printf(Locale.ROOT, "  %-34s %.4g %% (declared on %.4g %% of the mass; %s)%n", "recycled content",
                    100 * f.recycled().massFraction(), 100 * f.recycled().declaredMassFraction(), f.allocation().code());
            f.critical().forEach((l, c) -> out.printf(Locale.ROOT, "  %-34s %.4g kg (%.3f)%n", "critical, " + l.code(), c.massKg(), c.massFraction()));
            out.println("  contributions (kg CO2-eq)");
            double total = f.gwp().lowerBound();
            for (ProductFootprint.Part p : f.parts()) {
                out.printf(Locale.ROOT, "    %-48s %s%n", p.path(), p.gwp() == null ? "unassessed: " + p.note()
                        : String.format(Locale.ROOT, "%.4g  (%.1f %%)  %s", p.gwp(), 100 * p.gwp() / total, p.basis()));
            }
            for (ProductFootprint.Step s : f.steps()) {
                out.printf(Locale.ROOT, "    %-48s %.4g  (%.1f %%)  %.4g kWh, %s%n", s.path() + " : " + s.name(), s.gwp(),
                        100 * s.gwp() / total, s.electricityKwh(), s.electricity().name());
            }
            out.println("  sources: " + String.join(", ", f.sources()) + " (matdx elements show SYMBOL; docs/SOURCES.md)");
            return 0;
        }

        private static String figure(ProductFootprint.Figure x, String unit) {
            String u = unit.isEmpty() ? "" : " " + unit;
            return x.assessed() ? String.format(Locale.ROOT, "%.4g%s", x.value(), u)
                    : String.format(Locale.ROOT, "unassessed (at least %.4g%s): %s", x.lowerBound(), u, String.join("; ", x.unassessed()));
        }
    }

    @Command(name = "verify", description = {
            "Check that a passport exported by this hub (the JSON of /api/v1/products/ID/passports/N) is as signed.",
            "Exit 0 when the signature is valid, 3 when it is not."})
    static final class Verify extends Base {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Override
        protected int run(Uses p) throws IOException {
            Passport.Verification v = p.products().verify(read(file));
            System.out.println((v.valid() ? "VALID: " : "NOT VALID: ") + v.reason());
            if (v.productId() != null) {
                System.out.println("product " + v.productId() + ", passport version " + v.passportVersion());
            }
            return v.valid() ? 0 : 3;
        }
    }
}
