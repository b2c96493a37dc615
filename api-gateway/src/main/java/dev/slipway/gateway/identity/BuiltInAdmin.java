package dev.slipway.gateway.identity;

/** The user every installation has: whose token {@code SLIPWAY_ADMIN_TOKEN} is, and who cannot be deleted. */
final class BuiltInAdmin {

    static final String NAME = "admin";

    private BuiltInAdmin() {}
}
