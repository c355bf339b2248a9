-- the webhook's span (W3C traceparent) when tracing is on and sampled it; null otherwise
ALTER TABLE journal_event ADD COLUMN trace_parent VARCHAR(55);
