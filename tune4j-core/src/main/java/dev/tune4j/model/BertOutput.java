package dev.tune4j.model;

import dev.tune4j.config.Additions;
import dev.tune4j.config.BertConfig;
import dev.tune4j.config.LoraTarget;

/** The residual after the feed-forward, checkpoint scope {@code output}. In: h (B, T, I), input (B, T, H). */
public final class BertOutput extends ResidualOutput {

    public BertOutput(BertConfig config, Additions additions) {
        super(config, additions, config.intermediateSize(), LoraTarget.OUTPUT);
    }
}
