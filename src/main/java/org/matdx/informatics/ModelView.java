package org.matdx.informatics;

import java.util.List;
import org.matdx.access.ModelUse;
import java.time.Instant;
import org.matdx.core.Dataset;
import org.matdx.privacy.PrivacyStore;

/**
 * A model as one caller may see it: the record, what they may do with it, and — only with
 * {@link ModelUse#FULL} — its inputs and the datasets they are; how it protects model-use-only rows
 * (null for an ordinary model) and when it was withdrawn (null: in service).
 */
public record ModelView(ModelRecord model, ModelUse use, List<ModelInput> inputs, List<Dataset> datasets,
                        PrivacyStore.ModelProtection protection, Instant withdrawnAt) {
    /** Whether the model learned from model-use-only rows through differential privacy. */
    public boolean isPrivate() {
        return protection != null;
    }
}
