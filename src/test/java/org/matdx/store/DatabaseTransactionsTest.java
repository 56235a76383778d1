package org.matdx.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.matdx.testing.TestPlatform;

/** Transactions run at READ COMMITTED (the audit chain and blob locks rely on it) and roll back whole. */
class DatabaseTransactionsTest {

    @Test
    void transactionsAreReadCommittedAndAllOrNothing() {
        try (TestPlatform tp = TestPlatform.start()) {
            Database db = tp.platform().db();
            for (int i = 0; i < 3; i++) { // every pooled connection, not just the first
                String level = db.tx(h -> h.createQuery("SELECT current_setting('transaction_isolation')").mapTo(String.class).one());
                assertThat(level).isEqualTo("read committed");
            }
            db.run(h -> h.execute("CREATE TABLE tx_probe (n int)"));
            assertThatThrownBy(() -> db.tx(h -> {
                h.execute("INSERT INTO tx_probe VALUES (1)");
                throw new IllegalStateException("boom");
            })).hasMessage("boom");
            long rows = db.read(h -> h.createQuery("SELECT count(*) FROM tx_probe").mapTo(Long.class).one());
            assertThat(rows).isZero();
        }
    }
}
