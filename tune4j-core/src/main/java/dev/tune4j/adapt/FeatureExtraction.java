package dev.tune4j.adapt;

/**
 * Frozen backbone, trained head. The backbone's features are computed once (and cached), so the head
 * can afford many epochs at a learning rate far above fine-tuning's: 1e-5 would barely move a randomly
 * initialised head in 5 epochs.
 */
public record FeatureExtraction() implements Technique {

    @Override
    public String cliName() {
        return "feature-extraction";
    }

    @Override
    public boolean frozenBackbone() {
        return true;
    }

    @Override
    public TechniqueDefaults defaults() {
        return new TechniqueDefaults(1e-3f, 30, 0f, true, 0f);
    }

    @Override
    public boolean trains(String key) {
        return key.startsWith("classifier.");
    }
}
