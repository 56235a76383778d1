package org.matdx.access;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.matdx.core.AccessLevel;
import org.matdx.core.AccessSettings;
import org.matdx.core.Caller;
import org.matdx.core.Dataset;
import org.matdx.core.Entry;
import org.matdx.core.Outcome;
import org.matdx.core.Sample;
import org.matdx.core.Role;
import org.matdx.core.Scope;
import org.matdx.store.MemberStore;
import org.matdx.store.SqlFilter;

/**
 * The one answer to "may this caller see this?" for every read path: single fetches ask
 * {@link #visibility}, queries and counts embed {@link #datasetFilter} so hidden entries are never
 * loaded, listed or counted. The two must agree; the leak test suite checks that they do.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>MatDX itself sees everything.</li>
 *   <li>The dataset's owner and co-authors see everything, restricted files included.</li>
 *   <li>Nobody else sees anything of a model-use-only dataset (not even that it exists).</li>
 *   <li>Public datasets, and embargoed ones whose date has come, are open to all.</li>
 *   <li>Reviewers named on the dataset read it whatever its level.</li>
 *   <li>Members of the dataset's group read group-level and embargoed datasets.</li>
 *   <li>Everyone else sees the metadata of an embargoed dataset, and nothing of the rest.</li>
 * </ol>
 * Administrators manage accounts; they get no extra read rights over data.
 *
 * <p>Trained models follow their inputs ({@link #modelUse}, {@link #modelFilter}): a model is never
 * more visible than its most restricted input, and a model-use-only input lends predictions to
 * those its access level would otherwise admit, without its records.
 */
public final class AccessPolicy {
    private final MemberStore members;
    private final Clock clock;

