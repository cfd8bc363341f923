// The PostgreSQL wire protocol server's public face.
export { PgWireServer, type PgWireServerOptions } from './server.js';
export type { AuthenticationExchange, AuthenticationMethod } from './authentication.js';
export { DEFAULT_DATABASE, DEFAULT_USER } from './startup.js';
