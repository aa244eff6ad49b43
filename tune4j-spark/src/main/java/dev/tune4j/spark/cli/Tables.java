package dev.tune4j.spark.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tune4j.Tune4jException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The CLI's input and output tables: Parquet, CSV (with a header) or JSON lines, chosen by the file extension. */
final class Tables {

    enum Format { PARQUET, CSV, JSONL }

    private Tables() {}

    static Format format(String path) {
        String name = path.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        if (name.endsWith(".parquet")) {
            return Format.PARQUET;
        }
        if (name.endsWith(".csv")) {
            return Format.CSV;
        }
        if (name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson")) {
            return Format.JSONL;
        }
        throw new Tune4jException(path + ": unknown format; name the file .parquet, .csv or .jsonl");
    }

    static Dataset<Row> read(SparkSession spark, String path) {
        if (!path.contains("://") && !Files.exists(Path.of(path))) {
            throw new Tune4jException(path + ": no such file");
        }
        return switch (format(path)) {
            case PARQUET -> spark.read().parquet(path);
            // Every column as text, exactly as written: ids round-trip unchanged. Quoted cells may span lines.
            case CSV -> csv(spark, path);
            case JSONL -> inFileOrder(spark.read().json(path), path);
        };
    }

    private static Dataset<Row> csv(SparkSession spark, String path) {
        var reader = spark.read().option("header", "true").option("multiLine", "true").option("escape", "\"");
        StructType header = localHeader(path);
        return header != null ? reader.schema(header).csv(path) : reader.csv(path);
    }

    /**
     * The header of a local CSV file as string columns, read here rather than by a Spark job (seconds on a busy
     * machine); null where Spark should read it (a remote path, a header with quotes).
     */
    private static StructType localHeader(String path) {
        if (path.contains("://") || !Files.isRegularFile(Path.of(path))) {
            return null;
        }
        try (BufferedReader in = Files.newBufferedReader(Path.of(path), StandardCharsets.UTF_8)) {
            String line = in.readLine();
            if (line == null || line.contains("\"")) {
                return null;
            }
            StructType schema = new StructType();
            for (String name : line.replace("\uFEFF", "").split(",", -1)) {
                schema = schema.add(name.strip(), DataTypes.StringType, true);
            }
            return schema;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Spark orders inferred JSON fields by name; the output keeps the order of the file's first object instead. */
    private static Dataset<Row> inFileOrder(Dataset<Row> frame, String path) {
        if (path.contains("://") || Files.isDirectory(Path.of(path))) {
            return frame;
        }
        try (BufferedReader in = Files.newBufferedReader(Path.of(path), StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null && line.isBlank()) {
                // skip blank lines
            }
            if (line == null) {
                return frame;
            }
            JsonObject first = JsonParser.parseString(line).getAsJsonObject();
            List<String> order = new ArrayList<>(first.keySet());
            Arrays.stream(frame.columns()).filter(c -> !order.contains(c)).forEach(order::add);
            order.removeIf(c -> !Arrays.asList(frame.columns()).contains(c));
            return frame.select(order.stream().map(functions::col).toArray(Column[]::new));
        } catch (IOException | RuntimeException e) {
            return frame; // not one object per line: Spark's order
        }
    }

    /**
     * Writes {@code frame} to {@code path}. With a local master, one file (rows in order); on a cluster, Spark's
     * directory of part files. CSV cannot hold arrays, so they are written as JSON arrays in a text cell.
     */
    static void write(Dataset<Row> frame, String path, boolean singleFile) {
        Format format = format(path);
        Dataset<Row> out = format == Format.CSV ? arraysAsJson(frame) : frame;
        String target = singleFile ? path + ".parts-" + System.nanoTime() : path;
        var writer = out.write().mode("overwrite");
        switch (format) {
            case PARQUET -> writer.parquet(target);
            case CSV -> writer.option("header", "true").option("escape", "\"").csv(target);
            case JSONL -> writer.option("ignoreNullFields", "false").json(target);
        }
        if (singleFile) {
            moveSinglePart(Path.of(target), Path.of(path));
        }
    }

    private static Dataset<Row> arraysAsJson(Dataset<Row> frame) {
        Dataset<Row> out = frame;
        for (StructField f : frame.schema().fields()) {
            if (f.dataType() instanceof ArrayType) {
                Column c = functions.col(f.name());
                out = out.withColumn(f.name(), functions.when(c.isNull(), functions.lit(null).cast("string"))
                        .otherwise(functions.to_json(c)));
            }
        }
        return out;
    }

    private static void moveSinglePart(Path parts, Path file) {
        try (Stream<Path> files = Files.list(parts)) {
            List<Path> data = files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList();
            if (data.size() != 1) {
                throw new IllegalStateException(parts + ": expected one part file, found " + data.size());
            }
            if (Files.isDirectory(file)) {
                try (Stream<Path> old = Files.walk(file)) {
                    old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Files.move(data.get(0), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            try (Stream<Path> rest = Files.walk(parts)) {
                rest.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (IOException e) {
            throw new Tune4jException(file + ": cannot write (" + e.getMessage() + ")", e);
        }
    }
}
