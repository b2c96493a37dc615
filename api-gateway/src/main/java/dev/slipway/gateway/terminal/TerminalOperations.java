package dev.slipway.gateway.terminal;

import dev.slipway.gateway.environment.EnvironmentStore;
import dev.slipway.gateway.identity.Caller;
import dev.slipway.gateway.identity.Role;
import dev.slipway.gateway.identity.TokenSecrets;
import dev.slipway.gateway.problem.ConflictException;
import dev.slipway.gateway.problem.NoAnswerException;
import dev.slipway.gateway.problem.NotFoundException;
import dev.slipway.model.EnvironmentId;
import dev.slipway.model.EnvironmentRecord;
import dev.slipway.model.EnvironmentState;
import dev.slipway.model.TerminalEnd;
import dev.slipway.model.TerminalSession;
import dev.slipway.model.TerminalState;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

/**
 * What users ask of terminal sessions. Opening one is a permission of its own: the environment's
 * owner and admins have it, and read access (operators) does not imply it. Of an open session, its
 * owner gets tickets that type; an admin gets tickets that only watch; anyone else is told it does
 * not exist.
 */
@Service
class TerminalOperations {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** After its cap, a session's record outlives it this long, for a client to learn why it ended. */
    private static final Duration KEPT_AFTER_CAP = Duration.ofHours(1);

    private final TerminalStore store;
    private final EnvironmentStore environments;
    private final TerminalProperties properties;
    private final Clock clock;

    TerminalOperations(TerminalStore store, EnvironmentStore environments, TerminalProperties properties, Clock clock) {
        this.store = store;
        this.environments = environments;
        this.properties = properties;
        this.clock = clock;
    }

    /** Opens a session in a running environment, once its worker says the shell runs, and a ticket to it. */
    TerminalTicketView open(Caller caller, String environmentId, int cols, int rows) {
        EnvironmentRecord environment = environment(caller, environmentId);
        if (environment.state() != EnvironmentState.RUNNING || environment.workerId() == null) {
            throw new ConflictException(
                    "environment-state",
                    "Wrong environment state",
                    "Environment '" + environment.id() + "' is " + environment.state()
                            + "; a terminal can be opened only when it is RUNNING.",
                    Map.of("state", environment.state().name()));
        }
        Instant now = clock.instant();
        TerminalSession session = new TerminalSession(
                UUID.randomUUID().toString(),
                environment.id(),
                caller.name(),
                environment.workerId(),
                TerminalState.OPENING,
                cols,
                rows,
                now,
                properties.idleTimeout().toSeconds(),
                now.plus(properties.maxDuration()),
                null,
                null,
                null);
        store.create(session, properties.maxDuration().plus(KEPT_AFTER_CAP));
        Optional<String> answer = store.awaitOpened(session.id(), properties.openTimeout());
        if (answer.isEmpty()) {
            // should the worker open it late, this ends it at once
            store.requestClose(session, "gateway: no answer to the open");
            throw new NoAnswerException(
                    "terminal-not-opened",
                    "Terminal not opened",
                    "Worker " + environment.workerId() + " did not start the shell within "
                            + properties.openTimeout().toSeconds() + " s; is it running?");
        }
        if (!answer.get().equals("open")) {
            throw new ConflictException("terminal-not-opened", "Terminal not opened", answer.get());
        }
        return ticket(session, caller.name(), caller.role(), AttachMode.WRITE);
    }

    /** A fresh ticket to reattach to (or, for an admin, watch) a session that is not over. */
    TerminalTicketView reattach(Caller caller, String sessionId) {
        TerminalSession session = attachable(visible(caller, sessionId));
        return ticket(session, caller.name(), caller.role(), modeOf(caller, session));
    }

    /** Asks the session's worker to end it; answers the session as it is until the worker has. */
    TerminalSession close(Caller caller, String sessionId) {
        TerminalSession session = visible(caller, sessionId);
        if (session.state() != TerminalState.ENDED) {
            store.requestClose(session, caller.name());
        }
        return session;
    }

    TerminalSession get(Caller caller, String sessionId) {
        return visible(caller, sessionId);
    }

    /** The sessions of an environment that are not over, to its owner and admins. */
    List<TerminalSession> ofEnvironment(Caller caller, String environmentId) {
        EnvironmentRecord environment = environment(caller, environmentId);
        return store.ofEnvironment(environment.id()).stream()
                .filter(session -> caller.isAdmin() || session.owner().equals(caller.name()))
                .toList();
    }

