package ai.sahha.bridge.destinations;

import java.util.LinkedHashMap;

/** A JSON object under construction, in insertion order; optional fields are left out when null. */
public class Fields extends LinkedHashMap<String, Object> {

    public Fields with(String key, Object value) {
        put(key, value);
        return this;
    }

    public Fields withOptional(String key, Object value) {
        if (value != null) {
            put(key, value);
        }
        return this;
    }
}
