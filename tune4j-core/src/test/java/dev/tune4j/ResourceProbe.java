package dev.tune4j;

import dev.tune4j.config.BertConfig;
import dev.tune4j.data.DataOptions;
import dev.tune4j.data.DataReader;
import dev.tune4j.data.Dataset;
import java.nio.file.Path;

/**
 * The child JVM of {@link ResourceLimitsTest}, started with a small heap: reads one oversized input and
 * prints "TUNE4J message" for a Tune4jException or "OK summary" for a result. Anything else (another
 * exception, an OutOfMemoryError) exits non-zero.
 */
public final class ResourceProbe {

    private ResourceProbe() {}

    public static void main(String[] args) {
        Path file = Path.of(args[1]);
        try {
            String result = switch (args[0]) {
                case "data" -> {
                    Dataset d = DataReader.read(file, DataOptions.defaults());
                    yield d.size() + " examples, " + d.labelMap().size() + " labels";
                }
                case "config" -> "hidden " + BertConfig.read(file).hiddenSize();
                default -> throw new IllegalArgumentException(args[0]);
            };
            System.out.println("OK " + result);
        } catch (Tune4jException e) {
            System.out.println("TUNE4J " + e.getMessage());
        }
        System.out.println("HEAP used " + (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / (1 << 20)
                + " MB of max " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB");
        System.exit(0);
    }
}
