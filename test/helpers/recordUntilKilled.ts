/**
 * Test helper, run as a child process (`node --import tsx test/helpers/recordUntilKilled.ts <file.mcap> <mode>`):
 * records Twists on /cmd_vel (linear.x = k, stamped k × 20 ms of sim time), one sim second per
 * turn of the event loop, and prints `chunks N` each time a chunk reached the file.
 *  - mode 'kill': goes on (at most 2000 sim seconds) until the parent kills it;
 *  - mode 'throw': throws an uncaught exception after 3 chunks (the exit hook finalises the file).
 */
import { openMcapWriter } from '../../bridges/recording/mcapWriter.js';
import { MSG, zeroTwist } from '../../bridges/ros2/messages/index.js';

const [file, mode] = process.argv.slice(2);
const w = openMcapWriter(file!);
w.channel('/cmd_vel', MSG.Twist);
const t = zeroTwist();
let k = 0;
let reported = 0;
for (let second = 0; second < 2000; second++) {
  for (let i = 0; i < 50; i++, k++) {
    t.linear.x = k;
    w.write('/cmd_vel', BigInt(k) * 20_000_000n, t);
  }
  if (w.chunkCount !== reported) {
    reported = w.chunkCount;
    process.stdout.write(`chunks ${reported} messages ${k}\n`);
  }
  if (mode === 'throw' && reported >= 3) throw new Error('a node failed');
  await new Promise((r) => setTimeout(r, 5));
}
// Not killed: wait to be.
await new Promise((r) => setTimeout(r, 600_000));
