package dev.tune4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading well-formed files of every format. */
class DataReaderTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void csvHandlesQuotedCommasEscapedQuotesMultiLineFieldsCrlfAndBom() throws IOException {
        Path file = write("reviews.csv", "\uFEFFtext,label\r\n"
                + "\"good, really\",pos\r\n"
                + "\"she said \"\"meh\"\"\",neg\r\n"
                + "\"line one\r\nline two\",pos\r\n"
                + "plain,neg\r\n");
        Dataset data = DataReader.read(file, DataOptions.defaults());
        assertEquals(List.of("good, really", "she said \"meh\"", "line one\r\nline two", "plain"), data.texts());
        assertEquals(List.of("neg", "pos"), data.labelMap().names());
        assertEquals(List.of(1, 0, 1, 0), labelsOf(data));
        assertArrayEquals(new int[] {0, 1, 2, 3}, data.rowIds());
        assertEquals(file.toString(), data.source());
    }

    @Test
    void csvRowIdsAndErrorsCountPhysicalLinesAcrossMultiLineFields() throws IOException {
        Path file = write("multi.csv", "text,label\n\"a\nb\nc\",x\n\n\"d\",\n");
        String message = ReaderErrors.message(file, DataOptions.defaults());
        assertTrue(message.startsWith(file + ":6: empty label"), message);
    }

    @Test
    void tsvAndCustomColumns() throws IOException {
        Path file = write("data.tsv", "id\treview\tsentiment\n1\tfine \"film\"\t1\n2\tawful\t0\n");
        Dataset data = DataReader.read(file, DataOptions.defaults().withTextColumn("review")
                .withLabelColumn("sentiment"));
        assertEquals(List.of("fine \"film\"", "awful"), data.texts());
        assertEquals(List.of("0", "1"), data.labelMap().names());
        assertEquals(List.of(1, 0), labelsOf(data));
    }

    @Test
    void jsonlSkipsBlankLinesAndNormalisesNumericLabels() throws IOException {
        Path file = write("data.jsonl", "{\"text\": \"a\", \"label\": 1.0}\n\n{\"text\": \"b\", \"label\": 0}\r\n"
                + "{\"text\": \"c\", \"label\": \"2.0\", \"extra\": [1]}\n");
        Dataset data = DataReader.read(file, DataOptions.defaults());
        assertEquals(List.of("0", "1", "2"), data.labelMap().names());
        assertEquals(List.of(1, 0, 2), labelsOf(data));
    }

    @Test
    void jsonArrayOfObjects() throws IOException {
        Path file = write("data.json", "[\n  {\"text\": \"a\", \"label\": \"pos\"},\n  {\"text\": \"b\", \"label\": \"neg\"}\n]\n");
        Dataset data = DataReader.read(file, DataOptions.defaults());
        assertEquals(List.of("a", "b"), data.texts());
        assertEquals(List.of(1, 0), labelsOf(data));
    }

    @Test
    void integerLabelsSortNumericallyAndStringLabelsLexicographically() throws IOException {
        Path ints = write("ints.csv", "text,label\na,10\nb,9\nc,-1\nd,2\n");
        assertEquals(List.of("-1", "2", "9", "10"), DataReader.read(ints, DataOptions.defaults()).labelMap().names());
        Path strings = write("strings.csv", "text,label\na,b\nb,B\nc,a\nd,10\ne,9\n");
        assertEquals(List.of("10", "9", "B", "a", "b"),
                DataReader.read(strings, DataOptions.defaults()).labelMap().names());
    }

    @Test
    void formatOverrideReadsAnyExtension() throws IOException {
        Path file = write("data.txt", "{\"text\": \"a\", \"label\": \"x\"}\n");
        assertEquals(1, DataReader.read(file, DataFormat.JSONL, DataOptions.defaults()).size());
    }

    @Test
    void stripHtmlTurnsBreaksIntoSpacesAndUnescapesEntities() throws IOException {
        Path file = write("html.csv", "text,label\n\"one<br />two<br>three<BR/>four &amp; &lt;b&gt; &quot;x&quot; it&#39;s &amp;lt;\",p\n");
        Dataset stripped = DataReader.read(file, DataOptions.defaults().withStripHtml(true));
        assertEquals("one two three four & <b> \"x\" it's &lt;", stripped.text(0));
        assertTrue(DataReader.read(file, DataOptions.defaults()).text(0).contains("<br />"));
    }

    @Test
    void multiLabelFromSeparatedStringsAndJsonArrays() throws IOException {
        Path csv = write("tags.csv", "text,label\na,sports|news\nb,news\nc, news | news |tech\n");
        Dataset data = DataReader.read(csv, DataOptions.defaults().withMultiLabel("|"));
        assertTrue(data.multiLabel());
        assertEquals(List.of("news", "sports", "tech"), data.labelMap().names());
        assertArrayEquals(new int[] {0, 1}, data.labels().get(0));
        assertArrayEquals(new int[] {0, 2}, data.labels().get(2));
        assertArrayEquals(new int[] {3, 1, 1}, data.classCounts());

        Path jsonl = write("tags.jsonl", "{\"text\": \"a\", \"label\": [\"y\", \"x\"]}\n{\"text\": \"b\", \"label\": \"x\"}\n");
        Dataset fromJson = DataReader.read(jsonl, DataOptions.defaults().withMultiLabel("|"));
        assertArrayEquals(new int[] {0, 1}, fromJson.labels().get(0));
    }

    @Test
    void fixedLabelMapAssignsItsOwnIds() throws IOException {
        Path file = write("eval.csv", "text,label\na,pos\nb,pos\n");
        LabelMap model = new LabelMap(List.of("neg", "pos"));
        Dataset data = DataReader.read(file, DataOptions.defaults().withFixedLabels(model));
        assertEquals(model, data.labelMap());
        assertArrayEquals(new int[] {0, 2}, data.classCounts());
    }

    @Test
    void readTextsFromPlainTextAndFromTheTextColumn() throws IOException {
        Path txt = write("corpus.txt", "first doc\r\n\n  \nsecond<br />doc\n");
        assertEquals(List.of("first doc", "second doc"),
                DataReader.readTexts(txt, DataOptions.defaults().withStripHtml(true)));
        Path csv = write("unlabelled.csv", "body\nx\ny\n");
        assertEquals(List.of("x", "y"), DataReader.readTexts(csv, DataOptions.defaults().withTextColumn("body")));
        assertFalse(DataReader.readTexts(write("l.jsonl", "{\"text\":\"z\"}\n"), DataOptions.defaults()).isEmpty());
    }

    private static List<Integer> labelsOf(Dataset data) {
        return IntStream.range(0, data.size()).map(data::label).boxed().toList();
    }
}
