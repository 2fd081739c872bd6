import type { Migration } from 'kysely';
import { initialMigration } from './0001-initial';
import { onvifDetailsMigration } from './0002-onvif-details';

/**
 * Every migration, in code: the API is bundled by webpack, so nothing is read from a folder at
 * run time. Names sort in the order they run; a new one is `NNNN-what-it-does`.
 */
export const CATALOG_MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial': initialMigration,
  '0002-onvif-details': onvifDetailsMigration,
};
