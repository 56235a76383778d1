-- What anonymous visitors do that is worth knowing but not worth an event each (issue 18): failed
-- sign-ins to accounts that do not exist, unknown API tokens, attempts refused while throttled.
-- One row per hour, action and address, however many times it happened, so a flood of such
-- requests cannot grow the audit trail; the trail itself (audit_events) keeps what matters.
CREATE TABLE audit_tallies (
    hour            timestamptz NOT NULL,
    action          text NOT NULL,
    remote_address  text NOT NULL,
    count           bigint NOT NULL,
    first_at        timestamptz NOT NULL,
    last_at         timestamptz NOT NULL,
    PRIMARY KEY (hour, action, remote_address)
);
