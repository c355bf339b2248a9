-- Security (same script for H2 and PostgreSQL).

-- Keys a deployment generates for itself on its first start and every replica then shares: the key of the person
-- tags in logs, dead letters and admin answers (HMAC-SHA256 of the externalId, so that an email-shaped id cannot be
-- recovered with a dictionary). Set BRIDGE_LOG_KEY to choose it instead.
CREATE TABLE bridge_key (
    name       VARCHAR(64)  PRIMARY KEY,
    secret     VARCHAR(200) NOT NULL,
    created_at BIGINT       NOT NULL
);

-- The vendor's own error code of a failed delivery (Iterable's code, Klaviyo's errors[].code, ...), beside its status.
ALTER TABLE delivery ADD COLUMN last_error_code VARCHAR(100);

-- A receipt is kept from the later of its webhook's arrival and the record's own time, for the dedupe window: a
-- replay then either finds its receipt or is older than bridge.webhook.max-record-age, also for a future-dated record.
ALTER TABLE webhook_receipt RENAME COLUMN received_at TO kept_from;
