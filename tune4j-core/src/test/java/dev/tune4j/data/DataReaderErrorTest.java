package dev.tune4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tune4j.Tune4jException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every malformed input is a Tune4jException that starts with file:line. */
class DataReaderErrorTest {

    @TempDir
    Path dir;

    private String error(String name, String content) throws IOException {
        return error(name, content, DataOptions.defaults());
    }

    private String error(String name, String content, DataOptions options) throws IOException {
        Path file = Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
        String message = ReaderErrors.message(file, options);
        assertFalse(message.contains("\n"), "messages are one line: " + message);
        return message.substring(dir.toString().length() + 1);
    }

    @Test
    void missingColumnIsReportedOnTheHeaderLineWithTheColumnsAndTheOption() throws IOException {
        assertEquals("reviews.csv:1: no column 'label'; columns are: review, sentiment — use --label-column",
                error("reviews.csv", "review,sentiment\ngood,1\n", DataOptions.defaults().withTextColumn("review")));
        assertTrue(error("r.csv", "body,label\nx,1\n").startsWith("r.csv:1: no column 'text'"));
        assertTrue(error("r.jsonl", "{\"text\":\"a\",\"label\":1}\n{\"txt\":\"b\",\"label\":1}\n")
                .startsWith("r.jsonl:2: no key 'text'; keys are: txt, label — use --text-column"));
    }

    @Test
    void unterminatedQuoteIsReportedWhereTheFieldStarted() throws IOException {
        assertEquals("bad.csv:3: quoted field is never closed (a stray \" starts here)",
                error("bad.csv", "text,label\nok,1\n\"never closed,1\nmore,0\nrows,1\n"));
    }

    @Test
    void textAfterAClosingQuoteIsAnError() throws IOException {
        assertTrue(error("q.csv", "text,label\n\"a\"b,1\n").startsWith("q.csv:2: unexpected 'b' after a closing quote"));
    }

    @Test
    void rowWithTheWrongNumberOfFields() throws IOException {
        assertEquals("f.tsv:3: row has 1 fields but the header has 2 (text, label)",
                error("f.tsv", "text\tlabel\na\t1\nb\n"));
    }

    @Test
    void badJsonLineIsReportedWithItsNumber() throws IOException {
        String message = error("d.jsonl", "{\"text\":\"a\",\"label\":1}\n\n{\"text\": \"b\", \"label\": }\n");
        assertTrue(message.startsWith("d.jsonl:3: not valid JSON: "), message);
        assertEquals("e.jsonl:1: more than one JSON value on the line; JSON Lines has one object per line",
                error("e.jsonl", "{\"text\":\"a\",\"label\":1} {}\n"));
        assertEquals("q.jsonl:1: not valid JSON: unquoted text, single quotes or a comment (column 3)",
                error("q.jsonl", "{'text':'a','label':1}\n"));
        assertTrue(error("g.jsonl", "[1, 2]\n").startsWith("g.jsonl:1: expected a JSON object"));
    }

    @Test
    void badJsonArrayElementIsReportedOnItsLine() throws IOException {
        String message = error("d.json", "[\n{\"text\":\"a\",\"label\":1},\n{\"text\":\"b\",\n\"label\":null}\n]");
        assertEquals("d.json:3: missing label ('label' is null)", message);
        assertTrue(error("s.json", "[\n{\"text\":\"a\",\"label\":1},\n{\"text\":\"b\" \"label\":1}\n]")
                .startsWith("s.json:3: not valid JSON: "));
        assertTrue(error("o.json", "{\"text\":\"a\"}").startsWith("o.json:1: expected a JSON array"));
    }

    @Test
    void invalidUtf8IsReportedOnItsLine() throws IOException {
        Path file = dir.resolve("latin1.csv");
        byte[] head = "text,label\nfine,1\ncaf".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ",0\n".getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[head.length + 1 + tail.length];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xE9;
        System.arraycopy(tail, 0, bytes, head.length + 1, tail.length);
        Files.write(file, bytes);
        String message = ReaderErrors.message(file, DataOptions.defaults());
        assertTrue(message.startsWith(file + ":3: not valid UTF-8 (byte 0xE9"), message);
    }

    @Test
    void emptyInputs() throws IOException {
        assertEquals("empty.csv:1: empty file", error("empty.csv", ""));
        assertEquals("bom.jsonl:1: empty file", error("bom.jsonl", "\uFEFF\n\n"));
        assertEquals("head.csv:1: no data rows after the header", error("head.csv", "text,label\r\n"));
        assertEquals("arr.json:1: the array is empty, there are no examples", error("arr.json", "[]"));
    }

    @Test
    void emptyOrMissingLabelOrText() throws IOException {
        assertEquals("l.csv:3: empty label in column 'label'", error("l.csv", "text,label\na,1\nb,  \n"));
        assertEquals("t.csv:2: empty text in column 'text'", error("t.csv", "text,label\n\"\",1\n"));
        assertEquals("m.csv:2: empty label in 'a||b' (labels are separated by '|')",
                error("m.csv", "text,label\nx,a||b\n", DataOptions.defaults().withMultiLabel("|")));
        assertTrue(error("list.jsonl", "{\"text\":\"a\",\"label\":[\"x\"]}\n")
                .startsWith("list.jsonl:1: label is a list [\"x\"]; pass --multi-label"));
    }

    @Test
    void unknownLabelWithAFixedLabelMapNamesTheKnownOnes() throws IOException {
        DataOptions eval = DataOptions.defaults().withFixedLabels(new LabelMap(List.of("neg", "pos")));
        assertEquals("eval.csv:4: label 'neutral' is not one the model knows (neg, pos)",
                error("eval.csv", "text,label\na,neg\nb,pos\nc,neutral\n", eval));
    }

    @Test
    void unknownExtensionAsksForFormat() {
        String message = assertThrows(Tune4jException.class,
                () -> DataReader.read(dir.resolve("data.xlsx"), DataOptions.defaults())).getMessage();
        assertTrue(message.endsWith("or pass --format"), message);
    }
}
