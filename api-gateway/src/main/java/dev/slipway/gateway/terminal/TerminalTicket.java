package dev.slipway.gateway.terminal;

import dev.slipway.gateway.identity.Role;
import dev.slipway.model.EnvironmentId;

/**
 * What a ticket lets its holder do, as stored under the SHA-256 of its secret: attach to one
 * session, of one environment, as one user (with the role they had, for the audit), typing or watching.
 */
public record TerminalTicket(String sessionId, EnvironmentId environmentId, String user, Role role, AttachMode mode) {}
