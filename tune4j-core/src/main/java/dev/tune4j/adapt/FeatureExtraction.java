package dev.tune4j.adapt;

import com.google.gson.JsonObject;

/**
 * Frozen backbone, trained head. The backbone's features are computed once (and cached), so the head
 * can afford many epochs at a learning rate far above fine-tuning's: 1e-5 would barely move a randomly
 * initialised head in 5 epochs. On 1,000–2,000 IMDB reviews the head's validation loss bottoms out after
 * 5–8 epochs and then rises, so training stops after 5 epochs without improvement.
 *
 * @param backboneDropout run the frozen backbone in training mode on every training batch, so that its dropout
 *     perturbs the features anew each epoch, as the reference tutorial does (it never calls {@code eval()});
 *     features are then recomputed every epoch instead of once. Validation stays deterministic.
 */
public record FeatureExtraction(boolean backboneDropout) implements Technique {

    /** Features computed once, without dropout, and cached: the fast path. */
    public FeatureExtraction() {
        this(false);
    }

    @Override
    public String cliName() {
        return "feature-extraction";
    }

    @Override
    public boolean frozenBackbone() {
        return true;
    }

    @Override
    public boolean featuresOnce() {
        return !backboneDropout;
    }

    @Override
    public TechniqueDefaults defaults() {
        return new TechniqueDefaults(1e-3f, 32, 30, 0f, true, 0f, 5);
    }

    @Override
    public boolean trains(String key) {
        return key.startsWith("classifier.");
    }

    @Override
    public JsonObject toJson() {
        JsonObject o = Technique.super.toJson();
        if (backboneDropout) {
            o.addProperty("backbone_dropout", true);
        }
        return o;
    }
}
