-- Finding a caller's User entity by the token's email (design.md "Identity and permissions": the fallback when no
-- User is named after the token's preferred_username), case-insensitively. Ownership.usersWithEmail reads it.
CREATE INDEX entity_user_email ON entity (lower(body->'spec'->'profile'->>'email')) WHERE kind = 'user';
