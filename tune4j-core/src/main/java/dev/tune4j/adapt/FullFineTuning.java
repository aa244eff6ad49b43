package dev.tune4j.adapt;

/** Every parameter trains. Devlin et al.'s recipe: small learning rate, warm-up, linear decay, few epochs. */
public record FullFineTuning() implements Technique {

    @Override
    public String cliName() {
        return "full";
    }

    @Override
    public boolean frozenBackbone() {
        return false;
    }

    @Override
    public TechniqueDefaults defaults() {
        return new TechniqueDefaults(2e-5f, 16, 3, 0.1f, true, 1f, 0);
    }

    @Override
    public boolean trains(String key) {
        return true;
    }
}
