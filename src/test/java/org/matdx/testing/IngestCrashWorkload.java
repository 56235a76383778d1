package org.matdx.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.matdx.catalog.NewDataset;
import org.matdx.core.Caller;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.core.User;
import org.matdx.ingest.Ingest;
import org.matdx.ingest.IngestRequest;
import org.matdx.platform.Bootstrap;
import org.matdx.platform.Platform;
import org.matdx.platform.PlatformConfig;
import org.matdx.platform.demo.SyntheticPatterns;

/**
 * Run in a child JVM by the resume test: starts MatDX (embedded PostgreSQL, one worker) on a
 * data directory, queues an asynchronous ingest of {@code files} scans as a web upload would,
 * prints {@code job <id>}, then {@code done <n>} each time more files have an outcome, until it is
 * killed. A third argument names a blob store ({@code s3://…}, reached as the environment says).
 */
public final class IngestCrashWorkload {
    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        int files = Integer.parseInt(args[1]);
        Platform p = Platform.start(PlatformConfig.defaults(dataDir).withDemo(false).withWorkers(1)
                .withBlobStore(args.length > 2 ? args[2] : null));
        User u = p.accounts().createUser(Bootstrap.SYSTEM, "crash", "crash", null, null, null, false);
        Caller.Account caller = new Caller.Account(u, p.users().memberships(u.id()), Scope.WRITE);
        var dataset = p.catalog().createDataset(RequestContext.local(caller), new NewDataset("resumed", "", null, "private", null, false, null, null));
        List<IngestRequest.Source> scans = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            byte[] xy = SyntheticPatterns.xrdXy(SyntheticPatterns.RUTILE, 0.005, 0.12, 1000 + i).getBytes(StandardCharsets.UTF_8);
            scans.add(new IngestRequest.Part(String.format("scans/run-%03d.xy", i), () -> new java.io.ByteArrayInputStream(xy)));
        }
        var job = p.ingestion().queue(new IngestRequest(RequestContext.local(caller), dataset.id(), IngestRequest.Mode.TREE, scans, null, null,
                new Ingest.Options("auto", null, "en")));
        p.worker().nudge();
        System.out.println("job " + job + " dataset " + dataset.id());
        System.out.flush();
        long last = -1;
        while (true) {
            long done = p.db().read(h -> h.createQuery("SELECT count(*) FROM ingest_outcomes WHERE job_id = :j").bind("j", job)
                    .mapTo(Long.class).one());
            if (done != last) {
                System.out.println("done " + done);
                System.out.flush();
                last = done;
            }
            Thread.sleep(20);
        }
    }
}
