-- The catalog's User entities (from portal.entity.changes) with their spec.profile.email: a token's preferred_username
-- names user:default/<username>; without such a User, the one whose email is the token's email is the caller
-- (design.md "Identity and permissions"). Written with the memberships, in the same transaction.
CREATE TABLE users (
    user_ref text PRIMARY KEY,
    email    text                      -- null when the User has no spec.profile.email
);

CREATE INDEX users_email_idx ON users (lower(email));
