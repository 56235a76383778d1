package org.matdx.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.matdx.catalog.Catalog;
import org.matdx.catalog.NewDataset;
import org.matdx.core.Caller;
import org.matdx.core.Json;
import org.matdx.core.InvalidInput;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.ingest.Archives;
import org.matdx.ingest.Ingest;
import org.matdx.ingest.IngestRequest;
import org.matdx.ingest.IngestResult;
import org.matdx.ingest.Ingestion;
import org.matdx.ingest.structuring.XAxis;
import org.matdx.platform.PlatformConfig;
import org.matdx.store.UserStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code matdx ingest PATH}: structure instrument files into entries. A file is one registration;
 * a directory or zip registers every recognised main file with the rest of its directory
 * attached; {@code --batch SHEET} reads one invoice per row. Runs the same structuring the
 * ingest jobs run, in this process, with a progress bar.
 */
@Command(name = "ingest", description = {
        "Structure instrument, structure or table files into entries of a dataset.",
        "PATH is a file, a directory or a .zip; with --batch, the directory holding the files the sheet names."})
final class IngestCommand extends PlatformCommand<IngestCommand.Uses> {

    /** What an ingest uses. */
    record Uses(UserStore users, Catalog catalog, Ingestion ingestion) implements PlatformCommand.Users {
    }

    @Parameters(index = "0", paramLabel = "PATH", description = "File, directory or zip archive.")
    Path path;

    @Option(names = "--template", defaultValue = "auto", description = "Template id, or auto to recognise each file by its content (default: ${DEFAULT-VALUE}).")
    String template;

    @Option(names = "--invoice", paramLabel = "FILE", description = "The invoice (JSON or YAML): basic, sample and custom parts.")
    Path invoiceFile;

    @Option(names = "--batch", paramLabel = "SHEET", description = "A CSV or XLSX sheet with one invoice per row naming its file(s).")
    Path batch;

    @Option(names = "--dataset", paramLabel = "ID|TITLE", description = "Add to this dataset, by id or title (default: a new private dataset named after PATH).")
    String dataset;

    @Option(names = "--user", required = true, paramLabel = "USERNAME", description = "Who registers the data.")
    String username;

    @Option(names = "--restricted", paramLabel = "NAME", description = "File names to store as restricted (never shared); * for all.")
    List<String> restricted = new ArrayList<>();

    @Option(names = "--lang", defaultValue = "en", description = "Language of invoice messages: en or ja (default: ${DEFAULT-VALUE}).")
    String lang;

    @Option(names = "--x-axis", paramLabel = "AXIS", description = "What the x values of files that do not say are:"
            + " two_theta_deg, q_inv_angstrom, d_angstrom, energy_ev or unknown (default: as each file says; a bare .xy is"
            + " assumed 2θ). A file that declares another axis is refused.")
    String xAxis;

    @Option(names = "--json", description = "Print one JSON object per file: file, template, entry or error, points, sites, metadata.")
    boolean json;

    @picocli.CommandLine.Mixin
    IngestLimitOptions limits;

    @Override
    protected PlatformConfig configure(PlatformConfig config) {
        return limits.applyTo(config);
    }

