package dev.tune4j.config;

import java.util.Arrays;
import java.util.Locale;

/** The feed-forward activation, as named by {@code hidden_act} in a Hugging Face config. */
public enum HiddenAct {
    /** Exact GELU, {@code x·Φ(x)} with erf: what Hugging Face calls {@code gelu}. */
    GELU("gelu"),
    /** The tanh approximation of GELU used by the original TF BERT graph. */
    GELU_TANH("gelu_new", "gelu_pytorch_tanh", "gelu_fast"),
    RELU("relu"),
    /** The activation of RoBERTa's classification head (never a feed-forward's in the supported configs). */
    TANH("tanh");

    private final String[] names;

    HiddenAct(String... names) {
        this.names = names;
    }

    public String configName() {
        return names[0];
    }

    public static HiddenAct fromConfig(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        for (HiddenAct act : values()) {
            if (Arrays.asList(act.names).contains(key)) {
                return act;
            }
        }
        throw new IllegalArgumentException(
                "Unsupported hidden_act '" + name + "'; expected one of gelu, gelu_new, gelu_pytorch_tanh, gelu_fast, relu, tanh");
    }
}
