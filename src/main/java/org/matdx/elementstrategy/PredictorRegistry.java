package org.matdx.elementstrategy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Named property models a screen can use. The informatics capability's trained models are
 * registered here (wrapped as {@link PropertyPredictor}) when the platform is wired; a screen can
 * also fit a {@link LinearBaseline} on a dataset on the fly.
 */
public final class PredictorRegistry {
    private final Map<String, PropertyPredictor> models = new ConcurrentSkipListMap<>();

    public void register(PropertyPredictor p) {
        models.put(p.name(), p);
    }

    public Optional<PropertyPredictor> get(String name) {
        return Optional.ofNullable(models.get(name));
    }

    public List<String> names() {
        return List.copyOf(models.keySet());
    }
}
