package org.matdx.informatics;

import java.util.List;
import org.matdx.access.ModelUse;
import org.matdx.core.Dataset;

/**
 * A model as one caller may see it: the record, what they may do with it, and — only with
 * {@link ModelUse#FULL} — its inputs and the datasets they are.
 */
public record ModelView(ModelRecord model, ModelUse use, List<ModelInput> inputs, List<Dataset> datasets) {
}
