package dev.tune4j.model;

import dev.tune4j.config.Additions;
import dev.tune4j.config.BertConfig;
import dev.tune4j.config.LoraTarget;

/** The residual after attention, checkpoint scope {@code attention.output}. In: context, input (B, T, H). */
public final class BertSelfOutput extends ResidualOutput {

    public BertSelfOutput(BertConfig config, Additions additions) {
        super(config, additions, config.hiddenSize(), LoraTarget.ATTENTION_OUTPUT);
    }
}
