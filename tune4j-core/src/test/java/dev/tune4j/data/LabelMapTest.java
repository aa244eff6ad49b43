package dev.tune4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tune4j.Tune4jException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelMapTest {

    @Test
    void infersNumericOrderForIntegersAndLexicographicOtherwise() {
        assertEquals(List.of("1", "2", "10"), LabelMap.infer(List.of("10", "2", "1", "2")).names());
        assertEquals(List.of("01", "1", "2"), LabelMap.infer(List.of("2", "1", "01")).names());
        assertEquals(List.of("10", "2", "neg"), LabelMap.infer(List.of("neg", "2", "10")).names());
    }

    @Test
    void unknownLabelListsTheKnownOnes() {
        LabelMap labels = new LabelMap(List.of("neg", "pos"));
        assertEquals(1, labels.id("pos"));
        assertEquals("neg", labels.name(0));
        Tune4jException e = assertThrows(Tune4jException.class, () -> labels.id("neutral"));
        assertEquals("label 'neutral' is not one of (neg, pos)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> labels.name(2));
    }

    @Test
    void roundTripsThroughHuggingFaceConfigForm() {
        LabelMap labels = new LabelMap(List.of("neg", "pos", "mixed"));
        assertEquals(JsonParser.parseString("{\"0\":\"neg\",\"1\":\"pos\",\"2\":\"mixed\"}"), labels.id2label());
        assertEquals(JsonParser.parseString("{\"neg\":0,\"pos\":1,\"mixed\":2}"), labels.label2id());
        JsonObject shuffled = JsonParser.parseString("{\"2\":\"mixed\",\"0\":\"neg\",\"1\":\"pos\"}").getAsJsonObject();
        assertEquals(labels, LabelMap.fromId2Label(shuffled));
    }

    @Test
    void rejectsGapsDuplicatesAndBlanks() {
        assertThrows(Tune4jException.class,
                () -> LabelMap.fromId2Label(JsonParser.parseString("{\"0\":\"a\",\"2\":\"b\"}").getAsJsonObject()));
        assertThrows(Tune4jException.class,
                () -> LabelMap.fromId2Label(JsonParser.parseString("{\"LABEL_0\":\"a\"}").getAsJsonObject()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LabelMap(List.of("a", "b", "a")));
        assertTrue(e.getMessage().contains("'a' appears twice"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LabelMap(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new LabelMap(List.of(" ")));
    }
}
