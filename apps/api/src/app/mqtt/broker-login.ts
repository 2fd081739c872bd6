/** Where and as whom to connect, with the password kept out of the URL. */
export interface BrokerLogin {
  /** The broker URL without user-info (what the MQTT client is given). */
  url: string;
  username: string | undefined;
  password: string | undefined;
  /** The URL as logs and /health show it: without user-info, the user name kept. */
  label: string;
}

/**
 * Takes the user name and password out of `mqtt_url` (percent-decoded); `mqtt_username` and
 * `mqtt_password`, when set, take their place. The URL is valid: the configuration checked it.
 */
export function brokerLogin(
  mqttUrl: string,
  username: string | null,
  password: string | null,
): BrokerLogin {
  const url = new URL(mqttUrl);
  const user = username ?? (url.username ? decodeURIComponent(url.username) : undefined);
  const secret = password ?? (url.password ? decodeURIComponent(url.password) : undefined);
  url.username = '';
  url.password = '';
  const plain = url.toString().replace(/\/$/, '');
  const label = user ? plain.replace('://', `://${encodeURIComponent(user)}:***@`) : plain;
  return { url: plain, username: user, password: secret, label };
}
