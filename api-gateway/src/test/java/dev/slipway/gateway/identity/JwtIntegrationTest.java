package dev.slipway.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.slipway.gateway.GatewayTestSupport;
import dev.slipway.gateway.TestApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * JWTs of an identity provider, configured through Boot's resource-server properties (here a public
 * key file), sign users in beside API tokens: the user from {@code preferred_username}, the role from
 * {@code slipway_role}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JwtIntegrationTest {

    private static final KeyPair PROVIDER = keyPair();
    private static final KeyPair IMPOSTOR = keyPair();

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) throws IOException {
        GatewayTestSupport.services(registry);
        Path key = Files.createTempFile("idp-", ".pem");
        key.toFile().deleteOnExit();
        Files.writeString(
                key,
                "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder()
                                .encodeToString(PROVIDER.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n");
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> "file:" + key);
    }

    @LocalServerPort
    int port;

    @Test
    void aJwtOfTheProviderSignsInItsUserWithTheRoleItsClaimNames() throws Exception {
        TestApi api = TestApi.admin(port);

        JsonNode operator = api.as(jwt(PROVIDER, "olga", "operator"))
                .expect(200, api.as(jwt(PROVIDER, "olga", "operator")).get("/api/v1/me"));
        JsonNode user = api.as(jwt(PROVIDER, "ulrich", null))
                .expect(200, api.as(jwt(PROVIDER, "ulrich", null)).get("/api/v1/me"));

        assertThat(operator.get("name").asString()).isEqualTo("olga");
        assertThat(operator.get("role").asString()).isEqualTo("operator");
        assertThat(user.get("role").asString()).isEqualTo("user");
    }

    @Test
    void aJwtSignedByAnyoneElseIsRefusedAndApiTokensStillWork() throws Exception {
        TestApi api = TestApi.admin(port);

        assertThat(api.as(jwt(IMPOSTOR, "mallory", "admin")).get("/api/v1/me").statusCode())
                .isEqualTo(401);
        assertThat(api.get("/api/v1/me").statusCode()).isEqualTo(200);
    }

    @SuppressWarnings("JavaUtilDate") // the JWT library's claims take Dates
    private static String jwt(KeyPair key, String user, String role) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject("sub-" + user)
                .claim("preferred_username", user)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(300)));
        if (role != null) {
            claims.claim("slipway_role", role);
        }
        SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims.build());
        token.sign(new RSASSASigner((RSAPrivateKey) key.getPrivate()));
        return token.serialize();
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
