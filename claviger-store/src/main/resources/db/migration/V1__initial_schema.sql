-- Claviger store schema, shared by SQLite and PostgreSQL.
-- ${blob} is BYTEA on PostgreSQL and BLOB on SQLite (see JdbcStore); everything else is portable.
-- Instants are BIGINT microseconds since the epoch (PostgreSQL timestamp precision), so expiry
-- comparisons are plain integer comparisons on both databases.

CREATE TABLE resources (
    path        VARCHAR(1024) NOT NULL PRIMARY KEY,
    sealed      ${blob}       NOT NULL
);

CREATE TABLE policies (
    kind        VARCHAR(64)   NOT NULL,
    id          VARCHAR(256)  NOT NULL,
    body        TEXT          NOT NULL,
    PRIMARY KEY (kind, id)
);

CREATE TABLE reference_values (
    name        VARCHAR(256)  NOT NULL PRIMARY KEY,
    values_json TEXT          NOT NULL,
    provenance  VARCHAR(256)  NOT NULL,
    created_us  BIGINT        NOT NULL,
    expires_us  BIGINT
);

CREATE TABLE nonces (
    nonce       VARCHAR(512)  NOT NULL PRIMARY KEY,
    expires_us  BIGINT        NOT NULL,
    consumed    BOOLEAN       NOT NULL DEFAULT FALSE
);

CREATE INDEX nonces_expires ON nonces (expires_us);
