-- Whether a portal-admin registered the location. Locations anyone else registers may emit only the kinds
-- portal.catalog.rules.allow names (Backstage's catalog.rules): by default not Group or User, whose memberships and
-- parents decide who owns what, so a file cannot make its author a member of a team it then owns entities of.
ALTER TABLE locations ADD COLUMN registered_by_admin boolean NOT NULL DEFAULT false;
