/** Test helper: the private redis-server of bench/redisServer.ts, under the name the queue tests use. */
export { redisServerInstalled, PrivateRedis as TestRedis } from '../../bench/redisServer.js';
