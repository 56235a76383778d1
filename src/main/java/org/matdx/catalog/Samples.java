package org.matdx.catalog;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.matdx.access.AccessPolicy;
import org.matdx.access.Visibility;
import org.matdx.core.Caller;
import org.matdx.core.Composition;
import org.matdx.core.Ids;
import org.matdx.core.Problem;
import org.matdx.core.Sample;
import org.matdx.store.SampleStore;

/**
 * Physical samples with persistent identifiers: registered with a measurement's invoice (or on
 * their own), labelled with a QR code that resolves to the sample's page, and listing every
 * measurement of them the caller may read — the way high-throughput labs track a specimen from
 * synthesis through characterisation.
 */
public final class Samples {
    static final int MAX_MEASUREMENTS = 1000;

    private final SampleStore store;
    private final Catalog catalog;
    private final AccessPolicy policy;
    private final Clock clock;

    public Samples(SampleStore store, Catalog catalog, AccessPolicy policy, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.policy = policy;
        this.clock = clock;
    }

    /** A sample as the caller may see it, with the measurements they may read. */
    public record SampleView(Sample sample, List<Catalog.EntryView> measurements) {
    }

    /** A new sample, not yet stored: {@link #insert} it in the transaction of its first measurement. */
    public Sample prepare(Caller caller, String name, Composition composition, String description, UUID groupId) {
        if (!(caller instanceof Caller.Account) && !(caller instanceof Caller.System)) {
            throw Problem.unauthorized("registering a sample needs an account");
        }
        UUID id = Ids.newId();
        return new Sample(id, Sample.pidFor(id), name, composition, description == null ? "" : description,
                caller.userId(), groupId, clock.instant());
    }

    public void insert(Handle h, Sample s) {
        store.insert(h, s);
    }

    /** An existing sample the caller may register measurements of; hidden ones are 404, others' 403. */
    public Sample usable(Caller caller, String idOrPid) {
        Sample s = store.find(idOrPid).orElseThrow(() -> Problem.notFound("sample", idOrPid));
        if (!policy.mayUseSample(caller, s)) {
            if (!policy.maySeeSample(caller, s, !readable(caller, s).isEmpty())) {
                throw Problem.notFound("sample", idOrPid);
            }
            throw Problem.forbidden("only the sample's owner and its group's editors may register measurements of it");
        }
        return s;
    }

    public SampleView view(Caller caller, String idOrPid, org.matdx.audit.AuditLog.Origin origin) {
        Sample s = store.find(idOrPid).orElseThrow(() -> Problem.notFound("sample", idOrPid));
        List<UUID> ids = readable(caller, s);
        if (!policy.maySeeSample(caller, s, !ids.isEmpty())) {
            throw Problem.notFound("sample", idOrPid);
        }
        List<Catalog.EntryView> entries = new ArrayList<>();
        for (UUID id : ids) {
            entries.add(catalog.entry(caller, id, origin));
        }
        return new SampleView(s, entries);
    }

    private List<UUID> readable(Caller caller, Sample s) {
        return store.measurements(s.id(), policy.datasetFilter(caller, "d", Visibility.FULL), MAX_MEASUREMENTS);
    }

    /** A QR code (PNG) of the sample's persistent URL, for a label on the vial. */
    public static byte[] qrPng(String url, int size) {
        try {
            var matrix = new QRCodeWriter().encode(url, BarcodeFormat.QR_CODE, size, size,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 2));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            MatrixToImageWriter.writeToStream(matrix, "PNG", out);
            return out.toByteArray();
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode '" + url + "' as a QR code: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
