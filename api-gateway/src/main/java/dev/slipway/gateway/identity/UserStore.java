package dev.slipway.gateway.identity;

import java.util.List;
import java.util.Optional;

/**
 * The users of the installation. Implementers owe: {@link #create} is atomic, so two gateways
 * creating the same name cannot both succeed; {@link #delete} removes the user and every one of
 * their tokens in one step, so no token of a deleted user authenticates another request.
 */
public interface UserStore {

    /** Records a new user; false, changing nothing, when the name is taken. */
    boolean create(User user);

    Optional<User> find(String name);

    /** Every user, by name. */
    List<User> list();

    /** Replaces a user's role, disabled flag, quotas and update time; false when there is no such user. */
    boolean update(User user);

    /** Removes the user and revokes all their tokens; false when there is no such user. */
    boolean delete(String name);

    /**
     * Marks the installation as bootstrapped: true only for the first caller ever, who then generates
     * the first admin token.
     */
    boolean claimBootstrap();
}
