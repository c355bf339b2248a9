package ai.sahha.bridge.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A fresh folder for a test's embedded database. */
public final class TestDataDirs {

    private TestDataDirs() {
    }

    public static Path create(String name) {
        try {
            return Files.createTempDirectory("bridge-" + name + "-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