    public AccessPolicy(MemberStore members, Clock clock) {
        this.members = members;
        this.clock = clock;
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    public Clock clock() {
        return clock;
    }

    public Visibility visibility(Caller caller, Dataset d) {
        String memberRole = caller instanceof Caller.Account a && !a.id().equals(d.ownerId())
                ? members.role(d.id(), a.id()).orElse(null) : null;
        return visibility(caller, d, memberRole);
    }

    /**
     * {@link #visibility(Caller, Dataset)} of several datasets (a page of search results from many),
     * the caller's roles in them read in one query on {@code h}.
     */
    public Map<UUID, Visibility> visibility(Handle h, Caller caller, Collection<Dataset> datasets) {
        Map<UUID, String> roles = caller instanceof Caller.Account a
                ? members.roles(h, datasets.stream().map(Dataset::id).toList(), a.id()) : Map.of();
        Map<UUID, Visibility> out = new LinkedHashMap<>();
        for (Dataset d : datasets) {
            out.put(d.id(), visibility(caller, d, roles.get(d.id())));
        }
        return out;
    }

    private Visibility visibility(Caller caller, Dataset d, String memberRole) {
        if (caller instanceof Caller.System) {
            return Visibility.OWNER;
        }
        Role groupRole = null;
        if (caller instanceof Caller.Account a) {
            if (a.id().equals(d.ownerId())) {
                return Visibility.OWNER;
            }
            if ("coauthor".equals(memberRole)) {
                return Visibility.OWNER;
            }
            groupRole = d.groupId() == null ? null : a.groups().get(d.groupId());
        }
        if (d.access().modelUseOnly()) {
            return Visibility.NONE;
        }
        boolean reviewer = "reviewer".equals(memberRole);
        boolean inGroup = groupRole != null;
        return switch (d.access().level()) {
            case PUBLIC -> Visibility.FULL;
            case EMBARGOED -> embargoLifted(d) || reviewer || inGroup ? Visibility.FULL : Visibility.METADATA;
            case GROUP -> reviewer || inGroup ? Visibility.FULL : Visibility.NONE;
            case PRIVATE -> reviewer ? Visibility.FULL : Visibility.NONE;
        };
    }

    /** True once an embargo's date has come, whether or not the lifting job has run yet. */
    public boolean embargoLifted(Dataset d) {
        return d.access().level() == AccessLevel.EMBARGOED && !today().isBefore(d.access().embargoUntil());
    }

    /** Whether anyone at all, anonymous included, may read the dataset's data. */
    public boolean isOpen(Dataset d) {
        return visibility(Caller.ANONYMOUS, d) == Visibility.FULL;
    }

    /**
     * Whether a read belongs in the audit trail: a person's read of data the public cannot see
     * ({@code seen} is what the caller was shown). Everything an anonymous caller can read is public
     * (an embargoed dataset's description included), so anonymous reads are never recorded one by
     * one, and a flood of them cannot grow the trail.
     */
    public boolean isClosedRead(Caller caller, Dataset d, Visibility seen) {
        return caller instanceof Caller.Account && seen.atLeast(Visibility.FULL) && !isOpen(d);
    }

    /**
     * The SQL form of {@link #visibility} {@code >= min} over a {@code datasets} row aliased
     * {@code alias}. Parameters are prefixed {@code ap_}.
     */
    public SqlFilter datasetFilter(Caller caller, String alias, Visibility min) {
        if (min == Visibility.NONE || caller instanceof Caller.System) {
            return SqlFilter.TRUE;
        }
        String d = alias + ".";
        Parts p = parts(caller, alias);
        Map<String, Object> params = new HashMap<>(p.params());
        String full = "(" + p.owner() + " OR (NOT " + d + "model_use_only AND " + p.open() + "))";
        String sql = switch (min) {
            case OWNER -> p.owner();
            case FULL -> full;
            case METADATA -> "(" + full + " OR (NOT " + d + "model_use_only AND " + d + "access_level = 'embargoed'))";
            case NONE -> "TRUE";
        };
        if (min == Visibility.OWNER) {
            params.remove("ap_today");
        }
        return new SqlFilter(sql, params);
    }

    /**
     * The caller-dependent pieces of the SQL rules over a {@code datasets} row: {@code owner}
     * (owner or co-author) and {@code open} (public, embargo lifted, reviewer, or group member:
     * FULL visibility if the dataset were not model-use-only).
     */
    private record Parts(String owner, String open, Map<String, Object> params) {
    }

    private Parts parts(Caller caller, String alias) {
        String d = alias + ".";
        Map<String, Object> params = new HashMap<>();
        params.put("ap_today", today());
        UUID uid = caller.userId();
        String owner = "FALSE";
        String reviewer = "FALSE";
        String group = "FALSE";
        if (uid != null) {
            params.put("ap_uid", uid);
            owner = "(" + d + "owner_id = :ap_uid OR EXISTS (SELECT 1 FROM dataset_members ap_m WHERE ap_m.dataset_id = "
                    + d + "id AND ap_m.user_id = :ap_uid AND ap_m.role = 'coauthor'))";
            reviewer = "EXISTS (SELECT 1 FROM dataset_members ap_r WHERE ap_r.dataset_id = " + d
                    + "id AND ap_r.user_id = :ap_uid AND ap_r.role = 'reviewer')";
            List<UUID> groups = caller instanceof Caller.Account a ? List.copyOf(a.groups().keySet()) : List.of();
            if (!groups.isEmpty()) {
                params.put("ap_groups", groups.toArray(new UUID[0]));
                group = "(" + d + "access_level IN ('group', 'embargoed') AND " + d + "group_id = ANY(:ap_groups))";
            }
        }
        String open = "(" + d + "access_level = 'public' OR (" + d + "access_level = 'embargoed' AND " + d
                + "embargo_until <= :ap_today) OR " + reviewer + " OR " + group + ")";
        return new Parts(owner, open, params);
    }

    // ---- models ---------------------------------------------------------------------------

    /**
     * What the caller may do with one input dataset of a model: FULL when they may read it;
     * PREDICT when it is model-use-only and its access level would otherwise let them read it (a
     * public model-use-only dataset lends its models to everyone, a group one to the group, a
     * private one to nobody else); NONE otherwise.
     */
    public ModelUse modelUse(Caller caller, Dataset input) {
        if (visibility(caller, input).atLeast(Visibility.FULL)) {
            return ModelUse.FULL;
        }
        if (!input.access().modelUseOnly()) {
            return ModelUse.NONE;
        }
        Dataset asIfShared = new Dataset(input.id(), input.title(), input.description(), input.license(),
                input.ownerId(), input.groupId(), input.template(),
                new AccessSettings(input.access().level(), input.access().embargoUntil(), false),
                input.createdAt(), input.updatedAt());
        return visibility(caller, asIfShared).atLeast(Visibility.FULL) ? ModelUse.PREDICT : ModelUse.NONE;
    }

    /**
     * What the caller may do with a model: never more than its most restricted input allows. A
     * model whose recorded inputs are not all still present ({@code inputs.size() < inputCount},
     * e.g. a dataset was deleted) is hidden; a private model is its creator's alone.
     */
    public ModelUse modelUse(Caller caller, UUID creator, boolean privateModel, int inputCount, List<Dataset> inputs) {
        if (caller instanceof Caller.System) {
            return ModelUse.FULL;
        }
        if (inputs.size() < inputCount || inputs.isEmpty()) {
            return ModelUse.NONE;
        }
        if (privateModel && (caller.userId() == null || !caller.userId().equals(creator))) {
            return ModelUse.NONE;
        }
        ModelUse use = ModelUse.FULL;
        for (Dataset d : inputs) {
            ModelUse u = modelUse(caller, d);
            if (u.compareTo(use) < 0) {
                use = u;
            }
        }
        return use;
    }

    /**
     * The SQL form of {@link #modelUse(Caller, UUID, boolean, int, List)} {@code >= min} over a
     * {@code models} row aliased {@code alias} (columns {@code id}, {@code created_by},
     * {@code private}, {@code input_count}; inputs in {@code model_inputs}).
     */
    public SqlFilter modelFilter(Caller caller, String alias, ModelUse min) {
        if (min == ModelUse.NONE || caller instanceof Caller.System) {
            return SqlFilter.TRUE;
        }
        String m = alias + ".";
        Parts p = parts(caller, "ap_d");
        Map<String, Object> params = new HashMap<>(p.params());
        String inputFull = "(" + p.owner() + " OR (NOT ap_d.model_use_only AND " + p.open() + "))";
        String inputOk = min == ModelUse.FULL ? inputFull : "(" + inputFull + " OR (ap_d.model_use_only AND " + p.open() + "))";
        String creator = "FALSE";
        if (caller.userId() != null) {
            creator = m + "created_by = :ap_uid";
        }
        String sql = "((NOT " + m + "private OR " + creator + ")"
                + " AND " + m + "input_count = (SELECT count(*) FROM model_inputs ap_c WHERE ap_c.model_id = " + m + "id)"
                + " AND " + m + "input_count > 0"
                + " AND NOT EXISTS (SELECT 1 FROM model_inputs ap_i JOIN datasets ap_d ON ap_d.id = ap_i.dataset_id"
                // COALESCE: the dataset rules may be NULL (e.g. group_id NULL), and NOT NULL would let a row through
                + " WHERE ap_i.model_id = " + m + "id AND NOT COALESCE(" + inputOk + ", FALSE)))";
        return new SqlFilter(sql, params);
    }

    /** May the caller add or change entries and settings of this dataset? */
    public boolean canWrite(Caller caller, Dataset d) {
        if (caller instanceof Caller.System) {
            return true;
        }
        if (!(caller instanceof Caller.Account a) || !a.scope().includes(Scope.WRITE)) {
            return false;
        }
        if (visibility(caller, d) == Visibility.OWNER) {
            return true;
        }
        Role groupRole = d.groupId() == null ? null : a.groups().get(d.groupId());
        return groupRole != null && groupRole.canEdit() && !d.access().modelUseOnly()
                && d.access().level() != AccessLevel.PRIVATE;
    }

    /**
     * A platform administrator using an administrator's credential (an admin-scoped token, or a
     * browser session). Administrators read no more than anyone else; they may remove anything.
     */
    public boolean isAdministrator(Caller caller) {
        return caller instanceof Caller.System
                || caller instanceof Caller.Account a && a.user().admin() && a.scope().includes(Scope.ADMIN);
    }

    /**
     * May the caller delete this dataset, or retract entries of its published versions? Its owner
     * and co-authors (who publish it) with a write-scoped credential, and administrators.
     */
    public boolean canRemove(Caller caller, Dataset d) {
        if (isAdministrator(caller)) {
            return true;
        }
        return caller instanceof Caller.Account a && a.scope().includes(Scope.WRITE) && visibility(caller, d) == Visibility.OWNER;
    }

    /**
     * May the caller delete this entry (one no published version holds)? Whoever may remove the
     * dataset, and an editor who may write to it the entries they registered themselves.
     */
    public boolean canDelete(Caller caller, Dataset d, Entry e) {
        return canRemove(caller, d)
                || canWrite(caller, d) && caller.userId() != null && caller.userId().equals(e.createdBy());
    }

    /** Only the owner (and administrators' tools acting as System) change who may see a dataset. */
    public boolean canManage(Caller caller, Dataset d) {
        if (caller instanceof Caller.System) {
            return true;
        }
        return caller instanceof Caller.Account a && a.scope().includes(Scope.WRITE) && a.id().equals(d.ownerId());
    }

    /** What a caller asks to do with a dataset beyond reading it. */
    public enum Right {
        /** Add or change entries. */
        WRITE,
        /** Change who may see it and who works on it. */
        MANAGE,
        /** Publish a version (owner and co-authors). */
        PUBLISH,
        /** Change how it is described and cited: title, description, licence, authors, keywords (owner and co-authors). */
        DESCRIBE,
        /** Delete it, or retract entries of its published versions (owner and co-authors; administrators). */
        REMOVE,
        /** See what it lends to models and how much they are used (its owner, any credential). */
        LENDING
    }

    /** What a caller asks to do with one entry beyond reading it. */
    public enum EntryRight {
        /** Delete an entry: whoever may remove its dataset, and an editor the entries they registered. */
        DELETE,
        /** Retract it from the published versions that hold it: whoever may remove its dataset. */
        RETRACT
    }

    public boolean allows(Caller caller, Dataset d, Entry e, EntryRight right) {
        return switch (right) {
            case DELETE -> canDelete(caller, d, e);
            case RETRACT -> canRemove(caller, d);
        };
    }

    /** The dataset's owner, in whatever scope, and the system. */
    boolean isOwner(Caller caller, Dataset d) {
        return caller instanceof Caller.System || caller.userId() != null && caller.userId().equals(d.ownerId());
    }

    /** Whether the caller has {@code right} over the dataset. */
    public boolean allows(Caller caller, Dataset d, Right right) {
        return switch (right) {
            case WRITE -> canWrite(caller, d);
            case MANAGE -> canManage(caller, d);
            case PUBLISH, DESCRIBE -> canWrite(caller, d) && visibility(caller, d) == Visibility.OWNER;
            case REMOVE -> canRemove(caller, d);
            case LENDING -> isOwner(caller, d);
        };
    }

    /**
     * What of an entry the caller may see, or empty when nothing. An embargo shows what the entry
     * is — title, kind, composition, template, date — and nothing of what it found: not its
     * outcome ({@link Outcome#WITHHELD}), properties, invoice, metadata, data, files, sample or
     * author. Restricted files are removed below OWNER.
     */
    public Optional<Entry> redact(Entry e, Visibility v) {
        return switch (v) {
            case NONE -> Optional.empty();
            case METADATA -> Optional.of(new Entry(e.id(), e.datasetId(), e.kind(), e.title(), e.composition(),
                    Map.of(), null, null, null, List.of(), null, e.template(), Outcome.WITHHELD, null,
                    e.createdAt(), e.createdAt()));
            case FULL -> Optional.of(new Entry(e.id(), e.datasetId(), e.kind(), e.title(), e.composition(),
                    e.properties(), e.invoice(), e.metadata(), e.data(),
                    e.files().stream().filter(f -> !f.restricted()).toList(), e.sampleId(), e.template(),
                    e.outcome(), e.createdBy(), e.createdAt(), e.updatedAt()));
            case OWNER -> Optional.of(e);
        };
    }

    /**
     * What of a sample the caller may see, from its home dataset's visibility: its identifier and
     * composition with the dataset's metadata; its name and description (free text about the
     * specimen) with the data; empty when nothing.
     */
    public Optional<Sample> redact(Sample s, Visibility v) {
        return switch (v) {
            case NONE -> Optional.empty();
            case METADATA -> Optional.of(new Sample(s.id(), s.pid(), null, s.composition(), null, null, null, s.createdAt()));
            case FULL, OWNER -> Optional.of(s);
        };
    }
}
