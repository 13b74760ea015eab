-- Console sessions in PostgreSQL, shared by every console on this database and kept across restarts:
-- Spring Session JDBC's PostgreSQL schema (org/springframework/session/jdbc/schema-postgresql.sql of
-- spring-session-jdbc 4.0), created here rather than by spring.session.jdbc.initialize-schema.
CREATE TABLE SPRING_SESSION (
	PRIMARY_ID CHAR(36) NOT NULL,
	SESSION_ID CHAR(36) NOT NULL,
	CREATION_TIME BIGINT NOT NULL,
	LAST_ACCESS_TIME BIGINT NOT NULL,
	MAX_INACTIVE_INTERVAL INT NOT NULL,
	EXPIRY_TIME BIGINT NOT NULL,
	PRINCIPAL_NAME VARCHAR(100),
	CONSTRAINT SPRING_SESSION_PK PRIMARY KEY (PRIMARY_ID)
);

CREATE UNIQUE INDEX SPRING_SESSION_IX1 ON SPRING_SESSION (SESSION_ID);
CREATE INDEX SPRING_SESSION_IX2 ON SPRING_SESSION (EXPIRY_TIME);
CREATE INDEX SPRING_SESSION_IX3 ON SPRING_SESSION (PRINCIPAL_NAME);

CREATE TABLE SPRING_SESSION_ATTRIBUTES (
	SESSION_PRIMARY_ID CHAR(36) NOT NULL,
	ATTRIBUTE_NAME VARCHAR(200) NOT NULL,
	ATTRIBUTE_BYTES BYTEA NOT NULL,
	CONSTRAINT SPRING_SESSION_ATTRIBUTES_PK PRIMARY KEY (SESSION_PRIMARY_ID, ATTRIBUTE_NAME),
	CONSTRAINT SPRING_SESSION_ATTRIBUTES_FK FOREIGN KEY (SESSION_PRIMARY_ID) REFERENCES SPRING_SESSION(PRIMARY_ID) ON DELETE CASCADE
);

-- Sessions Mailward ended on purpose (signed out from another session, the account changed), kept until
-- the session could not have lasted longer anyway: a browser that comes back with such a session's cookie
-- is told why it must sign in again. Only a digest of the session id is kept, never the id itself.
CREATE TABLE account_session_end (
	session_digest VARCHAR(64) PRIMARY KEY,
	reason VARCHAR(20) NOT NULL,
	ended_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX account_session_end_ended_at ON account_session_end (ended_at);