    @Override
    protected int run(Uses p) throws Exception {
        if (!Files.exists(path)) {
            throw Problem.invalid("PATH", path + " does not exist");
        }
        Caller caller = account(p, username, Scope.WRITE);
        JsonNode invoice = invoiceFile == null ? null : readInvoice(invoiceFile);
        UUID target = dataset != null ? ModelCommand.datasetId(p.catalog(), caller, dataset) : p.catalog().createDataset(RequestContext.cli(caller),
                new NewDataset(path.getFileName().toString(), "Registered with matdx ingest", "CC-BY-4.0", "private",
                        null, false, null, null)).id();
        XAxis.Stated statedAxis;
        try {
            statedAxis = XAxis.Stated.parse(xAxis);
        } catch (InvalidInput e) {
            throw e.as("--x-axis"); // the option's name on this command line
        }
        if (batch != null && statedAxis != null) {
            throw Problem.invalid("--x-axis", "applies to files and directories, not to a batch sheet");
        }
        boolean tree = Files.isDirectory(path) || Archives.isArchiveName(path.getFileName().toString());
        IngestRequest request = new IngestRequest(RequestContext.cli(caller), target,
                batch != null ? IngestRequest.Mode.BATCH : tree ? IngestRequest.Mode.TREE : IngestRequest.Mode.FILE,
                List.of(batch != null ? new IngestRequest.Directory(Files.isDirectory(path) ? path : path.toAbsolutePath().getParent())
                        : Files.isDirectory(path) ? new IngestRequest.Directory(path) : IngestRequest.Part.of(path)),
                batch == null ? null : IngestRequest.Part.of(batch), IngestRequest.Restricted.of(restricted, false),
                new Ingest.Options(template, invoice, lang, statedAxis));
        Ingestion.Registered done;
        try (Bar bar = new Bar(json)) {
            done = p.ingestion().register(request, bar);
        }
        List<IngestResult> results = done.results();
        List<Archives.Skipped> skipped = done.skipped();
        PrintStream out = System.out;
        int failed = 0;
        for (IngestResult r : results) {
            if (!r.ok()) {
                failed++;
            }
            if (json) {
                out.println(Json.write(r.toJson().put("dataset", target.toString())));
            } else if (r.ok()) {
                out.printf(Locale.ROOT, "ok     %s  [%s]  entr%s %s  (%d points%s)%n", r.source(), r.template(),
                        r.entries().size() == 1 ? "y" : "ies", r.entries().size() == 1 ? r.entries().get(0) : r.entries().size() + "",
                        r.points(), r.sites() > 0 ? ", " + r.sites() + " sites" : "");
            } else {
                out.println("error: " + r.error());
                r.issues().forEach(i -> out.println("  " + i.field() + ": " + i.message()));
            }
        }
        // every other file's fate: attached to which entries, or not stored and why, or skipped as not data
        JsonNode attachments = done.summary().path("attachments");
        long attached = 0;
        for (JsonNode a : attachments) {
            boolean ok = a.path("outcome").asString().equals("attached");
            attached += ok ? 1 : 0;
            if (json) {
                out.println(Json.write(((ObjectNode) a.deepCopy()).put("dataset", target.toString())));
            } else if (ok) {
                List<String> ids = new ArrayList<>();
                a.path("entries").forEach(e -> ids.add(e.asString()));
                out.printf(Locale.ROOT, "attach %s  → entr%s %s  (with %s)%n", a.path("file").asString(), ids.size() == 1 ? "y" : "ies",
                        String.join(", ", ids), a.path("main").asString());
            } else {
                out.printf(Locale.ROOT, "error: %s: %s (%s)%n", a.path("file").asString(), a.path("reason").asString(),
                        a.path("main").asString());
            }
        }
        for (Archives.Skipped f : skipped) {
            if (json) {
                out.println(Json.write(f.toJson().put("dataset", target.toString())));
            } else {
                out.printf(Locale.ROOT, "skip   %s  (%s)%n", f.file(), f.reason());
            }
        }
        if (!json) {
            out.printf(Locale.ROOT, "%d of %d registered in dataset %s%s%n", results.size() - failed, results.size(), target,
                    attachments.isEmpty() && skipped.isEmpty() ? ""
                            : String.format(Locale.ROOT, "; %d attached, %d not stored with a refused main file, %d skipped as not data",
                            attached, attachments.size() - attached, skipped.size()));
        }
        return failed == 0 ? 0 : 1;
    }

    /** A progress bar on the terminal, shown once there are two files or more to go (never with --json). */
    private static final class Bar implements Ingest.Progress, AutoCloseable {
        private final boolean quiet;
        private ProgressBar bar;

        Bar(boolean quiet) {
            this.quiet = quiet;
        }

        // files are structured in parallel: one bar, made by the first step that needs it
        @Override
        public synchronized void step(int done, int max, String current) {
            if (bar == null && (quiet || max < 2)) {
                return;
            }
            if (bar == null) {
                bar = new ProgressBarBuilder().setTaskName("ingest").setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                        .setConsumer(new me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer(System.err)).build();
            }
            bar.maxHint(max);
            bar.stepTo(done);
            bar.setExtraMessage(current.length() > 40 ? "…" + current.substring(current.length() - 39) : current);
        }

        @Override
        public synchronized void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }

    static JsonNode readInvoice(Path f) throws IOException {
        String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
        byte[] bytes = Files.readAllBytes(f);
        try {
            JsonNode n = name.endsWith(".yaml") || name.endsWith(".yml") ? YAMLMapper.builder().build().readTree(bytes)
                    : Json.MAPPER.readTree(bytes);
            if (!n.isObject()) {
                throw new IllegalArgumentException(f + ": the invoice must be an object with basic, sample and custom parts");
            }
            return n;
        } catch (JacksonException e) {
            var loc = e.getLocation();
            throw new IllegalArgumentException(f + (loc == null ? "" : ", line " + loc.getLineNr()) + ": " + e.getOriginalMessage());
        }
    }

}
