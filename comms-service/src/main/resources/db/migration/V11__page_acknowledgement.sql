-- Acknowledgement by link, hardened (issue 10, part 2). A page's notification body keeps its acknowledge link with
-- '<redacted>' in place of the token, so no read API shows a working link; the token waits in ack_token only while
-- the delivery may still be sent (the sender puts it back into what it sends) and is cleared once it ends.
ALTER TABLE notification
    ADD COLUMN ack_token     text,
    -- status CANCELLED: a page whose escalation was acknowledged (or whose incident resolved) before it went out
    ADD COLUMN cancelled_at  timestamptz,
    ADD COLUMN cancel_reason text;

-- Bodies written before: the token moves out of the body (kept only where the delivery is still pending).
UPDATE notification
SET ack_token = CASE WHEN status = 'PENDING'
                     THEN substring(body ->> 'text' from '/ack\?token=([A-Za-z0-9_-]+)') END,
    body      = jsonb_set(body, '{text}',
                          to_jsonb(regexp_replace(body ->> 'text', '(/ack\?token=)[A-Za-z0-9_-]+', '\1<redacted>', 'g')))
WHERE kind IN ('page', 'escalation')
  AND body ->> 'text' ~ '/ack\?token=[A-Za-z0-9_-]+';
