package org.matdx.access;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.matdx.core.Caller;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.jobs.Job;
import org.matdx.jobs.JobHandler;
import org.matdx.store.UserStore;

/**
 * Acting for a user who is not the one asking: a queued job for the user who started it, a
 * federation for the administrator who consented. The account is read again each time, so the
 * work acts with that user's rights as they are now (a group they left no longer opens its
 * datasets, a role taken away no longer lets it write); an account that is gone acts no more.
 * Besides authentication ({@link Accounts}, {@link Sessions}), the one place in the services
 * that makes a {@link Caller.Account}.
 */
public final class ActingAs {
    private final UserStore users;
    private final Clock clock;

    public ActingAs(UserStore users, Clock clock) {
        this.users = users;
        this.clock = clock;
    }

    /** The user's account as it is now, with their current groups and the given scope; empty when it no longer exists. */
    public Optional<Caller.Account> account(UUID userId, Scope scope) {
        return (userId == null ? Optional.<org.matdx.core.User>empty() : users.byId(userId))
                .map(u -> new Caller.Account(u, users.memberships(u.id()), scope));
    }

    /**
     * The context a queued job runs in: its starter's account as it is now, with the {@code scope}
     * the job's kind needs, from origin {@code job:<id>}. A starter whose account is gone ends the
     * job for good ({@link JobHandler.Permanent}), saying so.
     *
     * @param what the job's kind as its message names it ("ingest", "screen")
     */
    public RequestContext forJob(Job job, Scope scope, String what) {
        Caller.Account starter = account(job.createdBy(), scope).orElseThrow(() -> new JobHandler.Permanent(
                "the user who started this " + what + " no longer exists"));
        return RequestContext.job(starter, job.id(), clock);
    }
}
