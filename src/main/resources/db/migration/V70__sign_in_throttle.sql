-- Sign-in throttling (issue 18): one row per thing being guessed at, updated under a row lock so
-- that concurrent attempts, in one process or many, are counted one after the other.
--   kind 'pair'    : one account from one address (the main throttle; also remembers the last
--                    successful sign-in from that address, which makes the address trusted)
--   kind 'account' : one account from anywhere (each address adds at most its pair allowance)
--   kind 'token'   : unknown or inactive API tokens presented from one address
-- The old table counted after the fact (so a burst was checked in full) and locked whole
-- addresses out; it is replaced.
DROP TABLE login_failures;

CREATE TABLE login_throttle (
    kind             text NOT NULL CHECK (kind IN ('pair', 'account', 'token')),
    account          text NOT NULL DEFAULT '',
    address          text NOT NULL DEFAULT '',
    failures         integer NOT NULL DEFAULT 0,
    locked_until     timestamptz,
    last_failure_at  timestamptz,
    last_success_at  timestamptz,
    PRIMARY KEY (kind, account, address)
);
CREATE INDEX login_throttle_forget ON login_throttle (last_failure_at);