    /**
     * The attachment a ticket grants, for the session it names; the ticket is spent whatever the
     * outcome.
     */
    Attachment redeem(String secret, String sessionId, String source) {
        TerminalTicket ticket = store.takeTicket(TokenSecrets.sha256(secret))
                .orElseThrow(() -> new TicketRefusedException("the ticket is unknown, used or expired"));
        if (!ticket.sessionId().equals(sessionId)) {
            throw new TicketRefusedException("the ticket is for another session");
        }
        TerminalSession session = attachable(store.find(sessionId)
                .filter(found -> found.environmentId().equals(ticket.environmentId()))
                .orElseThrow(() -> notFound(sessionId)));
        return new Attachment(session, ticket.user(), ticket.role(), ticket.mode(), source);
    }

    /** The attachment of a client that sent its token on the upgrade instead of a ticket. */
    Attachment attach(Caller caller, String sessionId, String source) {
        TerminalSession session = attachable(visible(caller, sessionId));
        return new Attachment(session, caller.name(), caller.role(), modeOf(caller, session), source);
    }

    private TerminalTicketView ticket(TerminalSession session, String user, Role role, AttachMode mode) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        store.saveTicket(
                TokenSecrets.sha256(secret),
                new TerminalTicket(session.id(), session.environmentId(), user, role, mode),
                properties.ticketTtl());
        return new TerminalTicketView(
                session.id(),
                secret,
                properties.ticketTtl().toSeconds(),
                mode,
                "/api/v1/terminals/" + session.id() + "/ws?ticket=" + secret);
    }

    private static AttachMode modeOf(Caller caller, TerminalSession session) {
        return session.owner().equals(caller.name()) ? AttachMode.WRITE : AttachMode.WATCH;
    }

    /** The session, to its owner and admins; to anyone else it does not exist. */
    private TerminalSession visible(Caller caller, String sessionId) {
        if (!wellFormed(sessionId)) {
            throw notFound(sessionId);
        }
        return store.find(sessionId)
                .filter(session -> caller.isAdmin() || session.owner().equals(caller.name()))
                .orElseThrow(() -> notFound(sessionId));
    }

    /**
     * The session, if a client may attach to it now: it is open and its environment runs (a LOST
     * environment's worker is silent, and a stopped one's shells are gone).
     */
    private TerminalSession attachable(TerminalSession session) {
        TerminalSession open = live(session);
        EnvironmentRecord environment = environments.find(open.environmentId()).orElse(null);
        if (environment == null || environment.state() != EnvironmentState.RUNNING) {
            throw new ConflictException(
                    "environment-state",
                    "Wrong environment state",
                    "Environment '" + open.environmentId() + "' is "
                            + (environment == null
                                    ? "gone"
                                    : environment.state().name())
                            + "; its terminal sessions can be attached only while it is RUNNING.",
                    Map.of(
                            "state",
                            environment == null ? "GONE" : environment.state().name()));
        }
        return open;
    }

    private static TerminalSession live(TerminalSession session) {
        if (session.state() == TerminalState.ENDED) {
            TerminalEnd end = session.endReason();
            String reason = end == null ? "unknown" : end.wire();
            throw new ConflictException(
                    "terminal-ended",
                    "Terminal session ended",
                    "Terminal session '" + session.id() + "' ended: " + reason
                            + (session.exitCode() == null ? "" : " (exit " + session.exitCode() + ")") + ".",
                    Map.of("endReason", reason));
        }
        if (session.state() == TerminalState.OPENING) {
            throw new ConflictException(
                    "terminal-opening",
                    "Terminal session not open",
                    "Terminal session '" + session.id() + "' is not open yet.");
        }
        return session;
    }

    private EnvironmentRecord environment(Caller caller, String environmentId) {
        if (!EnvironmentId.isWellFormed(environmentId)) {
            throw NotFoundException.environment(environmentId);
        }
        EnvironmentRecord environment = environments
                .find(EnvironmentId.of(environmentId))
                .filter(found -> caller.mayRead(found.owner()))
                .orElseThrow(() -> NotFoundException.environment(environmentId));
        if (!caller.mayChange(environment.owner())) {
            throw new AccessDeniedException("opening a terminal in another user's environment");
        }
        return environment;
    }

    private static boolean wellFormed(String sessionId) {
        try {
            return UUID.fromString(sessionId).toString().equals(sessionId);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static NotFoundException notFound(String sessionId) {
        return new NotFoundException("terminal", sessionId, "No terminal session '" + sessionId + "'.");
    }
}
