package org.matdx.lca;

/** The precursor batch of {@link PrecursorRollupTest}, shared with the command-line test. */
public final class PrecursorRollupTestData {
    public static final String BATCH = PrecursorRollupTest.BATCH;

    private PrecursorRollupTestData() {
    }
}
