package org.matdx.platform;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.matdx.access.AccessPolicy;
import org.matdx.access.Accounts;
import org.matdx.access.AuditTrail;
import org.matdx.access.EmbargoLifter;
import org.matdx.access.ExternalSignIn;
import org.matdx.access.Sessions;
import org.matdx.access.Sharing;
import org.matdx.access.SignInThrottle;
import org.matdx.audit.AuditLog;
import org.matdx.catalog.Catalog;
import org.matdx.catalog.Removals;
import org.matdx.core.Problem;
import org.matdx.diffraction.PhaseAnalyses;
import org.matdx.elementstrategy.PredictorRegistry;
import org.matdx.elementstrategy.ResourceIndex;
import org.matdx.elementstrategy.ResourceScorer;
import org.matdx.elementstrategy.ScreenService;
import org.matdx.fair.RoCrateExport;
import org.matdx.fair.RoCrateImport;
import org.matdx.fair.Versions;
import org.matdx.federated.Coordinations;
import org.matdx.federated.FederatedCampaigns;
import org.matdx.federated.Federations;
import org.matdx.formats.Readers;
import org.matdx.informatics.Lending;
import org.matdx.informatics.ModelService;
import org.matdx.informatics.ModelStore;
import org.matdx.ingest.Ingest;
import org.matdx.ingest.IngestJobs;
import org.matdx.ingest.Ingestion;
import org.matdx.ingest.Uploads;
import org.matdx.ingest.sample.Samples;
import org.matdx.ingest.structuring.Descriptors;
import org.matdx.ingest.structuring.PeakFinder;
import org.matdx.ingest.structuring.Plotter;
import org.matdx.ingest.structuring.Structurer;
import org.matdx.ingest.template.TemplateLibrary;
import org.matdx.jobs.JobQueue;
import org.matdx.jobs.Worker;
import org.matdx.lca.HubSigner;
import org.matdx.lca.ProductStore;
import org.matdx.lca.Products;
import org.matdx.optimade.OptimadeImport;
import org.matdx.optimade.OptimadeService;
import org.matdx.optimade.client.Federation;
import org.matdx.optimade.client.FederationLimits;
import org.matdx.optimade.client.ProviderStore;
import org.matdx.optimize.CampaignStore;
import org.matdx.optimize.Campaigns;
import org.matdx.optimize.TrialFiles;
import org.matdx.platform.demo.Demo;
import org.matdx.platform.demo.DemoContext;
import org.matdx.privacy.PrivacyStore;
import org.matdx.query.Counting;
import org.matdx.query.QuantityIndex;
import org.matdx.search.SearchService;
import org.matdx.stability.PhaseDiagrams;
import org.matdx.store.BlobRegistry;
import org.matdx.store.BlobStore;
import org.matdx.store.ComputingPlaces;
import org.matdx.store.Database;
import org.matdx.store.DatasetStore;
import org.matdx.store.EmbeddedDatabase;
import org.matdx.store.EntryStore;
import org.matdx.store.IdentityStore;
import org.matdx.store.InstanceSettings;
import org.matdx.store.LocalBlobStore;
import org.matdx.store.MemberStore;
import org.matdx.store.ReadReplica;
import org.matdx.store.S3BlobStore;
import org.matdx.store.SessionStore;
import org.matdx.store.TableUpkeep;
import org.matdx.store.ThrottleStore;
import org.matdx.store.UserStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assembled platform: one instance of each component, wired once. The server, the CLI, the
 * worker process and the tests all start MatDX through here, so they run the same thing.
 *
 * <p>It is the composition root, not a service locator: its accessors are for the edges that start
 * it. {@code web.WebServer} and {@code web.ui.UiRoutes} hand each handler the capabilities it uses, the
 * demo seeds get theirs in a {@link org.matdx.platform.demo.DemoContext}, and no capability takes a
 * Platform ({@code ArchitectureTest}).
 */
public final class Platform implements AutoCloseable, Bootstrap.Installation {
    private static final Logger LOG = LoggerFactory.getLogger(Platform.class);

