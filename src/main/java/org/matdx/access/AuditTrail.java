package org.matdx.access;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.matdx.audit.AuditLog;
import org.matdx.core.AuditEvent;
import org.matdx.core.Caller;
import org.matdx.core.Ids;
import org.matdx.core.Problem;
import org.matdx.core.Scope;

/**
 * Who may read which part of the audit trail: administrators all of it; a dataset's owners
 * (owner and co-authors) what concerns the dataset and its entries; everyone their own account.
 * Anything else answers 404, as for objects that do not exist.
 */
public final class AuditTrail {
    public static final int MAX_EVENTS = 10_000;

    private final AuditLog audit;
    private final Gate gate;

    public AuditTrail(AuditLog audit, Gate gate) {
        this.audit = audit;
        this.gate = gate;
    }

    public List<AuditEvent> forObject(Caller caller, String objectId) {
        if (objectId == null || objectId.isBlank()) {
            throw Problem.invalid("object", "name the object whose history you want (?object=ID)");
        }
        if (!mayRead(caller, objectId)) {
            throw Problem.notFound("object", objectId);
        }
        return audit.forObjectOrDataset(objectId, MAX_EVENTS);
    }

    /** Reads of an entry: part of the trail, but not of its history of changes. */
    static final Set<String> READS = Set.of("entry.read", "file.download");
    /** What happened to an entry's dataset that changes who sees the entry or how it is cited. */
    public static final Set<String> DATASET_CHANGES = Set.of("dataset.create", "dataset.access",
            "dataset.embargo.extend", "dataset.embargo.lift", "dataset.coworker.put", "dataset.coworker.remove",
            "dataset.version.publish", "dataset.describe", "dataset.version.doi");
    static final String BATCH_CREATE = "entry.create.batch";
    static final int HISTORY_EVENTS = 500;

    /**
     * An entry's history for those who may read its trail (its dataset's owners, administrators):
     * its own events except reads, the batch that created it, and the changes of its dataset
     * (access, embargo, co-workers, versions), newest first. Empty when the caller may not read it.
     */
    public Optional<List<AuditEvent>> entryHistory(Caller caller, UUID entryId) {
        if (!mayRead(caller, entryId.toString())) {
            return Optional.empty();
        }
        // the caller may read the entry's trail (above); which dataset it is in is read as the system
        UUID datasetId = gate.findEntry(new Caller.System("audit-trail"), entryId, Visibility.OWNER)
                .map(s -> s.dataset().id()).orElse(null);
        List<AuditEvent> out = new ArrayList<>(audit.forObject("entry", entryId.toString(), READS, true, HISTORY_EVENTS));
        if (datasetId != null) {
            out.addAll(audit.forObjectListing("dataset", datasetId.toString(), BATCH_CREATE, "entries", entryId.toString()));
            out.addAll(audit.forObject("dataset", datasetId.toString(), DATASET_CHANGES, false, HISTORY_EVENTS));
        }
        out.sort(Comparator.comparingLong(AuditEvent::seq).reversed());
        return Optional.of(out);
    }

    boolean mayRead(Caller caller, String objectId) {
        if (caller instanceof Caller.System) {
            return true;
        }
        if (!(caller instanceof Caller.Account a)) {
            return false;
        }
        if (a.user().admin() && a.scope().includes(Scope.ADMIN)) {
            return true;
        }
        UUID id = Ids.parseOrNull(objectId);
        if (id == null) {
            return false;
        }
        if (id.equals(a.id())) {
            return true;
        }
        return gate.findDataset(caller, id, Visibility.OWNER).isPresent() || gate.findEntry(caller, id, Visibility.OWNER).isPresent();
    }
}
