package dev.tune4j.infer;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.tune4j.Tune4jException;
import dev.tune4j.checkpoint.HostTensor;
import dev.tune4j.checkpoint.Safetensors;
import dev.tune4j.config.BertConfig;
import dev.tune4j.engine.Torch;
import dev.tune4j.model.LoadReport;
import dev.tune4j.model.WeightLoader;
import dev.tune4j.tokenize.BertTokenizer;
import dev.tune4j.tokenize.Padding;
import dev.tune4j.tokenize.TokenizerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * A Hugging Face model directory loaded into a block: config, weights (memory-mapped), tokenizer,
 * and the NDManager that owns the parameters.
 *
 * @param <B> the block type, e.g. {@code BertForMaskedLM}
 */
public final class Pretrained<B extends Block> implements AutoCloseable {

    private final Path dir;
    private final BertConfig config;
    private final BertTokenizer tokenizer;
    private final NDManager manager;
    private final B block;
    private final LoadReport report;

    private Pretrained(Path dir, BertConfig config, BertTokenizer tokenizer, NDManager manager, B block, LoadReport report) {
        this.dir = dir;
        this.config = config;
        this.tokenizer = tokenizer;
        this.manager = manager;
        this.block = block;
        this.report = report;
    }

    /**
     * Loads {@code dir} into the block that {@code factory} builds.
     *
     * @param expect what the block expects of this checkpoint (key prefix, new and unused keys)
     */
    public static <B extends Block> Pretrained<B> load(Path dir, Function<BertConfig, B> factory,
                                                       Function<Map<String, HostTensor>, WeightLoader.Expectations> expect) {
        BertConfig config = BertConfig.read(dir.resolve("config.json"));
        Path weights = dir.resolve("model.safetensors");
        if (!Files.isRegularFile(weights)) {
            throw new Tune4jException(dir + ": no model.safetensors (tune4j reads Hugging Face directories with safetensors weights)");
        }
        Map<String, HostTensor> tensors = config.family().toBlockNames(Safetensors.read(weights).tensors());
        NDManager manager = Torch.newManager();
        try {
            B block = factory.apply(config);
            LoadReport report = WeightLoader.load(block, tensors, manager, expect.apply(tensors), weights.toString());
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1));
            // Padding happens per length-sorted batch, never to the longest text of the whole call.
            TokenizerOptions options = TokenizerOptions.truncateTo(config.maxTokens()).withPadding(Padding.NONE);
            return new Pretrained<>(dir, config, BertTokenizer.fromDirectory(dir, options), manager, block, report);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** "bert." when the checkpoint wraps the backbone (BertForMaskedLM, …), "" for a bare BertModel. */
    public static String backbonePrefix(Map<String, HostTensor> tensors) {
        return tensors.keySet().stream().anyMatch(k -> k.startsWith("bert.")) ? "bert." : "";
    }

    public Path dir() {
        return dir;
    }

    public BertConfig config() {
        return config;
    }

    public BertTokenizer tokenizer() {
        return tokenizer;
    }

    public NDManager manager() {
        return manager;
    }

    public B block() {
        return block;
    }

    public LoadReport report() {
        return report;
    }

    @Override
    public void close() {
        tokenizer.close();
        manager.close();
    }
}
