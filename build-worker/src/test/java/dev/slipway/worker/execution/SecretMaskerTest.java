package dev.slipway.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretMaskerTest {

    @Test
    void everyOccurrenceOfASecretInALineIsMasked() {
        SecretMasker masker = SecretMasker.of(List.of("hunter22", "s3cr3t-token"));

        assertThat(masked(masker, "password=hunter22 and again hunter22, token s3cr3t-token."))
                .isEqualTo("password=[MASKED] and again [MASKED], token [MASKED].");
    }

    @Test
    void aLineWithoutSecretsIsHandedOnAsIsWithoutACopy() {
        SecretMasker masker = SecretMasker.of(List.of("hunter22"));
        byte[] line = "xxnothing to see herexx".getBytes(StandardCharsets.UTF_8);

        SecretMasker.Line result = masker.mask(line, 2, line.length - 4);

        assertThat(result.bytes()).isSameAs(line);
        assertThat(result.offset()).isEqualTo(2);
        assertThat(result.length()).isEqualTo(line.length - 4);
    }

    @Test
    void valuesShorterThanSixCharactersAreNotMaskedAndALongerValueWinsOverOneItContains() {
        SecretMasker masker = SecretMasker.of(List.of("short", "abcdef", "abcdefghij"));

        assertThat(masked(masker, "short abcdefghij abcdef")).isEqualTo("short [MASKED] [MASKED]");
        assertThat(SecretMasker.of(List.of("tiny")).masksNothing()).isTrue();
    }

    @Test
    void multiByteSecretsAreFoundInAnyPartOfALine() {
        SecretMasker masker = SecretMasker.of(List.of("pässwörd✓"));

        assertThat(masked(masker, "ünïcode pässwörd✓!")).isEqualTo("ünïcode [MASKED]!");
    }

    private static String masked(SecretMasker masker, String text) {
        byte[] bytes = ("<" + text + ">").getBytes(StandardCharsets.UTF_8);
        SecretMasker.Line line = masker.mask(bytes, 1, bytes.length - 2);
        return new String(line.bytes(), line.offset(), line.length(), StandardCharsets.UTF_8);
    }
}
