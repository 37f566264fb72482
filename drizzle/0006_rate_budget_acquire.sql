-- One round trip for a shared rate budget's common case (lib/connections/db-rate-budget.ts): take a lease for a
-- request in flight (when the budget caps concurrency), then a token from the bucket. Each statement of a plpgsql
-- function sees a fresh snapshot, so the lease count taken under the advisory lock sees every committed lease.
-- Returns the lease (null when no cap) and 0, or the ms to wait for a token; wait_ms -1: every lease is out.
-- With p_rate null there is no bucket: a lease alone (cap 1 makes it a mutex that expires if its holder dies).
CREATE OR REPLACE FUNCTION ob_rate_take(p_key text, p_cap integer, p_lease_secs double precision, p_burst double precision, p_rate double precision)
RETURNS TABLE (lease_id bigint, wait_ms integer)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_lease bigint;
  v_tokens double precision;
BEGIN
  IF p_cap IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock(hashtext(p_key));
    DELETE FROM rate_leases WHERE rate_leases.key = p_key AND rate_leases.expires_at < now();
    IF (SELECT count(*) FROM rate_leases WHERE rate_leases.key = p_key) >= p_cap THEN
      RETURN QUERY SELECT NULL::bigint, -1;
      RETURN;
    END IF;
    INSERT INTO rate_leases (key, expires_at) VALUES (p_key, now() + make_interval(secs => p_lease_secs)) RETURNING rate_leases.id INTO v_lease;
  END IF;
  IF p_rate IS NULL THEN
    RETURN QUERY SELECT v_lease, 0;
    RETURN;
  END IF;
  INSERT INTO rate_buckets AS b (key, tokens, updated_at) VALUES (p_key, p_burst - 1, clock_timestamp())
  ON CONFLICT (key) DO UPDATE
    SET tokens = least(p_burst, b.tokens + extract(epoch from (clock_timestamp() - b.updated_at)) * p_rate) - 1, updated_at = clock_timestamp()
    WHERE least(p_burst, b.tokens + extract(epoch from (clock_timestamp() - b.updated_at)) * p_rate) >= 1
  RETURNING b.tokens INTO v_tokens;
  IF FOUND THEN
    RETURN QUERY SELECT v_lease, 0;
    RETURN;
  END IF;
  SELECT least(p_burst, b.tokens + extract(epoch from (clock_timestamp() - b.updated_at)) * p_rate) INTO v_tokens FROM rate_buckets b WHERE b.key = p_key;
  RETURN QUERY SELECT v_lease, greatest(5, ceil((1 - coalesce(v_tokens, 0)) / p_rate * 1000))::integer;
END
$$;
