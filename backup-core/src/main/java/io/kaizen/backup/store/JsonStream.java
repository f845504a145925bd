package io.kaizen.backup.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * jackson-core's streaming reader and writer, for the small records read or written on every start of
 * {@code kaizen serve} (the session lock's holder, each snapshot's manifest): the same JSON as {@link Json#mapper()}
 * reads and writes, without starting Jackson's data binding, whose start (mapper, modules, reflection on the record
 * types; about 600 classes) costs more than the agent's whole answer to an up-to-date collector.
 */
final class JsonStream {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonStream() {
    }

    /** Writes one value. */
    interface Writer {
        void write(JsonGenerator out) throws IOException;
    }

    /** Reads one field's value; the parser is at the value, and must be left at its last token. */
    interface FieldReader {
        void read(String field, JsonParser in) throws IOException;
    }

    /** Reads one element of an array; the parser is at the element, and must be left at its last token. */
    interface ElementReader<T> {
        T read(JsonParser in) throws IOException;
    }

    /** What {@code writer} writes, laid out as {@link Json#mapper()} lays it out (its default pretty printer). */
    static byte[] write(Writer writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (JsonGenerator out = FACTORY.createGenerator(bytes)) {
            out.useDefaultPrettyPrinter();
            writer.write(out);
        }
        return bytes.toByteArray();
    }

    /** Reads the one object {@code content} holds, field by field (content after it is ignored, as the mapper does). */
    static void readObject(byte[] content, FieldReader fields) throws IOException {
        try (JsonParser in = FACTORY.createParser(content)) {
            in.nextToken();
            object(in, fields);
        }
    }

    /**
     * Reads the object the parser is at, field by field; the reader skips the fields it does not know
     * ({@link JsonParser#skipChildren}), as the mapper ignores unknown properties.
     */
    static void object(JsonParser in, FieldReader fields) throws IOException {
        expect(in, JsonToken.START_OBJECT);
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String field = in.currentName();
            in.nextToken();
            fields.read(field, in);
        }
        expect(in, JsonToken.END_OBJECT);
    }

    /** Whether the parser is at a JSON null. */
    static boolean isNull(JsonParser in) {
        return in.currentToken() == JsonToken.VALUE_NULL;
    }

    /** The string (or null) the parser is at. */
    static String string(JsonParser in) throws IOException {
        JsonToken token = in.currentToken();
        if (isNull(in)) {
            return null;
        }
        if (token == null || !token.isScalarValue()) {
            throw new JsonParseException(in, "expected a string, found " + token);
        }
        return in.getText();
    }

    /** The whole number the parser is at; null counts as 0, as the mapper reads it into a primitive. */
    static long number(JsonParser in) throws IOException {
        if (isNull(in)) {
            return 0;
        }
        expect(in, JsonToken.VALUE_NUMBER_INT);
        return in.getLongValue();
    }

    /** The boolean (or null) the parser is at. */
    static Boolean bool(JsonParser in) throws IOException {
        return switch (in.currentToken()) {
            case VALUE_NULL -> null;
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            default -> throw new JsonParseException(in, "expected true or false, found " + in.currentToken());
        };
    }

    /** The instant (ISO-8601, as the mapper writes it) or null the parser is at. */
    static Instant instant(JsonParser in) throws IOException {
        String text = string(in);
        return text == null ? null : Instant.parse(text);
    }

    /** The array (or null) the parser is at, element by element. */
    static <T> List<T> list(JsonParser in, ElementReader<T> elements) throws IOException {
        if (isNull(in)) {
            return null;
        }
        expect(in, JsonToken.START_ARRAY);
        List<T> list = new ArrayList<>();
        while (in.nextToken() != JsonToken.END_ARRAY) {
            list.add(elements.read(in));
        }
        return list;
    }

    /** Writes {@code value}, or null. */
    static void writeInstant(JsonGenerator out, String field, Instant value) throws IOException {
        out.writeStringField(field, value == null ? null : value.toString());
    }

    private static void expect(JsonParser in, JsonToken token) throws IOException {
        if (in.currentToken() != token) {
            throw new JsonParseException(in, "expected " + token + ", found " + in.currentToken());
        }
    }
}
