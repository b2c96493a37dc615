package dev.slipway.gateway.redis;

import dev.slipway.gateway.environment.StoredTemplate;
import dev.slipway.gateway.environment.TemplateStore;
import dev.slipway.model.RedisKeys;
import dev.slipway.redis.LuaScripts;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Templates as one JSON document each ({@code slipway:template:{name}}), indexed by {@code slipway:templates}. */
@Component
record RedisTemplateStore(StringRedisTemplate redis, JsonMapper json) implements TemplateStore {

    private static final Logger log = LoggerFactory.getLogger(RedisTemplateStore.class);

    private static final RedisScript<Long> CREATE = LuaScripts.load("redis/create-template.lua", Long.class);
    private static final RedisScript<Long> DELETE = LuaScripts.load("redis/delete-template.lua", Long.class);

    @Override
    public boolean create(StoredTemplate template) {
        String name = template.template().name();
        Long created = redis.execute(
                CREATE,
                List.of(RedisKeys.template(name), RedisKeys.TEMPLATES),
                name,
                json.writeValueAsString(template));
        return created != null && created == 1;
    }

    @Override
    public Optional<StoredTemplate> find(String name) {
        String document = redis.opsForValue().get(RedisKeys.template(name));
        return document == null ? Optional.empty() : decode(name, document);
    }

    @Override
    public List<StoredTemplate> list() {
        Set<String> names = redis.opsForZSet().range(RedisKeys.TEMPLATES, 0, -1);
        if (names == null || names.isEmpty()) {
            return List.of();
        }
        List<String> ordered = List.copyOf(names);
        List<@Nullable String> documents = redis.opsForValue()
                .multiGet(ordered.stream().map(RedisKeys::template).toList());
        if (documents == null) {
            return List.of();
        }
        List<StoredTemplate> templates = new java.util.ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            String document = documents.get(i);
            if (document != null) {
                decode(ordered.get(i), document).ifPresent(templates::add);
            }
        }
        return templates;
    }

    @Override
    public boolean replace(StoredTemplate template) {
        Boolean replaced = redis.opsForValue()
                .setIfPresent(RedisKeys.template(template.template().name()), json.writeValueAsString(template));
        return Boolean.TRUE.equals(replaced);
    }

    @Override
    public boolean delete(String name) {
        Long deleted = redis.execute(DELETE, List.of(RedisKeys.template(name), RedisKeys.TEMPLATES), name);
        return deleted != null && deleted == 1;
    }

    /** A document no longer readable (written by a newer gateway, or damaged) is left out with a warning. */
    private Optional<StoredTemplate> decode(String name, String document) {
        try {
            return Optional.of(json.readValue(document, StoredTemplate.class));
        } catch (JacksonException e) {
            log.warn("Template {} cannot be read ({}); it is left out", name, e.getOriginalMessage());
            return Optional.empty();
        }
    }
}
