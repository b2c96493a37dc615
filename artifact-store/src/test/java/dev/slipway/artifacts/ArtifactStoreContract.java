package dev.slipway.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What every {@link ArtifactStore} owes, run against each adapter by a test of its own. */
public abstract class ArtifactStoreContract {

    /** A fresh, empty store. */
    protected abstract ArtifactStore store();

    @Test
    void anObjectComesBackWholeWithItsSizeAndSha256() throws Exception {
        byte[] bytes = random(300_000);
        ObjectKey key = ObjectKey.of("jobs", "j1", "out", "sub", "b.bin");

        StoredObject stored = store().put(key, new ByteArrayInputStream(bytes), 1 << 20);

        assertThat(stored).isEqualTo(new StoredObject(key, bytes.length, sha256(bytes)));
        assertThat(store().size(key)).contains((long) bytes.length);
        try (InputStream in = store().open(key, 0, -1)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void aRangeIsTheBytesAskedFor() throws Exception {
        byte[] bytes = random(10_000);
        ObjectKey key = ObjectKey.of("jobs", "j2", "a.bin");
        store().put(key, new ByteArrayInputStream(bytes), 1 << 20);

        try (InputStream in = store().open(key, 1000, 500)) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 1000, 1500));
        }
        try (InputStream in = store().open(key, 9_990, -1)) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 9_990, 10_000));
        }
        try (InputStream in = store().open(key, 0, 0)) {
            assertThat(in.readAllBytes()).isEmpty();
        }
    }

    @Test
    void anEmptyObjectIsAnObject() throws Exception {
        ObjectKey key = ObjectKey.of("jobs", "j3", "empty");

        assertThat(store().put(key, InputStream.nullInputStream(), 10).size()).isZero();

        assertThat(store().size(key)).contains(0L);
        try (InputStream in = store().open(key, 0, -1)) {
            assertThat(in.readAllBytes()).isEmpty();
        }
    }

    @Test
    void aKeyPutTwiceHoldsTheSecond() throws Exception {
        ObjectKey key = ObjectKey.of("uploads", "u1");
        store().put(key, new ByteArrayInputStream(new byte[] {1, 2, 3}), 10);

        store().put(key, new ByteArrayInputStream(new byte[] {4, 5}), 10);

        try (InputStream in = store().open(key, 0, -1)) {
            assertThat(in.readAllBytes()).containsExactly(4, 5);
        }
    }

    @Test
    void anObjectPastItsLimitLeavesNothing() {
        ObjectKey key = ObjectKey.of("jobs", "j4", "big");
        InputStream endless =
                new SequenceInputStream(new ByteArrayInputStream(random(1000)), new ByteArrayInputStream(random(1000)));

        assertThatThrownBy(() -> store().put(key, endless, 1500))
                .isInstanceOf(TooLargeException.class)
                .hasMessageContaining("1500");

        assertThat(store().size(key)).isEmpty();
    }

    @Test
    void aMissingObjectIsSaidSo() {
        ObjectKey key = ObjectKey.of("jobs", "nothing", "here");

        assertThat(store().size(key)).isEmpty();
        assertThatThrownBy(() -> store().open(key, 0, -1)).isInstanceOf(NoSuchObjectException.class);
        store().delete(key); // no error
    }

    @Test
    void deletingAPrefixRemovesItsObjectsOnly() throws Exception {
        ObjectKey mine = ObjectKey.of("jobs", "j5", "a");
        ObjectKey nested = ObjectKey.of("jobs", "j5", "deep", "b");
        ObjectKey neighbour = ObjectKey.of("jobs", "j50", "a");
        for (ObjectKey key : new ObjectKey[] {mine, nested, neighbour}) {
            store().put(key, new ByteArrayInputStream(new byte[] {7}), 10);
        }

        store().deleteAll(ObjectKey.of("jobs", "j5"));

        assertThat(store().size(mine)).isEmpty();
        assertThat(store().size(nested)).isEmpty();
        assertThat(store().size(neighbour)).contains(1L);
        store().delete(neighbour);
        assertThat(store().size(neighbour)).isEmpty();
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
