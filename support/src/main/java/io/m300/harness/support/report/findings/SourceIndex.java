package io.m300.harness.support.report.findings;

import io.m300.harness.support.HarnessException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Which block of which file declares each Terraform address of a configuration: the root module's
 * {@code .tf} files and, through its {@code module} calls with a local {@code source}, every module
 * below it ({@code module.net.aws_subnet.app}). An override file ({@code *_override.tf}) declares
 * nothing but changes a block: it is kept as the block's override, which is where a mutant (or a
 * local override) changed the resource. Instance keys ({@code [0]}, {@code ["a"]}) of {@code count}
 * and {@code for_each} all point at their one block.
 */
public final class SourceIndex {

    /** Where an address is declared, and where an override file changes it (null when none does). */
    public record Declaration(SourceLocation declared, SourceLocation overridden) {
        /** The block that decides what was deployed: the override when there is one. */
        public SourceLocation effective() {
            return overridden != null ? overridden : declared;
        }
    }

    private final Map<String, SourceLocation> declared = new LinkedHashMap<>();
    private final Map<String, SourceLocation> overrides = new LinkedHashMap<>();

    private SourceIndex() {}

    /**
     * Indexes the configuration whose root module is {@code root}; {@code display} names a file as the
     * findings show it (its path in the repository).
     */
    public static SourceIndex of(Path root, Function<Path, String> display) {
        SourceIndex index = new SourceIndex();
        index.module(root.toAbsolutePath().normalize(), "", display, new HashSet<>());
        return index;
    }

    /** The declaration of an address (module path and instance keys allowed), if a block declares it. */
    public Optional<Declaration> locate(String address) {
        String key = blockAddress(address);
        SourceLocation d = declared.get(key);
        SourceLocation o = overrides.get(key);
        return d == null && o == null ? Optional.empty() : Optional.of(new Declaration(d, o));
    }

    /** Every declared address, without instance keys. */
    public Set<String> addresses() {
        return declared.keySet();
    }

    /** {@code module.a["x"].module.b.aws_t.n[0]} → {@code module.a.module.b.aws_t.n}. */
    static String blockAddress(String address) {
        StringBuilder b = new StringBuilder();
        boolean inQuote = false;
        int bracket = 0;
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (bracket > 0) {
                if (c == '"') {
                    inQuote = !inQuote;
                } else if (c == '\\' && inQuote) {
                    i++;
                } else if (c == ']' && !inQuote) {
                    bracket--;
                }
            } else if (c == '[') {
                bracket++;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private void module(Path dir, String prefix, Function<Path, String> display, Set<Path> seen) {
        if (!seen.add(dir) || !Files.isDirectory(dir)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".tf") && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new HarnessException("cannot list the Terraform files of " + dir + ": " + e.getMessage());
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            boolean override = name.equals("override.tf") || name.endsWith("_override.tf");
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new HarnessException("cannot read " + file + ": " + e.getMessage());
            }
            for (HclBlocks.Block block : HclBlocks.scan(text)) {
                String address = switch (block.kind()) {
                    case "resource" -> prefix + block.label(0) + "." + block.label(1);
                    case "data" -> prefix + "data." + block.label(0) + "." + block.label(1);
                    case "module" -> prefix + "module." + block.label(0);
                    default -> null;
                };
                if (address == null) {
                    continue;
                }
                SourceLocation where = new SourceLocation(display.apply(file), block.line());
                (override ? overrides : declared).putIfAbsent(address, where);
                String source = block.attributes().get("source");
                if (block.kind().equals("module")
                        && !override
                        && source != null
                        && (source.startsWith("./") || source.startsWith("../"))) {
                    module(dir.resolve(source).normalize(), address + ".", display, seen);
                }
            }
        }
    }
}
