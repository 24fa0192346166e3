-- Up Migration
-- alur's PostgreSQL store, first schema. Every document is jsonb (server/store/postgres/jsonb.ts says how strings
-- PostgreSQL cannot hold are kept); beside it the columns lists filter and sort on. Text columns compare by code
-- point (COLLATE "C") so lists and cursors sort exactly as the file store does, whatever the database's locale.
-- Instants are ISO 8601 text in UTC, as the ports pass them.

CREATE TABLE alur_counters (
  name text COLLATE "C" PRIMARY KEY,
  value bigint NOT NULL
);
INSERT INTO alur_counters (name, value) VALUES ('versions.generation', 0);

CREATE TABLE cases (
  id text COLLATE "C" PRIMARY KEY,
  rev integer NOT NULL,
  workflow text COLLATE "C" NOT NULL,
  version integer NOT NULL,
  status text COLLATE "C" NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  -- Minus the priority, and the summary's nextDue ('~' when none: after every date): work lists sort by
  -- (urgency, due_key, created_at, id).
  urgency integer NOT NULL,
  due_key text COLLATE "C" NOT NULL,
  -- The earliest deadline still running (overdue at an instant: first_deadline < that instant).
  first_deadline text COLLATE "C",
  -- Of the open tasks: their steps, the roles of all of them, the roles of those nobody holds, who holds them.
  steps text[] COLLATE "C" NOT NULL,
  task_roles text[] COLLATE "C" NOT NULL,
  free_roles text[] COLLATE "C" NOT NULL,
  assignees text[] COLLATE "C" NOT NULL,
  search text[] COLLATE "C" NOT NULL,
  summary_v integer,
  summary jsonb NOT NULL,
  doc jsonb NOT NULL
);
CREATE INDEX cases_newest ON cases (created_at DESC, id DESC);
CREATE INDEX cases_service ON cases (workflow, version, status);
CREATE INDEX cases_open_urgent ON cases (urgency, due_key, created_at, id) WHERE status = 'open';
CREATE INDEX cases_deadline ON cases (first_deadline) WHERE first_deadline IS NOT NULL;
CREATE INDEX cases_free_roles ON cases USING gin (free_roles) WHERE status = 'open';
CREATE INDEX cases_assignees ON cases USING gin (assignees) WHERE status = 'open';
CREATE INDEX cases_task_roles ON cases USING gin (task_roles) WHERE status = 'open';
CREATE INDEX cases_steps ON cases USING gin (steps) WHERE status = 'open';
CREATE INDEX cases_search ON cases USING gin (search);
CREATE INDEX cases_summary_v ON cases (summary_v);

CREATE TABLE users (
  username text COLLATE "C" PRIMARY KEY,
  doc jsonb NOT NULL
);

CREATE TABLE sessions (
  id_hash text COLLATE "C" PRIMARY KEY,
  username text COLLATE "C" NOT NULL,
  kind text COLLATE "C" NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  last_seen text COLLATE "C" NOT NULL,
  expires_at text COLLATE "C" NOT NULL,
  revoked boolean NOT NULL,
  revoked_at text COLLATE "C",
  doc jsonb NOT NULL
);
CREATE INDEX sessions_user ON sessions (username);

CREATE TABLE workflow_versions (
  workflow text COLLATE "C" NOT NULL,
  version integer NOT NULL,
  hash text COLLATE "C" NOT NULL,
  active boolean NOT NULL,
  doc jsonb NOT NULL,
  PRIMARY KEY (workflow, version)
);
CREATE INDEX workflow_versions_hash ON workflow_versions (workflow, hash);

-- The audit chain: entries numbered from 1, each carrying the hash of the one before. The head row is locked by
-- every transaction that appends (at its commit), so entries are numbered and chained in commit order: one chain
-- however many servers write.
CREATE TABLE audit_head (
  id integer PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL,
  hash text COLLATE "C" NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, repeat('0', 64));
CREATE TABLE audit (
  seq bigint PRIMARY KEY,
  case_id text COLLATE "C",
  actor text COLLATE "C" NOT NULL,
  action text COLLATE "C" NOT NULL,
  entry jsonb NOT NULL
);
CREATE INDEX audit_case ON audit (case_id, seq) WHERE case_id IS NOT NULL;
CREATE INDEX audit_actor ON audit (actor, seq);
CREATE INDEX audit_action ON audit (action, seq);

CREATE TABLE kv (
  ns text COLLATE "C" NOT NULL,
  key text COLLATE "C" NOT NULL,
  expires_at text COLLATE "C",
  doc jsonb NOT NULL,
  PRIMARY KEY (ns, key)
);
CREATE INDEX kv_expiry ON kv (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE sequences (
  name text COLLATE "C" PRIMARY KEY,
  value bigint NOT NULL
);

CREATE TABLE blobs (
  id text COLLATE "C" PRIMARY KEY,
  size integer NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  data bytea NOT NULL
);

CREATE TABLE outbox (
  id text COLLATE "C" PRIMARY KEY,
  key text COLLATE "C",
  channel text COLLATE "C" NOT NULL,
  case_id text COLLATE "C",
  status text COLLATE "C" NOT NULL,
  due_at text COLLATE "C" NOT NULL,
  lease_until text COLLATE "C",
  created_at text COLLATE "C" NOT NULL,
  doc jsonb NOT NULL
);
CREATE INDEX outbox_due ON outbox (due_at, id) WHERE status = 'pending';
CREATE INDEX outbox_key ON outbox (key) WHERE key IS NOT NULL;
CREATE INDEX outbox_case ON outbox (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX outbox_status ON outbox (status, due_at, id);

CREATE TABLE inbox (
  id text COLLATE "C" PRIMARY KEY,
  username text COLLATE "C" NOT NULL,
  at text COLLATE "C" NOT NULL,
  read boolean NOT NULL,
  doc jsonb NOT NULL
);
CREATE INDEX inbox_user ON inbox (username, at DESC, id DESC);
CREATE INDEX inbox_unread ON inbox (username) WHERE NOT read;

CREATE TABLE records (
  kind text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  at text COLLATE "C" NOT NULL,
  workflow text COLLATE "C",
  case_id text COLLATE "C",
  doc jsonb NOT NULL,
  PRIMARY KEY (kind, id)
);
CREATE INDEX records_at ON records (kind, at, id);
CREATE INDEX records_case ON records (kind, case_id) WHERE case_id IS NOT NULL;

-- Down Migration
DROP TABLE records, inbox, outbox, blobs, sequences, kv, audit, audit_head, workflow_versions, sessions, users, cases, alur_counters;
