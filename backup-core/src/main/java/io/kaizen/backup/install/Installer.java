package io.kaizen.backup.install;

import io.kaizen.backup.KaizenException;
import io.kaizen.backup.fs.AtomicFile;
import io.kaizen.backup.process.ChildProcess;
import io.kaizen.backup.fs.TreeRemoval;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Brings a root directory ({@code /}, or a throwaway root for tests and image builds) to the state a plan of
 * {@link Resource}s describes, and returns what it changed, or with {@code dryRun} what it would change, touching
 * nothing. Files are replaced atomically (a temporary file beside them, validated first when the resource says
 * so, then renamed). Users are made with {@code useradd}, removed with {@code userdel} ({@code --prefix ROOT} in
 * a root other than {@code /}); owners are looked up in {@code ROOT/etc/passwd} and {@code ROOT/etc/group}.
 */
public final class Installer {
    /** What happens to one resource. */
    public enum Action { CREATE, UPDATE, REMOVE }

    /** One step of a run: the resource and what was (or would be) done; empty when it was already as wanted. */
    public record Step(Resource resource, Optional<Action> action) {
    }

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private final Path root;
    private final boolean dryRun;

    public Installer(Path root, boolean dryRun) {
        this.root = root.toAbsolutePath().normalize();
        this.dryRun = dryRun;
    }

