// The errors fastify and Node answer before any route runs, in the API's one problem shape
// with a request id (interfaces.md "Operations"): a URL whose percent-encoding is broken
// (fastify's router), and a request that is not valid HTTP at all — a malformed header, a
// header section too large, a client too slow (Node's parser, through `clientError`).
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger, FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { fail } from './problem.js';

/** fastify's `frameworkErrors`: FST_ERR_BAD_URL and its kin, answered by the API's rules. */
export function frameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  reply.header('x-request-id', request.id);
  if (error.code === 'FST_ERR_BAD_URL') {
    const message =
      'the URL is not valid percent-encoding (each % must be followed by two hex digits of ' +
      'UTF-8); a grant id goes URL-encoded in a path (/grants/RUN%2F573%2F2022)';
    return fail(reply, 400, 'INVALID_INPUT', message, 'url');
  }
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return fail(reply, 414, 'INVALID_INPUT', 'a part of the URL is too long', 'url');
  }
  return fail(reply, 400, 'BAD_REQUEST', 'the request could not be routed', 'url');
}

interface ClientProblem {
  status: number;
  code: string;
  message: string;
}

function clientProblemOf(error: NodeJS.ErrnoException): ClientProblem {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return { status: 408, code: 'REQUEST_TIMEOUT', message: 'the request took too long to arrive' };
  if (error.code === 'HPE_HEADER_OVERFLOW')
    return { status: 431, code: 'HEADERS_TOO_LARGE', message: 'the request headers are too large' };
  const message = 'the request is not valid HTTP (a malformed request line or header)';
  return { status: 400, code: 'BAD_REQUEST', message };
}

/**
 * fastify's `clientErrorHandler` (bound to the instance): no request object exists yet, so
 * the answer is written on the socket, as Node would, but as a problem with its own id.
 */
export function clientError(
  this: { log: FastifyBaseLogger },
  error: NodeJS.ErrnoException,
  socket: Socket,
) {
  // A connection reset or closed by the client: there is no one to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const requestId = randomUUID();
  const { status, code, message } = clientProblemOf(error);
  this.log.warn({ requestId, status, cause: error.code ?? error.message }, 'client error');
  if (socket.writable) {
    const body = JSON.stringify({ error: { code, message, path: '', requestId } });
    socket.write(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `x-request-id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
