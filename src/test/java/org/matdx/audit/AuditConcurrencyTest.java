package org.matdx.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.testing.TestPlatform;

/** Appends from many transactions at once still form one unbroken chain in sequence order. */
class AuditConcurrencyTest {

    @Test
    void concurrentAppendsLinkEachToThePreviousCommittedEvent() throws Exception {
        try (TestPlatform tp = TestPlatform.start()) {
            TestPlatform.Person ana = tp.person("ana");
            AuditLog log = tp.platform().audit();
            long before = tp.platform().db().read(h -> h.createQuery("SELECT count(*) FROM audit_events").mapTo(Long.class).one());
            try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                List<Future<?>> fs = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    fs.add(pool.submit(() -> {
                        for (int i = 0; i < 30; i++) {
                            int n = i;
                            // other work in the same transaction after the append, as an ingest does
                            tp.platform().db().tx(h -> {
                                log.append(h, RequestContext.local(ana.caller(tp.platform())), "test.append", "test", thread + "-" + n,
                                        Json.object().put("i", n));
                                return h.createQuery("SELECT pg_sleep(0.001)").mapTo(String.class).findOne();
                            });
                        }
                        return null;
                    }));
                }
                for (Future<?> f : fs) {
                    f.get();
                }
            }
            long after = tp.platform().db().read(h -> h.createQuery("SELECT count(*) FROM audit_events").mapTo(Long.class).one());
            assertThat(after - before).isEqualTo(240);
            AuditLog.Verification v = log.verify(null);
            assertThat(v.intact()).as(v.toString()).isTrue();
        }
    }
}
