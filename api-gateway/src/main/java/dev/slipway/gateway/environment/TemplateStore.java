package dev.slipway.gateway.environment;

import java.util.List;
import java.util.Optional;

/**
 * The templates of the installation. Implementers owe: {@link #create} is atomic, so two gateways
 * creating the same name cannot both succeed.
 */
public interface TemplateStore {

    /** Records a new template; false, changing nothing, when the name is taken. */
    boolean create(StoredTemplate template);

    Optional<StoredTemplate> find(String name);

    /** Every template, by name. */
    List<StoredTemplate> list();

    /** Replaces an existing template; false when there is none of that name. */
    boolean replace(StoredTemplate template);

    /** False when there is no template of that name. */
    boolean delete(String name);
}
