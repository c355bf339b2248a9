-- The retention of delivered_attribute deletes its oldest rows a batch at a time, found by this index (a DELETE
-- by its three-column key IN a subquery ran that subquery once per row on H2: minutes per batch).
CREATE INDEX delivered_attribute_updated_at ON delivered_attribute (updated_at);
