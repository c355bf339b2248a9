package ai.sahha.bridge.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.concurrent.atomic.AtomicBoolean;

import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * An H2 file system over the real one whose writes fail with "No space left on device" while {@link #FULL} is set,
 * as a full disk's do. H2 opens it for database URLs of the form {@code jdbc:h2:diskfull:/path/to/db}.
 */
public final class DiskFullFileSystem extends FilePathWrapper {

    public static final AtomicBoolean FULL = new AtomicBoolean();

    /** Makes the {@code diskfull:} prefix known to H2 in this JVM. */
    public static void register() {
        FilePath.register(new DiskFullFileSystem());
    }

    @Override
    public String getScheme() {
        return "diskfull";
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return new Channel(getBase().open(mode));
    }

    private static final class Channel extends FileBase {

        private final FileChannel base;

        Channel(FileChannel base) {
            this.base = base;
        }

        private static void failWhenFull() throws IOException {
            if (FULL.get()) {
                throw new IOException("No space left on device");
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return base.read(dst);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return base.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            failWhenFull();
            return base.write(src);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            failWhenFull();
            return base.write(src, position);
        }

        @Override
        public long position() throws IOException {
            return base.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            base.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return base.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            failWhenFull();
            base.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            failWhenFull();
            base.force(metaData);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return base.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            base.close();
        }
    }
}
