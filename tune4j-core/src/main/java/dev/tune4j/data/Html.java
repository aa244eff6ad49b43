package dev.tune4j.data;

import java.util.List;
import java.util.regex.Pattern;

/** The little HTML that scraped text carries: line breaks and the five XML entities. */
final class Html {

    /** {@code <br>}, {@code <br/>}, {@code <br />}, {@code <BR >}: the spellings found in IMDB and the wild. */
    private static final Pattern BREAK = Pattern.compile("<br\\s*/?\\s*>", Pattern.CASE_INSENSITIVE);

    private record Entity(String spelling, char character) {}

    private static final List<Entity> ENTITIES = List.of(new Entity("&amp;", '&'), new Entity("&lt;", '<'),
            new Entity("&gt;", '>'), new Entity("&quot;", '"'), new Entity("&#39;", '\''));

    private Html() {}

    static String strip(String text) {
        String spaced = text.indexOf('<') < 0 ? text : BREAK.matcher(text).replaceAll(" ");
        return spaced.indexOf('&') < 0 ? spaced : unescape(spaced);
    }

    /** One left-to-right pass, so "&amp;lt;" becomes the literal "&lt;" and not "<". */
    private static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            Entity entity = text.charAt(i) == '&' ? entityAt(text, i) : null;
            if (entity == null) {
                out.append(text.charAt(i));
                i++;
            } else {
                out.append(entity.character());
                i += entity.spelling().length();
            }
        }
        return out.toString();
    }

    private static Entity entityAt(String text, int i) {
        for (Entity entity : ENTITIES) {
            if (text.startsWith(entity.spelling(), i)) {
                return entity;
            }
        }
        return null;
    }
}
