package io.kaizen.backup.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kaizen.backup.ConfigException;
import io.kaizen.backup.inventory.Inventory;
import io.kaizen.backup.inventory.Node;
import io.kaizen.backup.inventory.StaticInventory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Reads configuration files strictly; every error names the file and, where it can, the line. */
public final class ConfigLoader {
    /**
     * A record's complaint that starts with the key at fault ({@code timeout: must be ...}): the parser reports it
     * where the record ends, the key's own line is the better place.
     */
    private static final Pattern LEADING_KEY = Pattern.compile("([a-z][a-z0-9-]*): ");
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

    public static CollectorConfig loadCollector(Path file) {
        return load(file, CollectorConfig.class);
    }

    public static OffsiteConfig loadOffsite(Path file) {
        return load(file, OffsiteConfig.class);
    }

    /**
     * An inventory: a static YAML file ({@link InventoryFile}), or a directory holding one YAML file per node
     * ({@link NodeEntry}; the node's name defaults to the file's name without {@code .yaml}). In a directory only
     * {@code *.yaml} and {@code *.yml} files not starting with '.' are read, in name order.
     */
    public static Inventory loadInventory(Path path) {
        if (Files.isDirectory(path)) {
            return new StaticInventory(directory(path, NodeEntry.Defaults.BUILT_IN), path.toString());
        }
        InventoryFile file = load(path, InventoryFile.class);
        NodeEntry.Defaults defaults = NodeEntry.Defaults.BUILT_IN.over(file.user(), file.port(), file.store());
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < file.nodes().size(); i++) {
            NodeEntry entry = file.nodes().get(i);
            if (entry.name() == null) {
                throw new ConfigException(path + ": nodes[" + (i + 1) + "] (host " + entry.host() + ") needs 'name:'");
            }
            nodes.add(entry.toNode(entry.name(), defaults));
        }
        if (file.inventory() != null) {
            Path dir = path.toAbsolutePath().getParent().resolve(file.inventory().directory());
            if (!Files.isDirectory(dir)) {
                throw new ConfigException(path + ": inventory directory " + dir + " does not exist");
            }
            nodes.addAll(directory(dir, defaults));
        }
        if (nodes.isEmpty()) {
            throw new ConfigException(path + ": no nodes (give 'nodes:' or 'inventory: {directory: ...}')");
        }
        return new StaticInventory(nodes, path.toString());
    }

    private static List<Node> directory(Path dir, NodeEntry.Defaults defaults) {
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> {
                String name = p.getFileName().toString();
                return !name.startsWith(".") && (name.endsWith(".yaml") || name.endsWith(".yml")) && Files.isRegularFile(p);
            }).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException("cannot list inventory directory " + dir + ": " + e.getMessage(), e);
        }
        List<Node> nodes = new ArrayList<>();
        for (Path file : files) {
            String base = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
            NodeEntry entry = load(file, NodeEntry.class);
            try {
                nodes.add(entry.toNode(base, defaults));
            } catch (ConfigException e) {
                throw new ConfigException(file + ": " + e.getMessage(), e);
            }
        }
        return nodes;
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
        } catch (ValueInstantiationException e) {
            throw new ConfigException(unknownKey(file, type).orElseGet(() -> describe(file, e)), e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(describe(file, e), e);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Jackson checks a record's keys only after building it, so a typo'd key can surface as the record's own
     * complaint ("needs a path"); the typo is the better message, so look for one first.
     */
    private static Optional<String> unknownKey(Path file, Class<?> type) {
        try {
            return firstUnknown(YAML.readTree(file.toFile()), type, "")
                    .map(key -> file + ":" + lineOfKey(file, key.substring(key.lastIndexOf('.') + 1), Integer.MAX_VALUE)
                            + ": unknown key '" + key.substring(key.lastIndexOf('.') + 1) + "'"
                            + (key.contains(".") ? " in " + key.substring(0, key.lastIndexOf('.')) : ""));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> firstUnknown(JsonNode node, Type type, String path) {
        if (type instanceof ParameterizedType list && list.getRawType() == List.class && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<String> found = firstUnknown(node.get(i), list.getActualTypeArguments()[0], path + "[" + (i + 1) + "]");
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        if (type instanceof Class<?> record && record.isRecord() && node.isObject()) {
            Map<String, Type> known = new HashMap<>();
            for (RecordComponent component : record.getRecordComponents()) {
                JsonProperty renamed = component.getAccessor().getAnnotation(JsonProperty.class);
                known.put(renamed != null ? renamed.value() : component.getName(), component.getGenericType());
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                String here = path.isEmpty() ? name : path + "." + name;
                Optional<String> found = known.containsKey(name)
                        ? firstUnknown(node.get(name), known.get(name), here) : Optional.of(here);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static String describe(Path file, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        int line = at == null ? 0 : at.getLineNr();
        String key = e instanceof JsonMappingException mapping ? keyPath(mapping) : "";
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
            String parent = key.contains(".") ? key.substring(0, key.lastIndexOf('.')) : "";
            return file + ":" + lineOfKey(file, unknown.getPropertyName(), line) + ": unknown key '"
                    + unknown.getPropertyName() + "'" + (parent.isEmpty() ? "" : " in " + parent)
                    + " (known keys here: " + known + ")";
        }
        String where = file + (line < 1 ? "" : ":" + line);
        if (e instanceof ValueInstantiationException invalid) {
            Throwable cause = invalid.getCause() != null ? invalid.getCause() : invalid;
            Matcher named = LEADING_KEY.matcher(String.valueOf(cause.getMessage()));
            int keyLine = named.lookingAt() ? lineOfKey(file, named.group(1), line) : line;
            return file + (keyLine < 1 ? "" : ":" + keyLine) + ": " + (key.isEmpty() ? "" : key + ": ")
                    + cause.getMessage();
        }
        return where + ": " + (key.isEmpty() ? "" : key + ": ") + e.getOriginalMessage().split("\n")[0];
    }

    /**
     * The parser reports an unknown key where it stopped skipping its value, which can be lines later; the key
     * itself is on the nearest line at or before that which names it.
     */
    private static int lineOfKey(Path file, String key, int reported) {
        try {
            List<String> lines = Files.readAllLines(file);
            Pattern named = Pattern.compile("(^|[\\s{,-])" + Pattern.quote(key) + "\\s*:");
            for (int i = Math.min(reported, lines.size()) - 1; i >= 0; i--) {
                if (named.matcher(lines.get(i)).find()) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            return reported;
        }
        return reported;
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
