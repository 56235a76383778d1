package org.matdx.jobs;

import java.time.Clock;
import org.matdx.core.Caller;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.core.User;
import org.matdx.store.UserStore;

/**
 * Who a queued job runs as: the user who started it, read again when the job runs, so that it acts
 * with their rights as they are then (a group they left no longer opens its datasets to the job,
 * a role taken away no longer lets it write); an account that no longer exists ends the job for
 * good, with a message that says so. The one place a job's {@link RequestContext} is made.
 */
public final class JobStarter {
    private final UserStore users;
    private final Clock clock;

    public JobStarter(UserStore users, Clock clock) {
        this.users = users;
        this.clock = clock;
    }

    /**
     * The context the job runs in: its starter's account with their current groups and the
     * {@code scope} the job's kind needs, from origin {@code job:<id>}.
     *
     * @param what the job's kind as its message names it ("ingest", "screen")
     */
    public RequestContext contextOf(Job job, Scope scope, String what) {
        User u = (job.createdBy() == null ? java.util.Optional.<User>empty() : users.byId(job.createdBy()))
                .orElseThrow(() -> new JobHandler.Permanent("the user who started this " + what + " no longer exists"));
        return RequestContext.job(new Caller.Account(u, users.memberships(u.id()), scope), job.id(), clock);
    }
}
