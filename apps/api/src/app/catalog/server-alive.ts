/** Index keys of the server's sign of life (see CamerasService and `npm run reindex`). */

/** Unix ms of the server's last sign of life: where a crash left offline periods open. */
export const SERVER_ALIVE_KEY = 'server_alive_at';
/** "true" once the server stopped cleanly, "false" while it runs. */
export const SERVER_STOPPED_KEY = 'server_stopped';
