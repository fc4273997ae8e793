package io.getty.examples;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Node.js tools for the tests (puppeteer-core for the browser test): node itself must be installed (the test is skipped otherwise), and the
 * npm packages a test needs are installed once into {@code target/node-deps} from the npm registry (skipped
 * too when that fails, on a machine without the registry).
 */
final class NodeTools {
    static final Path DEPS = Path.of("target", "node-deps").toAbsolutePath();

    private NodeTools() {
    }

    /** Makes sure node runs and {@code packages} are installed; skips the test otherwise. */
    static synchronized void require(String... packages) throws IOException, InterruptedException {
        Assumptions.assumeTrue(runs("node", "--version"), "node is not installed");
        List<String> missing = new ArrayList<>();
        for (String p : packages) {
            String name = p.lastIndexOf('@') > 0 ? p.substring(0, p.lastIndexOf('@')) : p;
            if (!Files.isDirectory(DEPS.resolve("node_modules").resolve(name))) {
                missing.add(p);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        Assumptions.assumeTrue(runs("npm", "--version"), "npm is not installed");
        Files.createDirectories(DEPS);
        List<String> command = new ArrayList<>(List.of("npm", "install", "--no-audit", "--no-fund", "--no-save",
                "--loglevel=error", "--prefix", DEPS.toString()));
        command.addAll(missing);
        Process npm = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(DEPS.resolve("npm-install.log").toFile()).start();
        boolean done = npm.waitFor(180, TimeUnit.SECONDS);
        if (!done) {
            npm.destroyForcibly();
        }
        Assumptions.assumeTrue(done && npm.exitValue() == 0,
                "npm install " + missing + " failed: see " + DEPS.resolve("npm-install.log"));
    }

    /** Runs {@code node script args...} with the installed packages; returns its exit code and output. */
    static Result node(String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", resource(script).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("NODE_PATH", DEPS.resolve("node_modules").toString());
        Process node = builder.start();
        if (!node.waitFor(60, TimeUnit.SECONDS)) {
            node.destroyForcibly();
            return new Result(-1, new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8) + " (timed out)");
        }
        return new Result(node.exitValue(), new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    record Result(int exitCode, String output) {
    }

    private static Path resource(String name) {
        try {
            return Path.of(NodeTools.class.getResource("/node/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
