/**
 * The onvif client writes the user name into its XML and its Digest header as it is: characters
 * that would break either are refused rather than garbled there.
 */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
export const ONVIF_USERNAME = /^[^\u0000-\u001f\u007f<>&"']+$/;
/** It hashes the password as ASCII: other characters would be sent as something else. */
export const ONVIF_PASSWORD = /^[\x20-\x7e]*$/;

export const USERNAME_CHARACTERS = 'must not contain control characters, <, >, &, " or \'';
export const PASSWORD_CHARACTERS =
  'must be printable ASCII characters: the ONVIF client cannot send others correctly';