    private final PlatformConfig config;
    private final EmbeddedDatabase embedded;
    private final Database db;
    private final ReadReplica reads;
    private final BlobStore blobStore;
    private final BlobRegistry blobs;
    private final UserStore users;
    private final DatasetStore datasets;
    private final EntryStore entries;
    private final MemberStore members;
    private final AccessPolicy policy;
    private final AuditLog audit;
    private final Accounts accounts;
    private final Catalog catalog;
    private final Uploads uploads;
    private final JobQueue jobs;
    private final Worker worker;
    private final Startup startup = new Startup();
    private volatile Thread demoLoader;
    private final ResourceScorer resourceScorer;
    private final ResourceIndex resourceIndex;
    private final TableUpkeep tableUpkeep;
    private final PhaseDiagrams phaseDiagrams;
    private final ScheduledExecutorService upkeepTimer = Executors
            .newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("matdx-table-upkeep").factory());
    private final ScreenService screens;
    private final QuantityIndex quantities;
    private final SearchService search;
    private final OptimadeService optimade;
    private final ProviderStore optimadeProviders;
    private final Federation federation;
    private final OptimadeImport optimadeImport;
    private final ModelService models;
    private final Campaigns campaigns;
    private final Sessions sessions;
    private final ExternalSignIn externalSignIn;
    private final Sharing sharing;
    private final Lending lending;
    private final EmbargoLifter embargoes;
    private final AuditTrail auditTrail;
    private final Removals removals;
    private final Products products;
    private final Versions versions;
    private final RoCrateExport roCrateExport;
    private final RoCrateImport roCrateImport;
    private final Ingest ingest;
    private final TrialFiles trialFiles;
    private final IngestJobs ingestJobs;
    private final Ingestion ingestion;
    private final PhaseAnalyses diffraction;
    private final Federations federations;
    private final ComputingPlaces computingPlaces;
    private final FederatedCampaigns federatedCampaigns;
    private final Coordinations coordinations;
    private final InstanceSettings settings;
    private final DemoContext demo;

    private Platform(PlatformConfig config, EmbeddedDatabase embedded, Database db, BlobStore blobStore) {
        this.config = config;
        this.embedded = embedded;
        this.db = db;
        this.reads = config.dbReadUrl() == null || config.dbReadUrl().isBlank() ? ReadReplica.none(db)
                : ReadReplica.connect(db, config.dbReadUrl(), config.dbUser(), config.dbPassword(),
                        config.dbReadMaxLag(), config.clock());
        this.blobStore = blobStore;
        this.blobs = new BlobRegistry(db, blobStore);
        this.users = new UserStore(db);
        this.datasets = new DatasetStore(db);
        this.entries = new EntryStore(db);
        this.members = new MemberStore(db);
        this.policy = new AccessPolicy(members, config.clock());
        this.audit = new AuditLog(db, config.clock());
        var throttle = new SignInThrottle(new ThrottleStore(db), config.clock());
        this.accounts = new Accounts(db, users, audit, throttle, config.clock());
        this.catalog = new Catalog(db, datasets, entries, users, policy, audit, config.clock());
        this.uploads = new Uploads(catalog, blobs, config.clock(), config.maxUploadBytes());
        this.jobs = new JobQueue(db, config.clock());
        this.computingPlaces = new ComputingPlaces(db, config.clock());
        this.worker = new Worker(jobs, workerId(), Math.max(1, config.workerThreads()));
        this.resourceScorer = ResourceScorer.standard();
        this.resourceIndex = new ResourceIndex(db, resourceScorer);
        this.tableUpkeep = new TableUpkeep(db);
        this.phaseDiagrams = new PhaseDiagrams(db, policy);
        catalog.deriveColumns(resourceIndex.derived());
        this.screens = new ScreenService(catalog, users, jobs, resourceScorer, new PredictorRegistry());
        worker.handle(ScreenService.JOB_KIND, screens.handler());
        var privacyStore = new PrivacyStore(db);
        var modelStore = new ModelStore(db);
        this.models = new ModelService(catalog, datasets, modelStore, policy, blobs, jobs, users, audit,
                config.clock(), Math.min(4, Runtime.getRuntime().availableProcessors()), privacyStore);
        this.lending = new Lending(db, datasets, modelStore, privacyStore, policy, jobs, audit,
                config.clock());
        worker.handle(ModelService.JOB_KIND, models.handler());
        this.federations = new Federations(db, catalog, modelStore, privacyStore, policy, blobs, users,
                audit, config.clock());
        this.campaigns = new Campaigns(new CampaignStore(db), catalog, policy, audit,
                config.clock(), new ModelPredictions(models));
        this.federatedCampaigns = new FederatedCampaigns(db, campaigns, federations, users, audit, config.clock());
        this.coordinations = new Coordinations(federations, audit, config.clock());
        this.quantities = new QuantityIndex(db);
        this.search = new SearchService(db, reads, policy, quantities, datasets, entries, audit, Counting.DEFAULT_CAP);
        this.optimade = new OptimadeService(db, reads, policy, quantities, Counting.DEFAULT_CAP, audit);
        this.optimadeProviders = new ProviderStore(db, policy, audit, config.clock());
        this.optimadeImport = new OptimadeImport(db, catalog);
        this.federation = new Federation(() -> optimadeProviders.current().list(),
                FederationLimits.DEFAULTS, config.clock(), "MatDX (federated OPTIMADE client)",
                optimadeImport);
        this.sessions = new Sessions(new SessionStore(db), accounts, throttle, audit,
                config.clock());
        this.externalSignIn = new ExternalSignIn(db, users, new IdentityStore(db), accounts, sessions,
                audit, config.clock());
        this.sharing = new Sharing(db, datasets, members, users, policy, audit, config.clock());
        this.embargoes = new EmbargoLifter(db, datasets, sharing, jobs, config.clock());
        worker.handle(EmbargoLifter.JOB_KIND, embargoes.handler());
        this.auditTrail = new AuditTrail(audit, catalog.gate());
        this.removals = new Removals(db, datasets, entries, policy, audit, blobs, jobs, config.clock());
        removals.onRemoval(campaigns.onRemoval());
        removals.onRemoval(models.onRemoval());
        this.products = new Products(new ProductStore(db), catalog, audit, resourceScorer,
                new HubSigner(db, config.clock()), config.clock(), screens);
        removals.onRemoval(products.onRemoval());
        blobs.addReference(ModelStore.BLOB_REFERENCE);
        blobs.addReference(Versions.BLOB_REFERENCE);
        this.versions = new Versions(db, datasets, entries, members, users, policy, audit, removals, config.clock());
        this.roCrateExport = new RoCrateExport(versions, blobStore);
        this.roCrateImport = new RoCrateImport(blobs, datasets, users, catalog, versions, policy, audit,
                config.clock(), config.maxUploadBytes(), config.ingestLimits());
        Readers readers = Readers.installed();
        this.ingest = new Ingest(catalog, blobs, readers, TemplateLibrary.load(config.dataDir().resolve("templates"), readers),
                new Samples(db, datasets, entries, policy, audit, config.clock()),
                new Structurer(new Descriptors(PeakFinder.standard()), new Plotter(), blobStore), config.clock(),
                config.maxUploadBytes(), config.ingestLimits());
        this.diffraction = new PhaseAnalyses(db, catalog, policy, search, audit, jobs, users, config.clock());
        worker.handle(PhaseAnalyses.JOB_KIND, diffraction.handler());
        this.trialFiles = new TrialFiles(campaigns, ingest, new XrdObjectives(diffraction));
        this.ingestJobs = new IngestJobs(db, jobs, users, blobStore.jobInbox(config.dataDir().resolve("ingest-inbox")));
        this.ingestion = new Ingestion(catalog, ingest, ingestJobs, worker::nudge);
        worker.handle(IngestJobs.JOB_KIND, ingestion.handler());
        this.settings = new InstanceSettings(db);
        this.demo = new DemoContext(users, accounts, datasets, policy, catalog, sharing, versions,
                ingest, models, campaigns, screens, diffraction, products, optimadeImport,
                Bootstrap.SYSTEM, () -> Bootstrap.ensureAdmin(this));
    }

    /**
     * Starts the database (embedded unless {@code dbUrl} is set), migrates the schema, removes
     * what an interrupted process left behind, and loads the demo data the first time.
     */
    public static Platform start(PlatformConfig config) {
        if (config.dbReadUrl() != null && !config.dbReadUrl().isBlank() && config.dbUrl() == null) {
            throw new IllegalArgumentException("--db-read-url names a streaming replica of the database given by --db-url; "
                    + "the embedded database has none");
        }
        EmbeddedDatabase embedded = null;
        Database db;
        if (config.dbUrl() == null) {
            embedded = EmbeddedDatabase.start(config.dataDir().resolve("postgres"), config.durable());
            db = Database.connect(embedded.jdbcUrl(), embedded.user(), embedded.password(), 20);
        } else {
            db = Database.connect(config.dbUrl(), config.dbUser(), config.dbPassword(), 20);
        }
        BlobStore blobStore = null;
        try {
            blobStore = openBlobStore(config);
            db.migrate();
            Platform p = new Platform(config, embedded, db, blobStore);
            // what follows reads stored data; each step reports and skips what it cannot read, and
            // a step that fails all the same is logged: start-up never stops because of stored data
            // indexes a restore or an interrupted build left invalid, and statistics autovacuum never keeps
            survive("search indexes", p.tableUpkeep::repairIndexes);
            survive("search statistics", p.tableUpkeep::analyzeIfStale);
            survive("element-strategy scoring", p.resourceIndex::backfill);
            survive("unit conversions", p.quantities::syncUnits);
            survive("the property value check", p.quantities::reportProblems);
            // models everyone may predict with serve screens
            survive("registering open models", () -> {
                p.models.onOpenModel(p.screens.models()::register);
                return null;
            });
            survive("ingest inboxes", () -> p.ingestJobs.sweepInboxes(config.clock().instant()));
            // deletions that committed but died before removing the files they released
            survive("released files", () -> {
                int released = p.blobs.collectReleased();
                if (released > 0) {
                    LOG.info("Removed {} file(s) released by deletions before the last stop", released);
                }
                return released;
            });
            survive("orphan files", () -> {
                int swept = p.blobs.sweepOrphans();
                if (swept > 0) {
                    LOG.info("Removed {} file(s) left by an interrupted upload", swept);
                }
                return swept;
            });
            if (config.loadDemo()) {
                p.loadDemo();
            }
            // embargoes whose date passed while MatDX was down are lifted now, then daily
            survive("lifting embargoes", () -> {
                int lifted = p.embargoes.liftDue().size();
                if (lifted > 0) {
                    LOG.info("Lifted {} embargo(es) whose date has come", lifted);
                }
                return lifted;
            });
            p.embargoes.scheduleDaily();
            // statistics autovacuum never keeps (the partitioned search copy, a hub's first datasets) stay current
            p.upkeepTimer.scheduleWithFixedDelay(() -> survive("search statistics", p.tableUpkeep::analyzeIfStale),
                    5, 5, TimeUnit.MINUTES);
            survive("pruning sessions", p.sessions::prune);
            if (config.workerThreads() > 0) {
                p.worker.start();
            }
            return p;
        } catch (RuntimeException e) {
            if (blobStore != null) {
                blobStore.close();
            }
            db.close();
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    /**
     * The configured blob store: {@code <dataDir>/blobs} by default, or an S3 bucket reached as the
     * environment says (docs/DEPLOY.md). An S3 store that does not answer stops the start with a
     * message saying so, rather than the first upload.
     */
    static BlobStore openBlobStore(PlatformConfig config) {
        String uri = config.blobStore();
        if (uri == null || uri.isBlank()) {
            return new LocalBlobStore(config.dataDir().resolve("blobs"));
        }
        if (!uri.startsWith("s3://")) {
            throw new IllegalArgumentException("--blob-store takes s3://bucket/prefix (without it, files are kept in "
                    + config.dataDir().resolve("blobs") + "), not '" + uri + "'");
        }
        S3BlobStore s3 = new S3BlobStore(S3BlobStore.Location.parse(uri), S3BlobStore.Settings.fromEnvironment(environment()),
                config.dataDir().resolve("spool"));
        try {
            s3.checkReachable();
        } catch (Problem e) {
            s3.close();
            throw new IllegalStateException("the blob store " + uri + " does not answer: " + e.getMessage(), e);
        }
        return s3;
    }

    /**
     * The process environment; Java system properties of the same names (MATDX_S3_…, AWS_…) take
     * precedence, because tests cannot set environment variables.
     */
    private static Map<String, String> environment() {
        var env = new HashMap<>(System.getenv());
        System.getProperties().stringPropertyNames().stream()
                .filter(n -> n.startsWith("MATDX_S3_") || n.startsWith("AWS_"))
                .forEach(n -> env.put(n, System.getProperty(n)));
        return env;
    }

    /**
     * Loads the demo data on a thread of its own, for a server that already answers: pages fill in as
     * the seeds arrive and {@link #startup()} says how far loading has come. A seed that fails stops
     * the loading, never the server.
     */
    public Thread loadDemoInBackground() {
        startup.loading(0, Demo.seeds(), null);
        return demoLoader = Thread.ofPlatform().daemon().name("matdx-demo").start(() -> {
            try {
                loadDemo();
                if (startup.status().state() == Startup.State.READY) {
                    LOG.info("Demo data loaded");
                }
            } catch (RuntimeException e) {
                var s = startup.status();
                LOG.error("Loading the demo data stopped at '{}'; MatDX runs without the rest", s.now(), e);
                startup.failed(s.done(), s.of(), "the demo data '" + s.now() + "' could not be loaded (see the server log)");
            }
        });
    }

    private void loadDemo() {
        Demo.load(demo, settings, config.clock(), startup);
    }

    /** Runs a start-up step over stored data; a failure is logged with its stack, and start-up goes on. */
    private static void survive(String step, Supplier<?> work) {
        try {
            work.get();
        } catch (RuntimeException e) {
            LOG.error("Start-up step '{}' failed; MatDX starts without it (the data concerned is logged above)", step, e);
        }
    }

    private static String workerId() {
        return ManagementFactory.getRuntimeMXBean().getName();
    }

    public PlatformConfig config() { return config; }
    public Startup startup() { return startup; }
    public Database db() { return db; }
    /** Where searches and OPTIMADE read: the primary, or a streaming replica current enough (docs/DEPLOY.md). */
    public ReadReplica reads() { return reads; }
    public BlobStore blobStore() { return blobStore; }
    /** Callers' places in computing requests, shared by every server on this database. */
    public ComputingPlaces computingPlaces() { return computingPlaces; }
    public BlobRegistry blobs() { return blobs; }
    public UserStore users() { return users; }
    public DatasetStore datasets() { return datasets; }
    public EntryStore entries() { return entries; }
    public MemberStore members() { return members; }
    public AccessPolicy policy() { return policy; }
    public AuditLog audit() { return audit; }
    public Accounts accounts() { return accounts; }
    public Catalog catalog() { return catalog; }
    public Campaigns campaigns() { return campaigns; }
    public Uploads uploads() { return uploads; }
    public JobQueue jobs() { return jobs; }
    public Worker worker() { return worker; }
    public QuantityIndex quantities() { return quantities; }
    public SearchService search() { return search; }
    public OptimadeService optimade() { return optimade; }
    public ProviderStore optimadeProviders() { return optimadeProviders; }
    public Federation federation() { return federation; }
    /** Imports of OPTIMADE JSON Lines (the CLI's import, the federated client's, the demo's reference structures). */
    public OptimadeImport optimadeImport() { return optimadeImport; }
    public Ingest ingest() { return ingest; }
    public TrialFiles trialFiles() { return trialFiles; }
    public IngestJobs ingestJobs() { return ingestJobs; }

    /** Carries out ingest requests, at once or queued. */
    public Ingestion ingestion() { return ingestion; }
    public PhaseAnalyses diffraction() { return diffraction; }
    public Path dataDir() { return config.dataDir(); }
    public ResourceScorer resourceScorer() { return resourceScorer; }
    public ResourceIndex resourceIndex() { return resourceIndex; }
    public TableUpkeep tableUpkeep() { return tableUpkeep; }
    public ScreenService screens() { return screens; }
    public PhaseDiagrams phaseDiagrams() { return phaseDiagrams; }
    public ModelService models() { return models; }
    public Federations federations() { return federations; }
    public FederatedCampaigns federatedCampaigns() { return federatedCampaigns; }
    public Coordinations coordinations() { return coordinations; }
    public Sessions sessions() { return sessions; }
    public ExternalSignIn externalSignIn() { return externalSignIn; }
    public Sharing sharing() { return sharing; }

    /** What owners' model-use-only datasets lend to models: ε, usage, withdrawal. */
    public Lending lending() { return lending; }
    public EmbargoLifter embargoes() { return embargoes; }
    public AuditTrail auditTrail() { return auditTrail; }
    public Removals removals() { return removals; }
    public Products products() { return products; }
    public Versions versions() { return versions; }
    public RoCrateExport roCrateExport() { return roCrateExport; }
    public RoCrateImport roCrateImport() { return roCrateImport; }
    /** Settings of this installation that survive restarts (demo seeds loaded, benchmark marks). */
    public InstanceSettings settings() { return settings; }
    /** What the demo seeds work with (tests load single seeds through it). */
    public DemoContext demoContext() { return demo; }

    /** The embedded database, if this process runs one. */
    public Optional<EmbeddedDatabase> embedded() {
        return Optional.ofNullable(embedded);
    }

    @Override
    public void close() {
        Thread loader = demoLoader;
        if (loader != null && loader.isAlive()) {
            // a seed half loaded would be loaded again, twice over, at the next start: let it finish
            startup.stop();
            LOG.info("Waiting for the demo data '{}' to finish loading before stopping", startup.status().now());
            try {
                loader.join(Duration.ofMinutes(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        upkeepTimer.shutdownNow();
        coordinations.close();
        computingPlaces.close();
        worker.close();
        models.close();
        reads.close();
        db.close();
        blobStore.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
