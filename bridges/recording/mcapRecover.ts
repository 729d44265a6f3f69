/**
 * `spikeloop mcap recover`: rewrites an unfinished or damaged MCAP recording (the
 * `<file>.tmp-<pid>` a killed recording leaves, a cut copy) into a finished one. The input is
 * read with the validating reader (mcapReader.ts) in its most lenient mode — everything up to
 * where the file stops being readable, chunks that fail their checks dropped with a warning —
 * and every message kept is copied unchanged (same bytes, times, sequence numbers, channels,
 * schemas, header) into a new file with chunks, message indexes, a summary and CRCs, written
 * to a temporary name and renamed when complete. Metadata records (`spikeloop`, `rosbag2`, any
 * other) are copied too; a recording killed before it was completed has no `rosbag2` record, so
 * one is made for the recovered file (ROS distro from the `spikeloop` record).
 */
import { open, rename, unlink } from 'node:fs/promises';
import type { IWritable } from '@mcap/core';
import { McapWriter } from '@mcap/core';
import { openMcapRecording } from './mcapReader.js';
import type { PartialRecording } from './mcapReader.js';
import { McapWriteError } from './mcapWriter.js';
import { ROSBAG2_METADATA, rosbag2Metadata, SPIKELOOP_METADATA } from './recordingMetadata.js';

export interface RecoveredMcap {
  readonly input: string;
  readonly output: string;
  readonly messages: number;
  /** Complete chunks copied. */
  readonly chunks: number;
  /** What was missing from the input (null: it was a finished file). */
  readonly partial: PartialRecording | null;
  /** The warnings (dropped chunks, the unreadable end). */
  readonly warnings: readonly string[];
}

export interface RecoverMcapOptions {
  /** Each warning as it is found. */
  readonly onWarning?: (message: string) => void;
}

/** Reads `input` leniently and writes its complete messages to `output` as a finished MCAP file. */
export async function recoverMcap(input: string, output: string, opts: RecoverMcapOptions = {}): Promise<RecoveredMcap> {
  const warnings: string[] = [];
  const rec = await openMcapRecording(input, {
    partial: 'allow',
    damaged: 'skip',
    onWarning: (w) => {
      warnings.push(w);
      opts.onWarning?.(w);
    },
  });
  const temp = `${output}.tmp-${process.pid}`;
  let messages = 0;
  try {
    const handle = await open(temp, 'w', 0o644).catch((e: Error) => {
      throw new McapWriteError(output, `cannot open '${temp}' for writing (${e.message})`);
    });
    try {
      let position = 0n;
      const writable: IWritable = {
        position: () => position,
        write: async (buf: Uint8Array) => {
          let off = 0;
          while (off < buf.length) off += (await handle.write(buf, off, buf.length - off)).bytesWritten;
          position += BigInt(buf.length);
        },
      };
      const w = new McapWriter({ writable, useChunks: true, useMessageIndex: true, useStatistics: true, useSummaryOffsets: true, useChunkIndex: true, repeatSchemas: true, repeatChannels: true });
      await w.start({ profile: rec.profile, library: rec.library });
      const schemaIds = new Map<number, number>();
      for (const [id, s] of rec.schemas) schemaIds.set(id, await w.registerSchema({ name: s.name, encoding: s.encoding, data: s.data }));
      const channelIds = new Map<number, number>();
      for (const c of rec.channels) {
        channelIds.set(c.id, await w.registerChannel({ topic: c.topic, schemaId: c.schemaId === 0 ? 0 : schemaIds.get(c.schemaId)!, messageEncoding: c.messageEncoding, metadata: new Map(c.metadata) }));
      }
      for (const md of rec.metadata) await w.addMetadata({ name: md.name, metadata: new Map(md.metadata) });
      let start = 0n;
      let end = 0n;
      for await (const m of rec.rawMessages()) {
        await w.addMessage({ channelId: channelIds.get(m.channelId)!, sequence: m.sequence, logTime: m.logTime, publishTime: m.publishTime, data: m.data });
        if (messages === 0 || m.logTime < start) start = m.logTime;
        if (messages === 0 || m.logTime > end) end = m.logTime;
        messages++;
      }
      if (!rec.metadata.some((md) => md.name === ROSBAG2_METADATA)) {
        const own = rec.metadata.find((md) => md.name === SPIKELOOP_METADATA);
        const custom = new Map([...(own?.metadata ?? new Map<string, string>())].map(([k, v]) => [`${SPIKELOOP_METADATA}.${k}`, v]));
        const r = rosbag2Metadata({ file: output, messageCount: messages, startTime_ns: start, endTime_ns: end, rosDistro: own?.metadata.get('ros_distro') ?? '', customData: custom });
        await w.addMetadata({ name: r.name, metadata: new Map(r.metadata) });
      }
      await w.end();
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, output).catch((e: Error) => {
      throw new McapWriteError(output, `cannot move the recovered file to '${output}' (${e.message})`);
    });
  } catch (e) {
    await unlink(temp).catch(() => {});
    throw e instanceof McapWriteError ? e : new McapWriteError(output, `cannot write the recovered file '${output}' (${(e as Error).message})`);
  } finally {
    await rec.close();
  }
  return { input, output, messages, chunks: rec.chunkCount, partial: rec.partial, warnings };
}
