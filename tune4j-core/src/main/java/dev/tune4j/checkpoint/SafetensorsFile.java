package dev.tune4j.checkpoint;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The contents of a safetensors file: tensors in header order and the {@code __metadata__} strings.
 *
 * <p>Tensors read by {@link Safetensors#read} are views of one read-only memory map, which stays valid
 * for as long as any tensor is reachable; there is nothing to close.
 */
public record SafetensorsFile(Path file, Map<String, HostTensor> tensors, Map<String, String> metadata) {

    public SafetensorsFile {
        Objects.requireNonNull(file, "file");
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    public HostTensor tensor(String name) {
        HostTensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new IllegalArgumentException("no tensor '" + name + "' in " + file);
        }
        return tensor;
    }
}
