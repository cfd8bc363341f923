// The HTTP API server's public face.
export { startHttpServer, type HttpServer, type HttpServerOptions } from './http-server.js';
export { HttpError } from './http-error.js';
export { engineRunner, type Authenticate, type RequestRunner } from './request-runner.js';