    /** Checks, and unless dry-running carries out, every resource in order. */
    public List<Step> apply(List<Resource> plan) {
        List<Step> steps = new ArrayList<>();
        for (Resource resource : plan) {
            try {
                Optional<Action> action = needed(resource);
                if (action.isPresent() && !dryRun) {
                    carry(resource);
                }
                steps.add(new Step(resource, action));
            } catch (IOException e) {
                throw new KaizenException(resource.describe() + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(steps);
    }

    private Path at(String path) {
        return root.resolve(path.substring(1));
    }

    private Optional<Action> needed(Resource resource) throws IOException {
        if (resource instanceof Resource.File f) {
            Path path = at(f.path());
            if (!Files.exists(path, NOFOLLOW)) {
                return Optional.of(Action.CREATE);
            }
            boolean same = Files.isRegularFile(path, NOFOLLOW)
                    && Arrays.equals(Files.readAllBytes(path), f.content().getBytes(StandardCharsets.UTF_8))
                    && attributesMatch(path, f.mode(), f.owner(), f.group());
            return same ? Optional.empty() : Optional.of(Action.UPDATE);
        } else if (resource instanceof Resource.Present p) {
            return presence(at(p.path()), Files.isRegularFile(at(p.path()), NOFOLLOW), p.mode(), p.owner(), p.group());
        } else if (resource instanceof Resource.Directory d) {
            return presence(at(d.path()), Files.isDirectory(at(d.path()), NOFOLLOW), d.mode(), d.owner(), d.group());
        } else if (resource instanceof Resource.Account a) {
            return id("passwd", a.name()).isPresent() ? Optional.empty() : Optional.of(Action.CREATE);
        } else if (resource instanceof Resource.KeyPair k) {
            return Files.exists(at(k.path()), NOFOLLOW) ? Optional.empty() : Optional.of(Action.CREATE);
        } else if (resource instanceof Resource.Absent a) {
            return Files.exists(at(a.path()), NOFOLLOW) ? Optional.of(Action.REMOVE) : Optional.empty();
        }
        return id("passwd", ((Resource.NoAccount) resource).name()).isPresent() ? Optional.of(Action.REMOVE)
                : Optional.empty();
    }

    private Optional<Action> presence(Path path, boolean rightType, String mode, String owner, String group) throws IOException {
        if (!Files.exists(path, NOFOLLOW)) {
            return Optional.of(Action.CREATE);
        }
        return rightType && attributesMatch(path, mode, owner, group) ? Optional.empty() : Optional.of(Action.UPDATE);
    }

    private void carry(Resource resource) throws IOException {
        if (resource instanceof Resource.File f) {
            write(f);
        } else if (resource instanceof Resource.Present p) {
            Path path = at(p.path());
            if (!Files.isRegularFile(path, NOFOLLOW)) {
                Files.createDirectories(path.getParent());
                Files.deleteIfExists(path);
                Files.createFile(path);
            }
            setAttributes(path, p.mode(), p.owner(), p.group());
        } else if (resource instanceof Resource.Directory d) {
            Path path = at(d.path());
            if (!Files.isDirectory(path, NOFOLLOW)) {
                Files.deleteIfExists(path);
                Files.createDirectories(path);
            }
            setAttributes(path, d.mode(), d.owner(), d.group());
        } else if (resource instanceof Resource.Account a) {
            run(accounts("useradd", "--system", "--comment", a.comment(), "--home-dir", a.home(), "--create-home",
                    "--shell", a.shell(), "--password", "*", a.name()));
        } else if (resource instanceof Resource.KeyPair k) {
            run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", k.comment(), "-f", at(k.path()).toString()));
        } else if (resource instanceof Resource.Absent a) {
            TreeRemoval.delete(at(a.path()));
        } else {
            String name = ((Resource.NoAccount) resource).name();
            Optional<String> home = entry("passwd", name).map(fields -> fields[5]);
            run(accounts("userdel", name));
            Optional<Path> leftover = home.filter(h -> h.startsWith("/") && !h.equals("/")).map(this::at)
                    .filter(h -> Files.isDirectory(h, NOFOLLOW));
            if (leftover.isPresent()) {
                TreeRemoval.delete(leftover.get());
            }
        }
    }

    /** useradd/userdel on the root: plain on {@code /}, with {@code --prefix ROOT} elsewhere. */
    private List<String> accounts(String command, String... args) {
        List<String> argv = new ArrayList<>(List.of(command));
        if (!root.equals(root.getRoot())) {
            argv.addAll(List.of("--prefix", root.toString()));
        }
        argv.addAll(List.of(args));
        return argv;
    }

    private void write(Resource.File f) throws IOException {
        Path target = at(f.path());
        Files.createDirectories(target.getParent());
        AtomicFile.write(target, null, out -> out.write(f.content().getBytes(StandardCharsets.UTF_8)), temp -> {
            setAttributes(temp, f.mode(), f.owner(), f.group());
            if (!f.validate().isEmpty()) {
                run(f.validate().stream().map(arg -> arg.equals("%") ? temp.toString() : arg).toList());
            }
            if (Files.isDirectory(target, NOFOLLOW)) {
                TreeRemoval.delete(target);
            }
        });
    }

    private static void run(List<String> argv) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ChildProcess.Outcome outcome = ChildProcess.run(argv, stdout);
        if (!outcome.succeeded()) {
            String said = (stdout.toString(StandardCharsets.UTF_8) + "\n" + outcome.stderr()).strip().replace('\n', ' ');
            throw new KaizenException(String.join(" ", argv) + " failed (exit " + outcome.exitCode() + "): " + said);
        }
    }

    private boolean attributesMatch(Path path, String mode, String owner, String group) throws IOException {
        OptionalInt uid = id("passwd", owner);
        OptionalInt gid = id("group", group);
        return Files.getPosixFilePermissions(path, NOFOLLOW).equals(permissions(mode))
                && uid.isPresent() && uid.getAsInt() == (int) Files.getAttribute(path, "unix:uid", NOFOLLOW)
                && gid.isPresent() && gid.getAsInt() == (int) Files.getAttribute(path, "unix:gid", NOFOLLOW);
    }

    private void setAttributes(Path path, String mode, String owner, String group) throws IOException {
        int uid = id("passwd", owner).orElseThrow(() -> new KaizenException("no user " + owner + " in " + at("/etc/passwd")));
        int gid = id("group", group).orElseThrow(() -> new KaizenException("no group " + group + " in " + at("/etc/group")));
        Files.setAttribute(path, "unix:uid", uid, NOFOLLOW);
        Files.setAttribute(path, "unix:gid", gid, NOFOLLOW);
        Files.setPosixFilePermissions(path, permissions(mode));
    }

    /** The numeric id of a user ({@code passwd}) or group ({@code group}) of the root. */
    private OptionalInt id(String database, String name) throws IOException {
        return entry(database, name).map(fields -> OptionalInt.of(Integer.parseInt(fields[2]))).orElse(OptionalInt.empty());
    }

    private Optional<String[]> entry(String database, String name) throws IOException {
        Path file = at("/etc/" + database);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(line -> line.split(":", -1))
                .filter(fields -> fields.length >= 4 && fields[0].equals(name)).findFirst();
    }

    /** {@code 0640} as permissions. */
    static Set<PosixFilePermission> permissions(String octal) {
        int bits = Integer.parseInt(octal, 8);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        Set<PosixFilePermission> permissions = java.util.EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < order.length; i++) {
            if ((bits & (1 << i)) != 0) {
                permissions.add(order[i]);
            }
        }
        return permissions;
    }
}
