package dev.tune4j.data;

import dev.tune4j.Tune4jException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A whole input file decoded as strict UTF-8, without a byte-order mark.
 *
 * <p>The file is read into memory at once (about three times its size, briefly) because that is what
 * lets a malformed byte be reported with its line: a streaming decoder says that the input was bad,
 * not where. Fine-tuning sets are megabytes, so this is the cheaper trade.
 */
final class SourceText {

    private SourceText() {}

    static String read(Path file) {
        byte[] bytes = readBytes(file);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            throw new Where(file.toString(), lineOf(bytes, at)).error(String.format(
                    "not valid UTF-8 (byte 0x%02X at offset %d); save the file as UTF-8", bytes[at] & 0xFF, at));
        }
        decoder.flush(out);
        out.flip();
        String text = out.toString();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            throw new Where(file.toString(), 1).error("empty file");
        }
        return text;
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new Tune4jException(file + ": no such file", e);
        } catch (IOException e) {
            throw new Tune4jException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static int lineOf(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
