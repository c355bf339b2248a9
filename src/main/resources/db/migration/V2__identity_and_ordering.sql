-- Identity mapping and per-destination ordering. Same script for H2 (PostgreSQL mode) and PostgreSQL.

-- Sahha externalId to the email address / phone number that Iterable, Klaviyo (and others, if so set) key people by.
CREATE TABLE identity_map (
    external_id VARCHAR(255) PRIMARY KEY,
    email       VARCHAR(320),
    phone       VARCHAR(32),
    updated_at  BIGINT       NOT NULL
);

-- The newest attribute value each destination has accepted, per person and attribute (an archetype name and
-- periodicity, a score type, a biomarker type): an older record must not overwrite it, and "change-only"
-- destinations compare against it. Records are ordered by (ordering_primary, ordering_secondary), e.g. an
-- archetype's createdAtUtc, a score's scoreDateTime then createdAtUtc. The value is kept as a hash.
CREATE TABLE delivered_attribute (
    destination        VARCHAR(32)  NOT NULL,
    external_id        VARCHAR(255) NOT NULL,
    attribute          VARCHAR(255) NOT NULL,
    ordering_primary   BIGINT       NOT NULL,
    ordering_secondary BIGINT       NOT NULL,
    value_hash         VARCHAR(64)  NOT NULL,
    updated_at         BIGINT       NOT NULL,
    PRIMARY KEY (destination, external_id, attribute)
);
