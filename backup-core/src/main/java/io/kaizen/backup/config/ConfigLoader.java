package io.kaizen.backup.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kaizen.backup.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Reads configuration files strictly; every error names the file and, where it can, the line. */
public final class ConfigLoader {
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private ConfigLoader() {
    }

    public static NodeConfig loadNode(Path file) {
        return load(file, NodeConfig.class);
    }

    static <T> T load(Path file, Class<T> type) {
        try {
            if (Files.size(file) == 0) {
                throw new ConfigException(file + ": the file is empty");
            }
            T value = YAML.readValue(file.toFile(), type);
            if (value == null) {
                throw new ConfigException(file + ": the file holds no settings");
            }
            return value;
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (JsonProcessingException e) {
            throw new ConfigException(describe(file, e), e);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String describe(Path file, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = file + (at == null || at.getLineNr() < 1 ? "" : ":" + at.getLineNr());
        String key = e instanceof JsonMappingException mapping ? keyPath(mapping) : "";
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
            return where + ": unknown key '" + unknown.getPropertyName() + "'" + (key.isEmpty() ? "" : " in " + key)
                    + " (known keys here: " + known + ")";
        }
        if (e instanceof ValueInstantiationException invalid) {
            Throwable cause = invalid.getCause() != null ? invalid.getCause() : invalid;
            return where + ": " + (key.isEmpty() ? "" : key + ": ") + cause.getMessage();
        }
        return where + ": " + (key.isEmpty() ? "" : key + ": ") + e.getOriginalMessage().split("\n")[0];
    }

    private static String keyPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex() + 1).append(']');
            }
        }
        return path.toString();
    }
}
