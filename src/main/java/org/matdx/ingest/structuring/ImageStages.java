package org.matdx.ingest.structuring;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.matdx.core.Signal;
import org.matdx.formats.FormatException;
import org.matdx.formats.Reader;
import org.matdx.imaging.IntensityStatistics;

/**
 * Where the CPU goes when one image is structured, stage by stage, on the calling thread (thread CPU
 * time, so other processes on a shared machine do not inflate it): for {@code ./matdx bench images}.
 * The stages are the ones {@link Structurer} runs; staging blobs and the transaction are not here.
 */
public final class ImageStages {
    private ImageStages() {
    }

    /** CPU nanoseconds per stage, in the order they run, for one uploaded file read by {@code reader}. */
    public static Map<String, Long> cpu(Reader reader, String fileName, byte[] upload) throws FormatException, IOException {
        ThreadMXBean t = ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new LinkedHashMap<>();
        long t0 = t.getCurrentThreadCpuTime();
        sha256(upload);
        long t1 = t.getCurrentThreadCpuTime();
        out.put("hash upload (SHA-256)", t1 - t0);
        Signal s = reader.read(fileName, new ByteArrayInputStream(upload)).get(0).signals().get(0);
        long t2 = t.getCurrentThreadCpuTime();
        out.put("read", t2 - t1);
        Npy.Encoded npy = Npy.encode(s);
        long t3 = t.getCurrentThreadCpuTime();
        out.put(".npy encode" + (npy.gzipped() ? " (gzipped)" : " (raw)"), t3 - t2);
        sha256(npy.bytes());
        long t4 = t.getCurrentThreadCpuTime();
        out.put("hash .npy", t4 - t3);
        IntensityStatistics st = IntensityStatistics.of(s);
        long t5 = t.getCurrentThreadCpuTime();
        out.put("statistics + histogram", t5 - t4);
        ImagePreview.render(s, st);
        long t6 = t.getCurrentThreadCpuTime();
        out.put("preview + thumbnail PNGs", t6 - t5);
        return out;
    }

    private static void sha256(byte[] b) {
        try {
            MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
